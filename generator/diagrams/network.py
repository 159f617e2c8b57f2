"""Entity network diagrams: a deterministic layout drawn as one standalone SVG document.

Without a focus the layout is force-directed: Fruchterman-Reingold from a sunflower-spiral
start, a fixed number of iterations, repulsion limited to neighbouring grid cells, and one
extra particle per edge where its label goes. With a focus, the focus sits in the middle and
each hop's nodes stack in columns left and right of it, labels just before their column.
Either way a last pass pushes node and edge-label boxes apart until none overlap, and each
edge is a quadratic curve through its label, clipped to the borders of its two boxes.
"""

from __future__ import annotations

import collections
import functools
import itertools
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
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
Curve = tuple[Point, Point, Point]

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
ROW_PITCH = NODE_HEIGHT + 16.0
COLUMN_GAP = 24.0
MAX_DETAILED_LINKS = 400
# Deeper neighbourhoods get the force layout, with the focus pinned in the middle.
MAX_COLUMN_HOPS = 2
MARGIN = 16.0
LEGEND_HEIGHT = 34.0
ARROW_LENGTH = 9.0
ARROW_HALF_WIDTH = 4.5


@dataclass(frozen=True, slots=True)
class Node:
    """An entity drawn as a labelled, linked box."""

    id: str
    label: str
    kind: str
    href: str


@dataclass(frozen=True, slots=True)
class Edge:
    """A directed relation between two nodes, drawn as a labelled arrow."""

    source: str
    target: str
    label: str


@dataclass(frozen=True, slots=True)
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

    def moved(self, dx: float, dy: float) -> Box:
        """Return the same box translated by (dx, dy)."""
        return Box(self.x + dx, self.y + dy, self.width, self.height)


# An edge before the page is fitted: its curve (start, control point, end) and label box.
Route = tuple[Curve, Box]


@dataclass(frozen=True, slots=True)
class NodeLayout:
    """Where one node goes, and the (possibly truncated) text drawn in it."""

    node: Node
    box: Box
    text: str
    focus: bool


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class NetworkLayout:
    """A complete network layout in SVG user units, ready to draw."""

    width: float
    height: float
    nodes: tuple[NodeLayout, ...]
    edges: tuple[EdgeLayout, ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True, slots=True)
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
    hrefs = {node.id: node.href for node in nodes}
    (svg,) = draw_network(layout, title=title, description=description, places=[hrefs])
    return svg


def draw_network(
    layout: NetworkLayout, *, title: str, description: str, places: Iterable[Mapping[str, str]]
) -> list[str]:
    """Draw a laid-out network once per place it is shown, as standalone SVG documents.

    Each place gives the link of every node (by id), relative to where that copy goes;
    everything but those links is drawn once.
    """
    links = [
        *_draw_legend(layout.kinds),
        *_draw_edges(layout.edges),
        *_draw_edge_labels(layout.edges),
    ]
    empty = (
        []
        if layout.nodes
        else [text_element(MARGIN, LEGEND_HEIGHT, "No entities to show.", fill=TEXT_DARK)]
    )
    boxes = [(node.node.id, _draw_node(node)) for node in layout.nodes]
    return [
        render_document(
            [*links, *_draw_nodes(boxes, hrefs), *empty],
            width=layout.width,
            height=layout.height,
            title=title,
            description=description,
            kind="network",
        )
        for hrefs in places
    ]


def layout_network(
    nodes: Sequence[Node], edges: Sequence[Edge], *, focus: str | None = None
) -> NetworkLayout:
    """Place nodes and edges; pure and deterministic whatever the input order."""
    ordered = _sort_nodes(nodes, focus)
    links = _merge_edges(edges, {node.id for node in ordered})
    texts = {node.id: _get_node_text(node, node.id == focus) for node in ordered}
    sizes = {node_id: _get_node_size(text, node_id == focus) for node_id, text in texts.items()}
    edge_texts = [truncate(link.label, EDGE_MAX_TEXT, EDGE_FONT) for link in links]
    boxes, plates = _place_boxes(ordered, links, sizes, edge_texts, focus)
    routes = _avoid_crossings(links, boxes, plates)
    kinds = tuple(sorted({node.kind for node in ordered}, key=get_kind_order))
    labels = [label_box for (_, label_box), text in zip(routes, edge_texts, strict=True) if text]
    width, height, dx, dy = _fit_to_page([*boxes.values(), *labels], kinds)
    # Each layout is made once, already moved: the stages above work on bare boxes.
    node_layouts = [
        NodeLayout(n, boxes[n.id].moved(dx, dy), texts[n.id], n.id == focus) for n in ordered
    ]
    edge_layouts = [
        _move_edge(link, text, route, dx, dy)
        for link, text, route in zip(links, edge_texts, routes, strict=True)
    ]
    return NetworkLayout(width, height, tuple(node_layouts), tuple(edge_layouts), kinds)


def _place_boxes(
    nodes: list[Node],
    links: list[_Link],
    sizes: dict[str, tuple[float, float]],
    texts: list[str],
    focus: str | None,
) -> tuple[dict[str, Box], list[Box | None]]:
    """Return the box of each node and of each link's label (None when it has no text)."""
    columns = _split_columns(nodes, links, focus) if focus is not None else None
    if focus is not None and columns is not None:
        centres, anchors = _place_around_focus(columns, links, sizes, texts, focus)
    else:
        centres, anchors = _place_by_force(nodes, links, sizes, focus)
    plates = [
        Box(*anchor, get_text_width(text, EDGE_FONT) + 8, EDGE_LABEL_HEIGHT) if text else None
        for anchor, text in zip(anchors, texts, strict=True)
    ]
    # Edge labels are boxes like nodes, so one separation pass keeps every label clear.
    separated = iter(
        _separate_boxes(
            [Box(*centres[n.id], *sizes[n.id]) for n in nodes]
            + [plate for plate in plates if plate]
        )
    )
    boxes = {node.id: next(separated) for node in nodes}
    return boxes, [next(separated) if plate else None for plate in plates]


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
    nodes: list[Node],
    links: list[_Link],
    sizes: dict[str, tuple[float, float]],
    focus: str | None,
) -> tuple[dict[str, Point], list[Point]]:
    """Run a fixed number of Fruchterman-Reingold steps; return node and edge-label centres."""
    spacing = _get_spacing(sizes)
    index = {node.id: i for i, node in enumerate(nodes)}
    ends = [(index[link.source], index[link.target]) for link in links]
    pinned = index[focus] if focus is not None else -1
    xs, ys = _spiral_start(len(nodes), ends, spacing, pinned)
    # Up to a few hundred links, each gets a particle of its own where its label goes.
    detailed = len(links) <= MAX_DETAILED_LINKS
    for (a, b), link in zip(ends, links if detailed else (), strict=False):
        nx, ny = _get_bend((xs[a], ys[a]), (xs[b], ys[b]), link.bend)
        xs.append((xs[a] + xs[b]) / 2 + nx)
        ys.append((ys[a] + ys[b]) / 2 + ny)
    springs = _get_springs(ends, len(nodes), spacing, detailed)
    charges = [1.0] * len(nodes) + [LABEL_CHARGE] * (len(xs) - len(nodes))
    steps = _count_iterations(len(xs))
    for step in range(steps):
        heat = spacing * (1.5 * (1 - step / steps) + 0.02)
        dx, dy = _repulse(xs, ys, charges, spacing)
        _attract(dx, dy, xs, ys, springs)
        for i in range(len(xs)):
            if i == pinned:
                continue  # A focus stays in the middle of the picture.
            # Gravity keeps separate components together in one picture.
            fx, fy = dx[i] - 0.04 * xs[i], dy[i] - 0.04 * ys[i]
            length = math.hypot(fx, fy)
            if length > 0:
                xs[i] += fx / length * min(length, heat)
                ys[i] += fy / length * min(length, heat)
    # Labels are wide and short, so a wide picture wastes less room.
    points = [(x * 1.25, y * 0.8) for x, y in zip(xs, ys, strict=True)]
    centres = {node.id: points[i] for i, node in enumerate(nodes)}
    return centres, points[len(nodes) :] if detailed else _get_midpoints(links, centres)


def _get_springs(
    ends: list[tuple[int, int]], count: int, spacing: float, detailed: bool
) -> list[tuple[int, int, float]]:
    """Return the springs: via each link's label particle when detailed, else end to end."""
    if not detailed:
        return [(a, b, spacing) for a, b in ends]
    springs = []
    for number, (a, b) in enumerate(ends):
        springs.append((a, count + number, spacing * SPRING))
        springs.append((count + number, b, spacing * SPRING))
    return springs


def _get_midpoints(links: list[_Link], centres: dict[str, Point]) -> list[Point]:
    """Return the middle of each link, moved sideways when it is bent."""
    points = []
    for link in links:
        (x0, y0), (x2, y2) = centres[link.source], centres[link.target]
        nx, ny = _get_bend((x0, y0), (x2, y2), link.bend)
        points.append(((x0 + x2) / 2 + nx, (y0 + y2) / 2 + ny))
    return points


def _count_iterations(count: int) -> int:
    """Return how many force steps to run: many for small graphs, fewer for large ones."""
    return max(20, min(250, 12_000 // max(count, 1)))


def _spiral_start(
    count: int, ends: list[tuple[int, int]], spacing: float, first: int
) -> tuple[list[float], list[float]]:
    """Place nodes on a sunflower spiral in breadth-first order, so neighbours start close."""
    neighbours: list[set[int]] = [set() for _ in range(count)]
    for a, b in ends:
        neighbours[a].add(b)
        neighbours[b].add(a)
    order: list[int] = []
    seen: set[int] = set()
    roots = sorted(range(count), key=lambda i: (i != first, -len(neighbours[i]), i))
    for root in roots:
        queue = collections.deque([root] if root not in seen else [])
        seen.update(queue)
        while queue:
            current = queue.popleft()
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
    cell = 1.2 * spacing
    grid: dict[tuple[int, int], list[int]] = {}
    for i in range(len(xs)):
        grid.setdefault((math.floor(xs[i] / cell), math.floor(ys[i] / cell)), []).append(i)
    dx, dy = [0.0] * len(xs), [0.0] * len(xs)
    for (cx, cy), members in sorted(grid.items()):
        near = [j for ox, oy in _NEIGHBOUR_CELLS for j in grid.get((cx + ox, cy + oy), ())]
        for position, i in enumerate(members):
            xi, yi, qi = xs[i], ys[i], charges[i] * spacing * spacing
            fx = fy = 0.0
            for j in members[position + 1 :] + near:
                ex, ey = xi - xs[j], yi - ys[j]
                distance2 = ex * ex + ey * ey
                if distance2 < 1e-6:
                    # Coincident particles: split them along a direction fixed by their indices.
                    ex, ey, distance2 = math.cos(i + j), math.sin(i + j), 1.0
                force = qi * charges[j] / distance2
                fx += ex * force
                fy += ey * force
                dx[j] -= ex * force
                dy[j] -= ey * force
            dx[i] += fx
            dy[i] += fy
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


def _place_around_focus(
    columns: dict[tuple[int, int], list[Node]],
    links: list[_Link],
    sizes: dict[str, tuple[float, float]],
    texts: list[str],
    focus: str,
) -> tuple[dict[str, Point], list[Point]]:
    """Put the focus in the middle and each hop's nodes in columns on both sides of it."""
    place = {focus: (0, 0)} | {n.id: key for key, column in columns.items() for n in column}
    label_room: dict[tuple[int, int], float] = {}
    for link, text in zip(links, texts, strict=True):
        key = max(place[link.source], place[link.target])
        width = get_text_width(text, EDGE_FONT) + 8 if text else 0.0
        label_room[key] = max(label_room.get(key, 40.0), width)
    inner = _get_column_starts(columns, label_room, sizes, sizes[focus][0] / 2)
    # Rows far enough apart that the labels on fanning edges stay a row apart too.
    fan = min(
        (
            1 - (COLUMN_GAP + label_room.get(key, 40.0) / 2) / inner[key]
            for key in inner
            if key[0] == 1
        ),
        default=1.0,
    )
    pitch = max(ROW_PITCH, (EDGE_LABEL_HEIGHT + GAP + 2) / fan)
    centres: dict[str, Point] = {focus: (0.0, 0.0)}
    for (hop, side), column in columns.items():
        for row, node in enumerate(column):
            y = (row - (len(column) - 1) / 2) * pitch
            centres[node.id] = (side * (inner[(hop, side)] + sizes[node.id][0] / 2), y)
    anchors = [
        _get_column_anchor(link, text, centres, sizes, place, inner)
        for link, text in zip(links, texts, strict=True)
    ]
    return centres, anchors


def _get_column_starts(
    columns: dict[tuple[int, int], list[Node]],
    label_room: dict[tuple[int, int], float],
    sizes: dict[str, tuple[float, float]],
    focus_edge: float,
) -> dict[tuple[int, int], float]:
    """Return the distance from the centre to the inner edge of each column."""
    starts: dict[tuple[int, int], float] = {}
    for side in (1, -1):
        edge = focus_edge
        for key in sorted(key for key in columns if key[1] == side):
            starts[key] = edge + 2 * COLUMN_GAP + label_room.get(key, 40.0)
            edge = starts[key] + max(sizes[node.id][0] for node in columns[key])
    return starts


def _split_columns(
    nodes: list[Node], links: list[_Link], focus: str
) -> dict[tuple[int, int], list[Node]] | None:
    """Return the nodes by (hop, side), top to bottom: neighbours split in halves, others
    on the side of their parent and in its order; None when a side needs more than
    MAX_COLUMN_HOPS columns (unreachable nodes add one)."""
    neighbours = _get_neighbours(nodes, links)
    rings = _group_by_distance(nodes, neighbours, focus)
    if len(rings) > MAX_COLUMN_HOPS:
        return None
    rows: dict[str, tuple[int, int, int]] = {}
    columns: dict[tuple[int, int], list[Node]] = {}
    for hop, ring in enumerate(rings, start=1):
        keyed = []
        for rank, node in enumerate(ring):
            parents = sorted(
                (rows[n][2], n) for n in neighbours[node.id] if rows.get(n, (-1,))[0] == hop - 1
            )
            if parents:
                keyed.append((rows[parents[0][1]][1], parents[0][0], rank, node))
            else:
                keyed.append((1 if 2 * rank < len(ring) else -1, 0, rank, node))
        keyed.sort(key=lambda k: k[:3])
        for side in (1, -1):
            column = [node for s, _, _, node in keyed if s == side]
            for row, node in enumerate(column):
                rows[node.id] = (hop, side, row)
            if column:
                columns[(hop, side)] = column
    return columns


def _get_neighbours(nodes: list[Node], links: list[_Link]) -> dict[str, set[str]]:
    """Return the ids linked to each node, whatever the direction."""
    neighbours: dict[str, set[str]] = {node.id: set() for node in nodes}
    for link in links:
        neighbours[link.source].add(link.target)
        neighbours[link.target].add(link.source)
    return neighbours


def _group_by_distance(
    nodes: list[Node], neighbours: dict[str, set[str]], focus: str
) -> list[list[Node]]:
    """Return the non-focus nodes in rings by hop count; unreachable ones form the last ring."""
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
    return [sorted(rings[hops], key=_ring_order) for hops in sorted(rings)]


def _ring_order(node: Node) -> tuple[tuple[int, str], str, str]:
    """Sort key within a column: kinds together, then by label, then by id."""
    return get_kind_order(node.kind), node.label.casefold(), node.id


def _get_column_anchor(
    link: _Link,
    text: str,
    centres: dict[str, Point],
    sizes: dict[str, tuple[float, float]],
    place: dict[str, tuple[int, int]],
    inner: dict[tuple[int, int], float],
) -> Point:
    """Return where a label goes in the column layout: just before the outer node's column."""
    (hop_a, side_a), (hop_b, side_b) = place[link.source], place[link.target]
    (xa, ya), (xb, yb) = centres[link.source], centres[link.target]
    width = get_text_width(text, EDGE_FONT) + 8
    if abs(hop_a - hop_b) == 1 and side_a * side_b >= 0:
        # Aim at the outer node's inner edge, from the inner node's outer edge (or the focus).
        if hop_a > hop_b:
            (xa, ya, wa), (xb, yb) = (xb, yb, sizes[link.target][0]), (xa, ya)
        else:
            wa = sizes[link.source][0]
        hop, side = max(place[link.source], place[link.target])
        xa = xa + side * wa / 2 if min(hop_a, hop_b) > 0 else xa
        xb = side * inner[(hop, side)]
        x = side * (inner[(hop, side)] - COLUMN_GAP - width / 2)
        return x, ya + (x - xa) / (xb - xa) * (yb - ya)
    if (hop_a, side_a) == (hop_b, side_b):
        # Both ends in one column: bulge outwards rather than run down through the column.
        outer = max(abs(xa) + sizes[link.source][0] / 2, abs(xb) + sizes[link.target][0] / 2)
        return side_a * (outer + COLUMN_GAP + width / 2), (ya + yb) / 2
    nx, ny = _get_bend((xa, ya), (xb, yb), link.bend)
    return (xa + xb) / 2 + nx, (ya + yb) / 2 + ny


def _separate_boxes(boxes: list[Box]) -> list[Box]:
    """Push boxes apart until no two overlap (with a gap), spreading the layout if needed."""
    xs, ys = [box.x for box in boxes], [box.y for box in boxes]
    ws, hs = [box.width + GAP for box in boxes], [box.height + GAP for box in boxes]
    crowding = _get_crowding(xs, ys, ws, hs)
    if crowding == 1.0 and not _any_overlap(xs, ys, ws, hs):
        return boxes  # Nothing to push apart, as in most small diagrams.
    _spread(xs, ys, crowding)
    for _ in range(200):
        if any(not _push_apart(xs, ys, ws, hs) for _ in range(20)):
            break
        # Pushing did not settle: spread everything out and try again.
        _spread(xs, ys, 1.15)
    return [Box(xs[i], ys[i], box.width, box.height) for i, box in enumerate(boxes)]


def _any_overlap(xs: list[float], ys: list[float], ws: list[float], hs: list[float]) -> bool:
    """Tell whether two boxes overlap, as `_push_apart` judges it, sweeping top to bottom."""
    # Cheaper than a `_push_apart` pass that finds nothing to move: no grid to build.
    order = sorted(range(len(ys)), key=ys.__getitem__)
    reach = max(hs, default=0.0)
    for position, i in enumerate(order):
        x, y, width, height = xs[i], ys[i], ws[i], hs[i]
        for j in order[position + 1 :]:
            if ys[j] - y >= reach:
                break  # This box and every one further down is too far down.
            # By how much the boxes overlap along x and y, as `_push_apart` finds it.
            ox = (width + ws[j]) / 2 - abs(x - xs[j])
            if ox > 0 and (height + hs[j]) / 2 - abs(y - ys[j]) > 0:
                return True
    return False


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
    if not xs:
        return False
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
                # By how much the boxes overlap along x and y, written out: most pairs are
                # apart, and need no call.
                ox = (ws[i] + ws[j]) / 2 - abs(xs[i] - xs[j])
                if ox > 0 and (oy := (hs[i] + hs[j]) / 2 - abs(ys[i] - ys[j])) > 0:
                    _push_pair(xs, ys, ox, oy, i, j)
                    moved = True
    return moved


def _push_pair(xs: list[float], ys: list[float], ox: float, oy: float, i: int, j: int) -> None:
    """Push two boxes that overlap by (ox, oy) apart along the axis that needs the shorter
    move."""
    # Boxes are wide: moving sideways is only worth it when clearly shorter.
    if ox < oy * 2.5:
        sign = 1.0 if (xs[i], i) > (xs[j], j) else -1.0
        xs[i] += sign * (ox / 2 + 2.0)
        xs[j] -= sign * (ox / 2 + 2.0)
    else:
        sign = 1.0 if (ys[i], i) > (ys[j], j) else -1.0
        ys[i] += sign * (oy / 2 + 2.0)
        ys[j] -= sign * (oy / 2 + 2.0)


def _get_bend(p0: Point, p2: Point, bend: float) -> Point:
    """Return the sideways offset of a link's middle: left of its direction when bent."""
    length = math.hypot(p2[0] - p0[0], p2[1] - p0[1]) or 1.0
    offset = bend * min(EDGE_LABEL_HEIGHT * 1.5, 0.25 * length)
    return (p2[1] - p0[1]) / length * offset, (p0[0] - p2[0]) / length * offset


# Up to this many boxes an index just scans them: cheaper than keeping them in a grid.
_SCAN_LIMIT = 32


# A box as the index keeps it: x, y, width and height (a tuple reads faster than a Box).
_Sides = tuple[float, float, float, float]


class _Index:
    """Boxes by key, to find the ones near a box or on a curve quickly.

    Past `_SCAN_LIMIT` boxes they are also kept in a uniform grid, so that a query looks
    only at the boxes in the cells it touches.
    """

    def __init__(self, boxes: Iterable[tuple[object, Box]], cell: float) -> None:
        """Index the boxes by key, in square cells of the given size when there are many."""
        self.cell = cell
        self.boxes: dict[object, _Sides] = {k: (b.x, b.y, b.width, b.height) for k, b in boxes}
        self.cells: dict[tuple[int, int], list[object]] | None = None
        if len(self.boxes) > _SCAN_LIMIT:
            self.cells = {}
            for key, sides in self.boxes.items():
                for square in self._keys(sides):
                    self.cells.setdefault(square, []).append(key)

    def _keys(self, sides: _Sides) -> list[tuple[int, int]]:
        """Return the cells a box covers."""
        cell, (x, y, width, height) = self.cell, sides
        left, top = x - width / 2, y - height / 2
        x0, x1 = math.floor(left / cell), math.floor((left + width) / cell)
        y0, y1 = math.floor(top / cell), math.floor((top + height) / cell)
        return [(cx, cy) for cx in range(x0, x1 + 1) for cy in range(y0, y1 + 1)]

    def add(self, key: object, box: Box) -> None:
        """Insert a box under a key."""
        self.boxes[key] = sides = (box.x, box.y, box.width, box.height)
        if self.cells is not None:
            for cell in self._keys(sides):
                self.cells.setdefault(cell, []).append(key)

    def remove(self, key: object) -> None:
        """Remove the box of a key."""
        sides = self.boxes.pop(key)
        if self.cells is not None:
            for cell in self._keys(sides):
                self.cells[cell].remove(key)

    def near(self, box: Box) -> set[object]:
        """Return the keys of the boxes overlapping a box."""
        x, y, width, height = sides = box.x, box.y, box.width, box.height
        if self.cells is None:
            candidates: Iterable[tuple[object, _Sides]] = self.boxes.items()
        else:
            found = {key for cell in self._keys(sides) for key in self.cells.get(cell, ())}
            candidates = [(key, self.boxes[key]) for key in found]
        # Boxes overlap when they share some area; the test is written out, as this runs for
        # every label position tried.
        return {
            key
            for key, (ox, oy, other_width, other_height) in candidates
            if abs(x - ox) < (width + other_width) / 2 and abs(y - oy) < (height + other_height) / 2
        }

    def crossing(self, curve: Curve, ignore: set[object]) -> set[object]:
        """Return the keys of the boxes, other than those ignored, that hold one of the
        curve's sample points (borders included)."""
        if self.cells is None:
            return self._scan_crossing(curve, ignore)
        return self._look_up_crossing(self.cells, _sample(curve), ignore)

    def _scan_crossing(self, curve: Curve, ignore: set[object]) -> set[object]:
        """Return what `crossing` does, looking at every box."""
        # The curve stays within the bounds of its three points: most edges have no other
        # box there, and need no sampling at all.
        (x0, y0), (x1, y1), (x2, y2) = curve
        left, right = min(x0, x1, x2), max(x0, x1, x2)
        top, bottom = min(y0, y1, y2), max(y0, y1, y2)
        mx, my = (left + right) / 2, (top + bottom) / 2
        # Half the size of the bounds, and a unit more for rounding.
        rx, ry = (right - left) / 2 + 1, (bottom - top) / 2 + 1
        near = [
            (key, x, y, width / 2, height / 2)
            for key, (x, y, width, height) in self.boxes.items()
            if abs(x - mx) <= width / 2 + rx
            and abs(y - my) <= height / 2 + ry
            and key not in ignore
        ]
        if not near:
            return set()
        points = _sample(curve)
        return {
            key
            for key, x, y, half_w, half_h in near
            if any(abs(px - x) <= half_w and abs(py - y) <= half_h for px, py in points)
        }

    def _look_up_crossing(
        self, cells: dict[tuple[int, int], list[object]], points: list[Point], ignore: set[object]
    ) -> set[object]:
        """Return what `crossing` does from the curve's sample points, looking only at the
        boxes in each point's cell."""
        cell, boxes, floor = self.cell, self.boxes, math.floor
        # A box once found, or ignored, is not checked again.
        found = set(ignore)
        for px, py in points:
            for key in cells.get((floor(px / cell), floor(py / cell)), ()):
                if key in found:
                    continue
                x, y, width, height = boxes[key]
                if abs(px - x) <= width / 2 and abs(py - y) <= height / 2:
                    found.add(key)
        return found - ignore


# Where an edge is checked for boxes it runs through: the weights of its three points
# at t = 1/16 … 15/16, as in `_blossom`.
_SAMPLES = tuple(
    ((1 - t) * (1 - t), (1 - t) * t + t * (1 - t), t * t)
    for t in (step / 16 for step in range(1, 16))
)


def _sample(curve: Curve) -> list[Point]:
    """Return the points where an edge is checked for boxes it runs through."""
    # `_bezier` written out: this runs for most edges of every diagram.
    (x0, y0), (x1, y1), (x2, y2) = curve
    return [(a * x0 + b * x1 + c * x2, a * y0 + b * y1 + c * y2) for a, b, c in _SAMPLES]


# Sideways moves tried for a label whose edge runs through another box, nearest first.
_DETOURS = (24.0, -24.0, 48.0, -48.0, 80.0, -80.0, 120.0, -120.0)


def _avoid_crossings(
    links: list[_Link], boxes: dict[str, Box], plates: list[Box | None]
) -> list[Route]:
    """Route every edge; move a label sideways, bending its edge, where the edge runs
    through another box."""
    labels = [(number, plate) for number, plate in enumerate(plates) if plate]
    index = _Index([*boxes.items(), *labels], 64.0)
    routes = [_route_edge(link, boxes, plate) for link, plate in zip(links, plates, strict=True)]
    # Past a few hundred edges a drawing is a hairball anyway: keep the time bounded.
    for number, link in enumerate(links if len(links) <= MAX_DETAILED_LINKS else ()):
        plate = moved = plates[number]
        ignore = {link.source, link.target, number}
        best = len(index.crossing(routes[number][0], ignore))
        if best == 0:
            continue
        for candidate in _get_detours(link, boxes, plate):
            clearance = Box(candidate.x, candidate.y, candidate.width + GAP, candidate.height + GAP)
            if candidate.width and index.near(clearance) - {number}:
                continue
            route = _route_edge(link, boxes, candidate)
            count = len(index.crossing(route[0], ignore))
            if count < best:
                best, routes[number], moved = count, route, candidate
                if count == 0:
                    break
        if plate and moved is not None and moved is not plate:
            index.remove(number)
            index.add(number, moved)
    return routes


def _get_detours(link: _Link, boxes: dict[str, Box], plate: Box | None) -> list[Box]:
    """Return the label positions to try, moved sideways from where the label is now."""
    source, target = boxes[link.source], boxes[link.target]
    length = math.hypot(target.x - source.x, target.y - source.y) or 1.0
    nx, ny = (target.y - source.y) / length, (source.x - target.x) / length
    if plate is None:
        bx, by = _get_bend((source.x, source.y), (target.x, target.y), link.bend)
        plate = Box((source.x + target.x) / 2 + bx, (source.y + target.y) / 2 + by, 0.0, 0.0)
    return [plate.moved(nx * step, ny * step) for step in _DETOURS]


def _route_edge(link: _Link, boxes: dict[str, Box], plate: Box | None) -> Route:
    """Return a link as a curve through its label, clipped to the borders of its boxes."""
    source, target = boxes[link.source], boxes[link.target]
    p0, p2 = (source.x, source.y), (target.x, target.y)
    if plate is None:
        nx, ny = _get_bend(p0, p2, link.bend)
        plate = Box((p0[0] + p2[0]) / 2 + nx, (p0[1] + p2[1]) / 2 + ny, 0.0, 0.0)
    else:
        p0, p2 = _get_port(source, plate), _get_port(target, plate)
    mid = ((p0[0] + p2[0]) / 2, (p0[1] + p2[1]) / 2)
    # A quadratic curve passes through its label centre at t = 0.5 with this control point.
    curve = (p0, (2 * plate.x - mid[0], 2 * plate.y - mid[1]), p2)
    t0 = _find_exit(curve, source, 0.0)
    t1 = _find_exit(curve, target, 1.0)
    return (_bezier(curve, t0), _blossom(curve, t0, t1), _bezier(curve, t1)), plate


def _get_port(box: Box, towards: Box) -> Point:
    """Return where an edge to a label leaves a box: the nearest point of its middle line."""
    # Wide boxes would make edges to their centres leave at awkward angles.
    inset = min(box.height, box.width) / 2
    left = box.x - box.width / 2  # `box.left`, without the call
    return min(max(towards.x, left + inset), left + box.width - inset), box.y


def _find_exit(curve: Curve, box: Box, inside: float) -> float:
    """Return the curve parameter between `inside` (0 or 1, in the box) and 0.5 where the
    curve leaves the box, or 0.5 when it is still in the box there.

    The curve leaves where it first crosses one of the lines of the box's four sides:
    the root nearest `inside` of a quadratic in t, per side.
    """
    (x0, y0), (x1, y1), (x2, y2) = curve
    cx, cy, half_w, half_h = box.x, box.y, box.width / 2, box.height / 2
    # `_bezier(curve, 0.5)` written out (the same weights): this runs twice for every edge.
    if (
        abs(0.25 * x0 + 0.5 * x1 + 0.25 * x2 - cx) <= half_w
        and abs(0.25 * y0 + 0.5 * y1 + 0.25 * y2 - cy) <= half_h
    ):
        return 0.5
    roots = _cross_sides(x0, x1, x2, cx, half_w) + _cross_sides(y0, y1, y2, cy, half_h)
    # Between `inside` and 0.5 the distance from `inside` (t, or 1 - t) is exact: the nearest
    # root is the least or the greatest one, the first of equals as a scan in order finds.
    if inside < 0.5:
        return min([t for t in roots if 0.0 <= t <= 0.5], default=0.5)
    return max([t for t in roots if 0.5 <= t <= 1.0], default=0.5)


def _cross_sides(p0: float, p1: float, p2: float, middle: float, half: float) -> list[float]:
    """Return where one coordinate of a quadratic Bézier curve (p0, p1, p2) is at
    `middle - half`, then where it is at `middle + half`: the real roots in t of each."""
    a, b = p0 - 2 * p1 + p2, 2 * (p1 - p0)
    low, high = p0 - (middle - half), p0 - (middle + half)
    if abs(a) < 1e-12:
        # A linear (or constant) coordinate.
        return [-low / b, -high / b] if b else []
    # The terms both sides share, once (the same products as in b² - 4ac and (-b ± √…) / 2a).
    square, four_a, two_a, minus_b = b * b, 4 * a, 2 * a, -b
    roots: list[float] = []
    for c in (low, high):
        discriminant = square - four_a * c
        if discriminant >= 0:
            root = math.sqrt(discriminant)
            roots += ((minus_b - root) / two_a, (minus_b + root) / two_a)
    return roots


def _bezier(curve: Curve, t: float) -> Point:
    """Return the point of a quadratic Bézier curve at parameter t."""
    return _blossom(curve, t, t)


def _blossom(curve: Curve, u: float, v: float) -> Point:
    """Return the blossom b(u, v) of a quadratic curve (the control point of its [u, v] part)."""
    (x0, y0), (x1, y1), (x2, y2) = curve
    a, b, c = (1 - u) * (1 - v), (1 - u) * v + u * (1 - v), u * v
    return a * x0 + b * x1 + c * x2, a * y0 + b * y1 + c * y2


def _fit_to_page(boxes: list[Box], kinds: tuple[str, ...]) -> tuple[float, float, float, float]:
    """Return the page's width and height, and the shift (dx, dy) that puts the drawing
    made of these boxes below the legend."""
    if not boxes:
        return 320.0, LEGEND_HEIGHT + 2 * MARGIN, 0.0, 0.0
    # `box.left` and `box.top` once each, without the calls.
    lefts = [box.x - box.width / 2 for box in boxes]
    tops = [box.y - box.height / 2 for box in boxes]
    left, top = min(lefts), min(tops)
    right = max([start + box.width for start, box in zip(lefts, boxes, strict=True)])
    bottom = max([start + box.height for start, box in zip(tops, boxes, strict=True)])
    width = max(right - left + 2 * MARGIN, _get_legend_width(kinds) + 2 * MARGIN)
    height = bottom - top + 2 * MARGIN + LEGEND_HEIGHT
    return round(width), round(height), MARGIN - left, MARGIN + LEGEND_HEIGHT - top


def _move_edge(link: _Link, text: str, route: Route, dx: float, dy: float) -> EdgeLayout:
    """Return a routed link as drawn, translated by (dx, dy)."""
    (start, control, end), label_box = route
    return EdgeLayout(
        link.source,
        link.target,
        link.label,
        text,
        (start[0] + dx, start[1] + dy),
        (control[0] + dx, control[1] + dy),
        (end[0] + dx, end[1] + dy),
        label_box.moved(dx, dy),
        link.both_ways,
    )


def _get_legend_width(kinds: tuple[str, ...]) -> float:
    """Return the width of the legend row."""
    return sum(_get_legend_step(kind) for kind in kinds)


def _get_legend_step(kind: str) -> float:
    """Return the room one legend entry takes: swatch, name and spacing."""
    return 22 + get_text_width(get_kind_name(kind), NODE_FONT) + 18


@functools.cache
def _draw_legend(kinds: tuple[str, ...]) -> tuple[str, ...]:
    """Return one swatch and name per kind present, in a row above the drawing (the same
    few legends recur in every diagram)."""
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
    return tuple(parts)


def _draw_edges(edges: tuple[EdgeLayout, ...]) -> list[str]:
    """Return the edge curves and their arrowheads."""
    parts = [f'<g class="edges" fill="none" stroke="{EDGE_COLOUR}" stroke-width="1.3">']
    heads = [f'<g class="arrows" fill="{EDGE_COLOUR}">']
    for edge in edges:
        (x0, y0), (x1, y1), (x2, y2) = edge.start, edge.control, edge.end
        # `{value:z.1f}` is `fmt(value)` without a call: drawing writes many numbers.
        parts.append(f'<path d="M{x0:z.1f} {y0:z.1f} Q{x1:z.1f} {y1:z.1f} {x2:z.1f} {y2:z.1f}"/>')
        heads.append(_draw_arrowhead(edge.end, edge.control))
        if edge.both_ways:
            heads.append(_draw_arrowhead(edge.start, edge.control))
    return [*parts, "</g>", *heads, "</g>"]


def _draw_arrowhead(tip: Point, towards: Point) -> str:
    """Return a small triangle pointing at `tip`, coming from the direction of `towards`."""
    x, y = tip
    ex, ey = x - towards[0], y - towards[1]
    length = math.hypot(ex, ey) or 1.0
    ux, uy = ex / length, ey / length
    bx, by = x - ux * ARROW_LENGTH, y - uy * ARROW_LENGTH
    # The corners: the tip, then either side of the base.
    lx, ly = bx - uy * ARROW_HALF_WIDTH, by + ux * ARROW_HALF_WIDTH
    rx, ry = bx + uy * ARROW_HALF_WIDTH, by - ux * ARROW_HALF_WIDTH
    return f'<polygon points="{x:z.1f},{y:z.1f} {lx:z.1f},{ly:z.1f} {rx:z.1f},{ry:z.1f}"/>'


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
            f'<rect x="{box.left:z.1f}" y="{box.top:z.1f}" width="{box.width:z.1f}"'
            f' height="{box.height:z.1f}" rx="3" fill="#ffffff" fill-opacity="0.92"'
            f' stroke="#d0d0d0" stroke-width="0.6"/>',
            text_element(box.x, box.y + EDGE_FONT * 0.36, edge.text, fill="#333333"),
            "</g>",
        ]
    return [*parts, "</g>"]


def _draw_nodes(boxes: list[tuple[str, str]], hrefs: Mapping[str, str]) -> list[str]:
    """Return every drawn node box (by id) inside a link to its page."""
    parts = ['<g class="nodes" text-anchor="middle">']
    for node_id, box in boxes:
        parts += [_open_node_link(hrefs[node_id], node_id), box, "</a>"]
    return [*parts, "</g>"]


@functools.cache
def _open_node_link(href: str, node_id: str) -> str:
    """Return the start of the link around a node's box (each node recurs in the diagrams
    of its neighbours, mostly with the same link)."""
    return open_link(href, [("data-node", node_id)])


def _draw_node(layout: NodeLayout) -> str:
    """Return one node's hover title, optional focus halo, box and text (lines of SVG)."""
    node, box = layout.node, layout.box
    swatch = get_swatch(node.kind)
    radius = min(swatch.radius, box.height / 2)
    left, top = box.left, box.top
    title = title_element(node.label)
    rect = (
        f'<rect x="{left:z.1f}" y="{top:z.1f}" width="{box.width:z.1f}"'
        f' height="{box.height:z.1f}" rx="{radius:z.1f}" fill="{swatch.fill}"'
        f' stroke="{swatch.stroke}" stroke-width="{"2" if layout.focus else "1"}"/>'
    )
    if not layout.focus:
        y = box.y + NODE_FONT * 0.36
        return f"{title}\n{rect}\n{text_element(box.x, y, layout.text, fill=swatch.text)}"
    halo = (
        f'<rect x="{left - 5:z.1f}" y="{top - 5:z.1f}" width="{box.width + 10:z.1f}"'
        f' height="{box.height + 10:z.1f}" rx="{radius + 5:z.1f}" fill="#ffd23f"'
        ' stroke="#1a1a1a" stroke-width="1.5"/>'
    )
    text = text_element(
        box.x,
        box.y + FOCUS_FONT * 0.36,
        layout.text,
        fill=swatch.text,
        font_weight="bold",
        font_size=fmt(FOCUS_FONT),
    )
    return f"{title}\n{halo}\n{rect}\n{text}"
