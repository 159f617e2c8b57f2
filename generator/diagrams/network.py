"""Entity network diagrams: a deterministic layout drawn as one standalone SVG document.

Without a focus the layout is force-directed (Fruchterman-Reingold from a spiral start, a
fixed number of iterations, grid-limited repulsion); with a focus it is radial around it.
Either way a final pass pushes node boxes apart until no two labels overlap, and each edge
label goes to the first free spot along its edge.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

from generator.diagrams.svg import (
    TEXT_DARK,
    fmt,
    get_kind_name,
    get_kind_order,
    get_swatch,
    get_text_width,
    one_line,
    open_link,
    render_document,
    text_element,
    title_element,
    truncate,
)

log = logging.getLogger(__name__)

Point = tuple[float, float]

NODE_FONT = 12.0
FOCUS_FONT = 14.0
NODE_HEIGHT = 24.0
FOCUS_HEIGHT = 32.0
NODE_PAD = 9.0
NODE_MAX_TEXT = 180.0
EDGE_FONT = 11.0
EDGE_LABEL_HEIGHT = 16.0
EDGE_MAX_TEXT = 150.0
EDGE_COLOUR = "#666666"
GAP = 10.0
CROWDING = 0.5
LABEL_CHARGE = 0.4
SPRING = 0.4
MARGIN = 16.0
LEGEND_HEIGHT = 34.0
ARROW_LENGTH = 9.0
ARROW_HALF_WIDTH = 4.5


@dataclass(frozen=True)
class Node:
    """An entity drawn as a labelled, linked box."""

    id: str
    label: str
    kind: str
    href: str


@dataclass(frozen=True)
class Edge:
    """A directed relation between two nodes, drawn as a labelled arrow."""

    source: str
    target: str
    label: str


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle given by its centre and its size."""

    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        """Return the smallest x."""
        return self.x - self.width / 2

    @property
    def top(self) -> float:
        """Return the smallest y."""
        return self.y - self.height / 2

    def contains(self, point: Point) -> bool:
        """Tell whether a point lies inside the box or on its border."""
        return (
            abs(point[0] - self.x) <= self.width / 2 and abs(point[1] - self.y) <= self.height / 2
        )

    def overlap(self, other: Box) -> float:
        """Return the area the two boxes share (0 when they only touch)."""
        dx = (self.width + other.width) / 2 - abs(self.x - other.x)
        dy = (self.height + other.height) / 2 - abs(self.y - other.y)
        return dx * dy if dx > 0 and dy > 0 else 0.0

    def moved(self, dx: float, dy: float) -> Box:
        """Return the same box translated by (dx, dy)."""
        return Box(self.x + dx, self.y + dy, self.width, self.height)


@dataclass(frozen=True)
class NodeLayout:
    """Where one node goes, and the (possibly truncated) text drawn in it."""

    node: Node
    box: Box
    text: str
    focus: bool


@dataclass(frozen=True)
class EdgeLayout:
    """One drawn edge: merged label, quadratic curve between box borders, label box."""

    source: str
    target: str
    label: str
    text: str
    start: Point
    control: Point
    end: Point
    label_box: Box
    both_ways: bool


@dataclass(frozen=True)
class NetworkLayout:
    """A complete network layout in SVG user units, ready to draw."""

    width: float
    height: float
    nodes: tuple[NodeLayout, ...]
    edges: tuple[EdgeLayout, ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class _Link:
    """Edges merged per ordered pair; `bend` curves it away from an opposite link."""

    source: str
    target: str
    label: str
    both_ways: bool
    bend: float


def render_network(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    *,
    title: str,
    description: str,
    focus: str | None = None,
) -> str:
    """Render an entity network as a standalone SVG document string."""
    layout = layout_network(nodes, edges, focus=focus)
    body = [
        *_draw_legend(layout.kinds),
        *_draw_edges(layout.edges),
        *_draw_edge_labels(layout.edges),
        *_draw_nodes(layout.nodes),
    ]
    if not layout.nodes:
        body.append(text_element(MARGIN, LEGEND_HEIGHT, "No entities to show.", fill=TEXT_DARK))
    return render_document(
        body,
        width=layout.width,
        height=layout.height,
        title=title,
        description=description,
        kind="network",
    )


def layout_network(
    nodes: Sequence[Node], edges: Sequence[Edge], *, focus: str | None = None
) -> NetworkLayout:
    """Place nodes and edges; pure and deterministic whatever the input order."""
    ordered = _sort_nodes(nodes, focus)
    links = _merge_edges(edges, {node.id for node in ordered})
    texts = {node.id: _get_node_text(node, node.id == focus) for node in ordered}
    sizes = {node.id: _get_node_size(texts[node.id], node.id == focus) for node in ordered}
    edge_texts = [truncate(link.label, EDGE_MAX_TEXT, EDGE_FONT) for link in links]
    if focus is None:
        centres, anchors = _place_by_force(ordered, links, sizes)
    else:
        centres = _place_radially(ordered, links, sizes, focus)
        anchors = _get_chord_anchors(links, centres, focus)
    plates = [
        Box(*anchor, get_text_width(text, EDGE_FONT) + 8, EDGE_LABEL_HEIGHT) if text else None
        for anchor, text in zip(anchors, edge_texts, strict=True)
    ]
    # Edge labels are boxes like nodes, so one separation pass keeps every label clear.
    separated = iter(
        _separate_boxes(
            [Box(*centres[n.id], *sizes[n.id]) for n in ordered]
            + [plate for plate in plates if plate]
        )
    )
    boxes = {node.id: next(separated) for node in ordered}
    node_layouts = [NodeLayout(n, boxes[n.id], texts[n.id], n.id == focus) for n in ordered]
    edge_layouts = [
        _route_edge(link, text, boxes, next(separated) if plate else None)
        for link, text, plate in zip(links, edge_texts, plates, strict=True)
    ]
    kinds = tuple(sorted({node.kind for node in ordered}, key=get_kind_order))
    return _fit_to_page(node_layouts, edge_layouts, kinds)


def _sort_nodes(nodes: Sequence[Node], focus: str | None) -> list[Node]:
    """Return the nodes sorted by id; raise ValueError on a duplicate id or unknown focus."""
    ordered = sorted(nodes, key=lambda node: node.id)
    for before, after in itertools.pairwise(ordered):
        if before.id == after.id:
            raise ValueError(f"duplicate node id {after.id!r} in network diagram")
    if focus is not None and focus not in {node.id for node in ordered}:
        raise ValueError(f"focus {focus!r} is not one of the network's nodes")
    return ordered


def _merge_edges(edges: Sequence[Edge], ids: set[str]) -> list[_Link]:
    """Merge the edges of each pair into one link whose label lists every relation."""
    labels: dict[tuple[str, str], set[str]] = {}
    for edge in edges:
        for end in (edge.source, edge.target):
            if end not in ids:
                raise ValueError(f"edge {edge.source!r} -> {edge.target!r}: no node {end!r}")
        if edge.source == edge.target:
            log.debug("skipping self-loop on %r", edge.source)
            continue
        labels.setdefault((edge.source, edge.target), set()).add(one_line(edge.label))
    links = []
    for (source, target), forward in sorted(labels.items()):
        backward = labels.get((target, source))
        text = "; ".join(sorted(filter(None, forward), key=lambda s: (s.casefold(), s)))
        if backward == forward:
            if source < target:
                links.append(_Link(source, target, text, True, 0.0))
        else:
            links.append(_Link(source, target, text, False, 0.0 if backward is None else 1.0))
    return links


def _get_node_text(node: Node, focus: bool) -> str:
    """Return the label as drawn: one line, cut with an ellipsis when too long."""
    size = FOCUS_FONT if focus else NODE_FONT
    return truncate(node.label, NODE_MAX_TEXT, size, bold=focus) or node.id[:20] or "?"


def _get_node_size(text: str, focus: bool) -> tuple[float, float]:
    """Return the width and height of the box around a node's text."""
    size = FOCUS_FONT if focus else NODE_FONT
    width = get_text_width(text, size, bold=focus) + 2 * NODE_PAD
    return max(width, 36.0), FOCUS_HEIGHT if focus else NODE_HEIGHT


def _get_spacing(sizes: dict[str, tuple[float, float]]) -> float:
    """Return the ideal edge length: room for a node box and an edge label."""
    if not sizes:
        return 100.0
    mean_width = sum(width for width, _ in sizes.values()) / len(sizes)
    return 0.5 * mean_width + 90.0


def _place_by_force(
    nodes: list[Node], links: list[_Link], sizes: dict[str, tuple[float, float]]
) -> tuple[dict[str, Point], list[Point]]:
    """Run a fixed number of Fruchterman-Reingold steps; return node and edge-label centres."""
    spacing = _get_spacing(sizes)
    springs = _get_springs(nodes, links, spacing)
    xs, ys = _spiral_start(len(nodes), springs, spacing)
    for number, link in enumerate(links):
        # Each link has a particle of its own where its label goes, starting between its ends.
        a, b = springs[2 * number][0], springs[2 * number + 1][1]
        nx, ny = _get_bend((xs[a], ys[a]), (xs[b], ys[b]), link.bend)
        xs.append((xs[a] + xs[b]) / 2 + nx)
        ys.append((ys[a] + ys[b]) / 2 + ny)
    charges = [1.0] * len(nodes) + [LABEL_CHARGE] * len(links)
    steps = _count_iterations(len(xs))
    for step in range(steps):
        heat = spacing * (1.5 * (1 - step / steps) + 0.02)
        dx, dy = _repulse(xs, ys, charges, spacing)
        _attract(dx, dy, xs, ys, springs)
        for i in range(len(xs)):
            # Gravity keeps separate components together in one picture.
            fx, fy = dx[i] - 0.04 * xs[i], dy[i] - 0.04 * ys[i]
            length = math.hypot(fx, fy)
            if length > 0:
                xs[i] += fx / length * min(length, heat)
                ys[i] += fy / length * min(length, heat)
    # Labels are wide and short, so a wide picture wastes less room.
    points = [(x * 1.25, y * 0.8) for x, y in zip(xs, ys, strict=True)]
    return {node.id: points[i] for i, node in enumerate(nodes)}, points[len(nodes) :]


def _get_springs(
    nodes: list[Node], links: list[_Link], spacing: float
) -> list[tuple[int, int, float]]:
    """Return two half-length springs per link, from its source and to its target particle."""
    index = {node.id: i for i, node in enumerate(nodes)}
    springs = []
    for number, link in enumerate(links):
        middle = len(nodes) + number
        springs.append((index[link.source], middle, spacing * SPRING))
        springs.append((middle, index[link.target], spacing * SPRING))
    return springs


def _count_iterations(count: int) -> int:
    """Return how many force steps to run: many for small graphs, fewer for large ones."""
    return max(30, min(250, 12_000 // max(count, 1)))


def _spiral_start(
    count: int, springs: list[tuple[int, int, float]], spacing: float
) -> tuple[list[float], list[float]]:
    """Place nodes on a sunflower spiral in breadth-first order, so neighbours start close."""
    neighbours: list[set[int]] = [set() for _ in range(count)]
    for number in range(0, len(springs), 2):
        a, b = springs[number][0], springs[number + 1][1]
        neighbours[a].add(b)
        neighbours[b].add(a)
    order: list[int] = []
    seen: set[int] = set()
    roots = sorted(range(count), key=lambda i: (-len(neighbours[i]), i))
    for root in roots:
        queue = [root] if root not in seen else []
        seen.update(queue)
        while queue:
            current = queue.pop(0)
            order.append(current)
            fresh = [n for n in sorted(neighbours[current]) if n not in seen]
            seen.update(fresh)
            queue.extend(fresh)
    xs, ys = [0.0] * count, [0.0] * count
    golden = math.pi * (3 - math.sqrt(5))
    for rank, i in enumerate(order):
        radius = 0.6 * spacing * math.sqrt(rank + 0.5)
        xs[i], ys[i] = radius * math.cos(rank * golden), radius * math.sin(rank * golden)
    return xs, ys


def _repulse(
    xs: list[float], ys: list[float], charges: list[float], spacing: float
) -> tuple[list[float], list[float]]:
    """Return the repulsive displacement of every particle from those in the next cells."""
    cell = 2 * spacing
    grid: dict[tuple[int, int], list[int]] = {}
    for i in range(len(xs)):
        grid.setdefault((math.floor(xs[i] / cell), math.floor(ys[i] / cell)), []).append(i)
    dx, dy = [0.0] * len(xs), [0.0] * len(xs)
    square = spacing * spacing
    for (cx, cy), members in sorted(grid.items()):
        near = [j for ox, oy in _NEIGHBOUR_CELLS for j in grid.get((cx + ox, cy + oy), ())]
        for position, i in enumerate(members):
            for j in members[position + 1 :] + near:
                ex, ey = xs[i] - xs[j], ys[i] - ys[j]
                distance2 = ex * ex + ey * ey
                if distance2 < 1e-6:
                    # Coincident nodes: split them along a direction fixed by their indices.
                    ex, ey, distance2 = math.cos(i + j), math.sin(i + j), 1.0
                force = square * charges[i] * charges[j] / distance2
                dx[i] += ex * force
                dy[i] += ey * force
                dx[j] -= ex * force
                dy[j] -= ey * force
    return dx, dy


# Half of the eight neighbouring cells, so that each pair of cells is visited once.
_NEIGHBOUR_CELLS = ((1, -1), (1, 0), (1, 1), (0, 1))


def _attract(
    dx: list[float],
    dy: list[float],
    xs: list[float],
    ys: list[float],
    springs: list[tuple[int, int, float]],
) -> None:
    """Add the pull of every spring (distance squared over its length) to the displacements."""
    for a, b, length in springs:
        ex, ey = xs[a] - xs[b], ys[a] - ys[b]
        force = math.hypot(ex, ey) / length
        dx[a] -= ex * force
        dy[a] -= ey * force
        dx[b] += ex * force
        dy[b] += ey * force


def _place_radially(
    nodes: list[Node], links: list[_Link], sizes: dict[str, tuple[float, float]], focus: str
) -> dict[str, Point]:
    """Put the focus in the centre and the others on rings by their distance to it."""
    rings = _group_by_distance(nodes, links, focus)
    centres: dict[str, Point] = {focus: (0.0, 0.0)}
    radius = 0.0
    for ring in rings:
        widest = max(sizes[node.id][0] for node in ring)
        stagger = len(ring) > 10
        # Enough radius that neighbours on the ring are one box height apart at the sides.
        needed = len(ring) * (NODE_HEIGHT + GAP) / (2 * math.pi) / (2 if stagger else 1)
        radius = max(radius + 0.6 * widest + 60, needed, 150.0)
        for rank, node in enumerate(ring):
            angle = -math.pi / 2 + 2 * math.pi * rank / len(ring)
            scale = radius + (NODE_HEIGHT + 2 * GAP if stagger and rank % 2 else 0.0)
            centres[node.id] = (1.8 * scale * math.cos(angle), scale * math.sin(angle))
        radius += NODE_HEIGHT + 2 * GAP if stagger else 0.0
    return centres


def _group_by_distance(nodes: list[Node], links: list[_Link], focus: str) -> list[list[Node]]:
    """Return the non-focus nodes in rings by hop count; unreachable ones form the last ring."""
    neighbours: dict[str, set[str]] = {node.id: set() for node in nodes}
    for link in links:
        neighbours[link.source].add(link.target)
        neighbours[link.target].add(link.source)
    distance = {focus: 0}
    frontier = [focus]
    while frontier:
        fresh = sorted({n for f in frontier for n in neighbours[f] if n not in distance})
        for node_id in fresh:
            distance[node_id] = distance[frontier[0]] + 1
        frontier = fresh
    last = max(distance.values()) + 1
    rings: dict[int, list[Node]] = {}
    for node in nodes:
        if node.id != focus:
            rings.setdefault(distance.get(node.id, last), []).append(node)
    key = _ring_order
    return [sorted(rings[hops], key=key) for hops in sorted(rings)]


def _ring_order(node: Node) -> tuple[tuple[int, str], str, str]:
    """Sort key around a ring: kinds together, then by label, then by id."""
    return get_kind_order(node.kind), node.label.casefold(), node.id


def _separate_boxes(boxes: list[Box]) -> list[Box]:
    """Push boxes apart until no two overlap (with a gap), spreading the layout if needed."""
    xs, ys = [box.x for box in boxes], [box.y for box in boxes]
    ws, hs = [box.width + GAP for box in boxes], [box.height + GAP for box in boxes]
    _spread(xs, ys, _get_crowding(xs, ys, ws, hs))
    for _ in range(200):
        if any(not _push_apart(xs, ys, ws, hs) for _ in range(20)):
            break
        # Pushing did not settle: spread everything out and try again.
        _spread(xs, ys, 1.15)
    return [Box(xs[i], ys[i], box.width, box.height) for i, box in enumerate(boxes)]


def _get_crowding(xs: list[float], ys: list[float], ws: list[float], hs: list[float]) -> float:
    """Return how much to spread a layout so no region is too crowded to untangle quickly."""
    if len(xs) < 2:
        return 1.0
    cell = 3 * sum(ws) / len(ws)
    covered: dict[tuple[int, int], float] = {}
    for x, y, w, h in zip(xs, ys, ws, hs, strict=True):
        key = (math.floor(x / cell), math.floor(y / cell))
        covered[key] = covered.get(key, 0.0) + w * h
    return max(1.0, math.sqrt(max(covered.values()) / (cell * cell) / CROWDING))


def _spread(xs: list[float], ys: list[float], factor: float) -> None:
    """Scale every position away from the origin by a factor."""
    xs[:] = [x * factor for x in xs]
    ys[:] = [y * factor for y in ys]


def _push_apart(xs: list[float], ys: list[float], ws: list[float], hs: list[float]) -> bool:
    """Push every overlapping pair apart once; tell whether anything moved."""
    # Cells as large as the largest box: overlapping boxes are in the same or next cells.
    cell_w, cell_h = max(ws), max(hs)
    grid: dict[tuple[int, int], list[int]] = {}
    for i in range(len(xs)):
        grid.setdefault((math.floor(xs[i] / cell_w), math.floor(ys[i] / cell_h)), []).append(i)
    moved = False
    for (cx, cy), members in sorted(grid.items()):
        near = [j for ox, oy in _NEIGHBOUR_CELLS for j in grid.get((cx + ox, cy + oy), ())]
        for position, i in enumerate(members):
            for j in members[position + 1 :] + near:
                moved = _push_pair(xs, ys, ws, hs, i, j) or moved
    return moved


def _push_pair(
    xs: list[float], ys: list[float], ws: list[float], hs: list[float], i: int, j: int
) -> bool:
    """Push two boxes apart along the axis that needs the shorter move; tell if they overlapped."""
    ox = (ws[i] + ws[j]) / 2 - abs(xs[i] - xs[j])
    oy = (hs[i] + hs[j]) / 2 - abs(ys[i] - ys[j])
    if ox <= 0 or oy <= 0:
        return False
    # Boxes are wide: moving sideways is only worth it when clearly shorter.
    if ox < oy * 2.5:
        sign = 1.0 if (xs[i], i) > (xs[j], j) else -1.0
        xs[i] += sign * (ox / 2 + 2.0)
        xs[j] -= sign * (ox / 2 + 2.0)
    else:
        sign = 1.0 if (ys[i], i) > (ys[j], j) else -1.0
        ys[i] += sign * (oy / 2 + 2.0)
        ys[j] -= sign * (oy / 2 + 2.0)
    return True


def _get_chord_anchors(
    links: list[_Link], centres: dict[str, Point], focus: str | None
) -> list[Point]:
    """Return where each edge label starts out: on its edge, a little off it when bent."""
    anchors = []
    for link in links:
        (x0, y0), (x2, y2) = centres[link.source], centres[link.target]
        # Around a focus there is more room away from the centre.
        t = 0.62 if link.source == focus else 0.38 if link.target == focus else 0.5
        nx, ny = _get_bend((x0, y0), (x2, y2), link.bend)
        anchors.append((x0 + (x2 - x0) * t + nx, y0 + (y2 - y0) * t + ny))
    return anchors


def _get_bend(p0: Point, p2: Point, bend: float) -> Point:
    """Return the sideways offset of a link's middle: left of its direction when bent."""
    length = math.hypot(p2[0] - p0[0], p2[1] - p0[1]) or 1.0
    offset = bend * min(EDGE_LABEL_HEIGHT * 1.5, 0.25 * length)
    return (p2[1] - p0[1]) / length * offset, (p0[0] - p2[0]) / length * offset


def _route_edge(link: _Link, text: str, boxes: dict[str, Box], plate: Box | None) -> EdgeLayout:
    """Return a link as a curve through its label, clipped to the borders of its boxes."""
    source, target = boxes[link.source], boxes[link.target]
    p0, p2 = (source.x, source.y), (target.x, target.y)
    mid = ((p0[0] + p2[0]) / 2, (p0[1] + p2[1]) / 2)
    if plate is None:
        nx, ny = _get_bend(p0, p2, link.bend)
        plate = Box(mid[0] + nx, mid[1] + ny, 0.0, 0.0)
    # A quadratic curve passes through its label centre at t = 0.5 with this control point.
    curve = (p0, (2 * plate.x - mid[0], 2 * plate.y - mid[1]), p2)
    t0 = _find_exit(curve, source, 0.0, 0.5)
    t1 = _find_exit(curve, target, 1.0, 0.5)
    start, control, end = _bezier(curve, t0), _blossom(curve, t0, t1), _bezier(curve, t1)
    return EdgeLayout(
        link.source, link.target, link.label, text, start, control, end, plate, link.both_ways
    )


def _find_exit(curve: tuple[Point, Point, Point], box: Box, inside: float, outside: float) -> float:
    """Bisect for the curve parameter where the curve crosses the box's border."""
    if box.contains(_bezier(curve, outside)):
        return outside
    for _ in range(24):
        middle = (inside + outside) / 2
        if box.contains(_bezier(curve, middle)):
            inside = middle
        else:
            outside = middle
    return outside


def _bezier(curve: tuple[Point, Point, Point], t: float) -> Point:
    """Return the point of a quadratic Bézier curve at parameter t."""
    return _blossom(curve, t, t)


def _blossom(curve: tuple[Point, Point, Point], u: float, v: float) -> Point:
    """Return the blossom b(u, v) of a quadratic curve (the control point of its [u, v] part)."""
    (x0, y0), (x1, y1), (x2, y2) = curve
    a, b, c = (1 - u) * (1 - v), (1 - u) * v + u * (1 - v), u * v
    return a * x0 + b * x1 + c * x2, a * y0 + b * y1 + c * y2


def _fit_to_page(
    nodes: list[NodeLayout], edges: list[EdgeLayout], kinds: tuple[str, ...]
) -> NetworkLayout:
    """Shift everything so the drawing starts below the legend, and size the page."""
    boxes = [layout.box for layout in nodes] + [e.label_box for e in edges if e.text]
    if not boxes:
        return NetworkLayout(320.0, LEGEND_HEIGHT + 2 * MARGIN, (), (), kinds)
    left = min(box.left for box in boxes)
    top = min(box.top for box in boxes)
    right = max(box.left + box.width for box in boxes)
    bottom = max(box.top + box.height for box in boxes)
    dx, dy = MARGIN - left, MARGIN + LEGEND_HEIGHT - top
    moved_nodes = tuple(NodeLayout(n.node, n.box.moved(dx, dy), n.text, n.focus) for n in nodes)
    moved_edges = tuple(_move_edge(edge, dx, dy) for edge in edges)
    width = max(right - left + 2 * MARGIN, _get_legend_width(kinds) + 2 * MARGIN)
    height = bottom - top + 2 * MARGIN + LEGEND_HEIGHT
    return NetworkLayout(round(width), round(height), moved_nodes, moved_edges, kinds)


def _move_edge(edge: EdgeLayout, dx: float, dy: float) -> EdgeLayout:
    """Return the same edge translated by (dx, dy)."""
    return EdgeLayout(
        edge.source,
        edge.target,
        edge.label,
        edge.text,
        (edge.start[0] + dx, edge.start[1] + dy),
        (edge.control[0] + dx, edge.control[1] + dy),
        (edge.end[0] + dx, edge.end[1] + dy),
        edge.label_box.moved(dx, dy),
        edge.both_ways,
    )


def _get_legend_width(kinds: tuple[str, ...]) -> float:
    """Return the width of the legend row."""
    return sum(_get_legend_step(kind) for kind in kinds)


def _get_legend_step(kind: str) -> float:
    """Return the room one legend entry takes: swatch, name and spacing."""
    return 22 + get_text_width(get_kind_name(kind), NODE_FONT) + 18


def _draw_legend(kinds: tuple[str, ...]) -> list[str]:
    """Return one swatch and name per kind present, in a row above the drawing."""
    parts = ['<g class="legend">']
    x = MARGIN
    for kind in kinds:
        swatch = get_swatch(kind)
        radius = fmt(min(swatch.radius, 7.0))
        parts.append(
            f'<rect x="{fmt(x)}" y="{fmt(MARGIN)}" width="16" height="14" rx="{radius}"'
            f' fill="{swatch.fill}" stroke="{swatch.stroke}"/>'
        )
        label = get_kind_name(kind)
        parts.append(text_element(x + 22, MARGIN + 11.5, label, fill=TEXT_DARK))
        x += _get_legend_step(kind)
    parts.append("</g>")
    return parts


def _draw_edges(edges: tuple[EdgeLayout, ...]) -> list[str]:
    """Return the edge curves and their arrowheads."""
    parts = [f'<g class="edges" fill="none" stroke="{EDGE_COLOUR}" stroke-width="1.3">']
    heads = [f'<g class="arrows" fill="{EDGE_COLOUR}">']
    for edge in edges:
        (x0, y0), (x1, y1), (x2, y2) = edge.start, edge.control, edge.end
        parts.append(f'<path d="M{fmt(x0)} {fmt(y0)} Q{fmt(x1)} {fmt(y1)} {fmt(x2)} {fmt(y2)}"/>')
        heads.append(_draw_arrowhead(edge.end, edge.control))
        if edge.both_ways:
            heads.append(_draw_arrowhead(edge.start, edge.control))
    return [*parts, "</g>", *heads, "</g>"]


def _draw_arrowhead(tip: Point, towards: Point) -> str:
    """Return a small triangle pointing at `tip`, coming from the direction of `towards`."""
    ex, ey = tip[0] - towards[0], tip[1] - towards[1]
    length = math.hypot(ex, ey) or 1.0
    ux, uy = ex / length, ey / length
    bx, by = tip[0] - ux * ARROW_LENGTH, tip[1] - uy * ARROW_LENGTH
    corners = [
        tip,
        (bx - uy * ARROW_HALF_WIDTH, by + ux * ARROW_HALF_WIDTH),
        (bx + uy * ARROW_HALF_WIDTH, by - ux * ARROW_HALF_WIDTH),
    ]
    points = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in corners)
    return f'<polygon points="{points}"/>'


def _draw_edge_labels(edges: tuple[EdgeLayout, ...]) -> list[str]:
    """Return each edge label on a white plate, with the full relation text on hover."""
    parts = [f'<g class="edge-labels" font-size="{fmt(EDGE_FONT)}" text-anchor="middle">']
    for edge in edges:
        if not edge.text:
            continue
        box = edge.label_box
        parts += [
            "<g>",
            title_element(edge.label),
            f'<rect x="{fmt(box.left)}" y="{fmt(box.top)}" width="{fmt(box.width)}"'
            f' height="{fmt(box.height)}" rx="3" fill="#ffffff" fill-opacity="0.92"'
            f' stroke="#d0d0d0" stroke-width="0.6"/>',
            text_element(box.x, box.y + EDGE_FONT * 0.36, edge.text, fill="#333333"),
            "</g>",
        ]
    return [*parts, "</g>"]


def _draw_nodes(nodes: tuple[NodeLayout, ...]) -> list[str]:
    """Return every node as a linked, coloured box with its label."""
    parts = ['<g class="nodes" text-anchor="middle">']
    for layout in nodes:
        parts.extend(_draw_node(layout))
    return [*parts, "</g>"]


def _draw_node(layout: NodeLayout) -> list[str]:
    """Return one node: link, hover title, optional focus halo, box and text."""
    node, box = layout.node, layout.box
    swatch = get_swatch(node.kind)
    radius = min(swatch.radius, box.height / 2)
    parts = [open_link(node.href, [("data-node", node.id)]), title_element(node.label)]
    if layout.focus:
        parts.append(
            f'<rect x="{fmt(box.left - 5)}" y="{fmt(box.top - 5)}" width="{fmt(box.width + 10)}"'
            f' height="{fmt(box.height + 10)}" rx="{fmt(radius + 5)}" fill="#ffd23f"'
            ' stroke="#1a1a1a" stroke-width="1.5"/>'
        )
    parts.append(
        f'<rect x="{fmt(box.left)}" y="{fmt(box.top)}" width="{fmt(box.width)}"'
        f' height="{fmt(box.height)}" rx="{fmt(radius)}" fill="{swatch.fill}"'
        f' stroke="{swatch.stroke}" stroke-width="{"2" if layout.focus else "1"}"/>'
    )
    size = FOCUS_FONT if layout.focus else NODE_FONT
    weight = {"font_weight": "bold", "font_size": fmt(size)} if layout.focus else {}
    parts.append(text_element(box.x, box.y + size * 0.36, layout.text, fill=swatch.text, **weight))
    parts.append("</a>")
    return parts
