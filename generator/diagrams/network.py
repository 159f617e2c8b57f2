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
from collections.abc import Iterator, Sequence
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


class _Grid:
    """A uniform grid of boxes, to find the boxes near another one quickly."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.boxes: list[Box] = []

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        """Yield the cells a box covers."""
        x0, x1 = math.floor(box.left / self.cell), math.floor((box.left + box.width) / self.cell)
        y0, y1 = math.floor(box.top / self.cell), math.floor((box.top + box.height) / self.cell)
        for cx in range(x0, x1 + 1):
            for cy in range(y0, y1 + 1):
                yield cx, cy

    def add(self, box: Box) -> None:
        """Insert a box."""
        self.boxes.append(box)
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(len(self.boxes) - 1)

    def overlap(self, box: Box) -> float:
        """Return the total area a box shares with the boxes in the grid."""
        seen: set[int] = set()
        for key in self._keys(box):
            seen.update(self.cells.get(key, ()))
        return sum(box.overlap(self.boxes[index]) for index in sorted(seen))


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
    if focus is None:
        centres = _place_by_force(ordered, links, sizes)
    else:
        centres = _place_radially(ordered, links, sizes, focus)
    boxes = _separate_boxes(ordered, centres, sizes)
    node_layouts = [
        NodeLayout(node, boxes[node.id], texts[node.id], node.id == focus) for node in ordered
    ]
    edge_layouts = _route_edges(links, boxes)
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
) -> dict[str, Point]:
    """Run a fixed number of Fruchterman-Reingold steps from a deterministic spiral."""
    index = {node.id: i for i, node in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[k.source], index[k.target]))) for k in links})
    spacing = _get_spacing(sizes)
    xs, ys = _spiral_start(len(nodes), [(a, b) for a, b in pairs], spacing)
    steps = _count_iterations(len(nodes))
    for step in range(steps):
        heat = spacing * (1.5 * (1 - step / steps) + 0.02)
        dx, dy = _repulse(xs, ys, spacing)
        _attract(dx, dy, xs, ys, [(a, b) for a, b in pairs], spacing)
        for i in range(len(xs)):
            # Gravity keeps separate components together in one picture.
            fx, fy = dx[i] - 0.04 * xs[i], dy[i] - 0.04 * ys[i]
            length = math.hypot(fx, fy)
            if length > 0:
                xs[i] += fx / length * min(length, heat)
                ys[i] += fy / length * min(length, heat)
    # Labels are wide and short, so a wide picture wastes less room.
    return {node.id: (xs[i] * 1.25, ys[i] * 0.8) for i, node in enumerate(nodes)}


def _count_iterations(count: int) -> int:
    """Return how many force steps to run: many for small graphs, fewer for large ones."""
    return max(30, min(250, 12_000 // max(count, 1)))


def _spiral_start(
    count: int, pairs: list[tuple[int, int]], spacing: float
) -> tuple[list[float], list[float]]:
    """Place nodes on a sunflower spiral in breadth-first order, so neighbours start close."""
    neighbours: list[list[int]] = [[] for _ in range(count)]
    for a, b in pairs:
        neighbours[a].append(b)
        neighbours[b].append(a)
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


def _repulse(xs: list[float], ys: list[float], spacing: float) -> tuple[list[float], list[float]]:
    """Return the repulsive displacement of every node from the nodes within two spacings."""
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
                force = square / distance2
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
    pairs: list[tuple[int, int]],
    spacing: float,
) -> None:
    """Add the pull of every link (distance squared over spacing) to the displacements."""
    for a, b in pairs:
        ex, ey = xs[a] - xs[b], ys[a] - ys[b]
        distance = math.hypot(ex, ey)
        force = distance / spacing
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


def _separate_boxes(
    nodes: list[Node], centres: dict[str, Point], sizes: dict[str, tuple[float, float]]
) -> dict[str, Box]:
    """Push boxes apart until no two overlap (with a gap), spreading the layout if needed."""
    xs = [centres[node.id][0] for node in nodes]
    ys = [centres[node.id][1] for node in nodes]
    ws = [sizes[node.id][0] + GAP for node in nodes]
    hs = [sizes[node.id][1] + GAP for node in nodes]
    for _ in range(200):
        if all(not _push_apart(xs, ys, ws, hs) for _ in range(60)):
            break
        # Pushing did not settle: spread everything out and try again.
        xs[:] = [x * 1.15 for x in xs]
        ys[:] = [y * 1.15 for y in ys]
    return {
        node.id: Box(xs[i], ys[i], sizes[node.id][0], sizes[node.id][1])
        for i, node in enumerate(nodes)
    }


def _push_apart(xs: list[float], ys: list[float], ws: list[float], hs: list[float]) -> bool:
    """Sweep once along x, pushing overlapping pairs apart; tell whether any pair moved."""
    order = sorted(range(len(xs)), key=lambda i: (xs[i] - ws[i] / 2, i))
    active: list[int] = []
    moved = False
    for i in order:
        left = xs[i] - ws[i] / 2
        active = [j for j in active if xs[j] + ws[j] / 2 > left]
        for j in active:
            ox = (ws[i] + ws[j]) / 2 - abs(xs[i] - xs[j])
            oy = (hs[i] + hs[j]) / 2 - abs(ys[i] - ys[j])
            if ox <= 0 or oy <= 0:
                continue
            moved = True
            # Move along the axis that needs the shorter push, half each, a little extra.
            if ox < oy * 2.5:
                sign = 1.0 if (xs[i], i) > (xs[j], j) else -1.0
                xs[i] += sign * (ox / 2 + 0.05)
                xs[j] -= sign * (ox / 2 + 0.05)
            else:
                sign = 1.0 if (ys[i], i) > (ys[j], j) else -1.0
                ys[i] += sign * (oy / 2 + 0.05)
                ys[j] -= sign * (oy / 2 + 0.05)
        active.append(i)
    return moved


def _route_edges(links: list[_Link], boxes: dict[str, Box]) -> list[EdgeLayout]:
    """Clip every link to the borders of its boxes and find a free spot for its label."""
    obstacles = _Grid(64.0)
    for box in boxes.values():
        obstacles.add(box)
    labels = _Grid(64.0)
    routed = []
    for link in links:
        start, control, end = _clip_curve(link, boxes[link.source], boxes[link.target])
        text = truncate(link.label, EDGE_MAX_TEXT, EDGE_FONT)
        width = get_text_width(text, EDGE_FONT) + 8 if text else 0.0
        label_box = _place_label((start, control, end), width, obstacles, labels)
        if text:
            labels.add(label_box)
        routed.append(
            EdgeLayout(
                link.source,
                link.target,
                link.label,
                text,
                start,
                control,
                end,
                label_box,
                link.both_ways,
            )
        )
    return routed


def _clip_curve(link: _Link, source: Box, target: Box) -> tuple[Point, Point, Point]:
    """Return the part of the link's quadratic curve that lies outside both boxes."""
    p0, p2 = (source.x, source.y), (target.x, target.y)
    length = math.hypot(p2[0] - p0[0], p2[1] - p0[1]) or 1.0
    offset = link.bend * min(36.0, 0.25 * length)
    normal = ((p2[1] - p0[1]) / length, (p0[0] - p2[0]) / length)
    mid = ((p0[0] + p2[0]) / 2, (p0[1] + p2[1]) / 2)
    control = (mid[0] + normal[0] * offset, mid[1] + normal[1] * offset)
    curve = (p0, control, p2)
    t0 = _find_exit(curve, source, 0.0, 0.5)
    t1 = _find_exit(curve, target, 1.0, 0.5)
    if t1 <= t0:
        t0 = t1 = 0.5
    return _bezier(curve, t0), _blossom(curve, t0, t1), _bezier(curve, t1)


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


# Where to try an edge label: along the edge, middle first, then on either side of the line.
_LABEL_STEPS = (0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85)
_LABEL_SIDES = (0.0, 1.0, -1.0)


def _place_label(
    curve: tuple[Point, Point, Point], width: float, obstacles: _Grid, labels: _Grid
) -> Box:
    """Return the first label box along the curve that touches nothing, else the least bad."""
    best: tuple[float, Box] | None = None
    for side in _LABEL_SIDES:
        for step in _LABEL_STEPS:
            x, y = _bezier(curve, step)
            box = Box(x, y + side * (EDGE_LABEL_HEIGHT / 2 + 2), width, EDGE_LABEL_HEIGHT)
            cost = 3 * obstacles.overlap(box) + labels.overlap(box) if width else 0.0
            if cost == 0:
                return box
            if best is None or cost < best[0]:
                best = (cost, box)
    assert best is not None
    return best[1]


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
