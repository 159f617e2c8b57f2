"""The network layout's shortcuts change nothing: same boxes, same crossings, same layout.

`_separate_boxes` keeps the boxes as they are when a sweep finds no overlap, and an
`_Index` of up to `_SCAN_LIMIT` boxes scans them instead of keeping a grid, checking an
edge only against the boxes within the bounds of its three points. Each test here holds
a shortcut against the full computation.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.diagrams import network as net
from generator.diagrams.network import Box, Edge, Node, layout_network

# Halves keep every sample point exact, so that no rounding puts a point on a box's
# border in the next cell of the grid. Boxes often share a size, as node boxes do.
coordinates = st.integers(-600, 600).map(lambda twice: twice / 2)
sizes = st.one_of(st.sampled_from((16, 32)), st.integers(1, 160))
boxes = st.builds(Box, coordinates, coordinates, sizes, sizes)
curves = st.tuples(*[st.tuples(coordinates, coordinates)] * 3)
# Both kinds of index: one that scans its boxes, one that also keeps them in a grid.
box_lists = st.one_of(
    st.lists(boxes, max_size=net._SCAN_LIMIT),
    st.lists(boxes, min_size=net._SCAN_LIMIT + 1, max_size=3 * net._SCAN_LIMIT),
)


def holds(box: Box, point: tuple[float, float]) -> bool:
    """Tell whether a point is in a box, borders included."""
    return abs(point[0] - box.x) <= box.width / 2 and abs(point[1] - box.y) <= box.height / 2


def overlaps(a: Box, b: Box) -> bool:
    """Tell whether two boxes share some area."""
    return abs(a.x - b.x) < (a.width + b.width) / 2 and abs(a.y - b.y) < (a.height + b.height) / 2


def get_sides(boxes: list[Box]) -> tuple[list[float], list[float], list[float], list[float]]:
    """Return the centres and sizes, with the gap, that `_separate_boxes` works on."""
    xs, ys = [box.x for box in boxes], [box.y for box in boxes]
    return xs, ys, [box.width + net.GAP for box in boxes], [box.height + net.GAP for box in boxes]


@settings(max_examples=300, deadline=None)
@given(boxes=st.lists(boxes, max_size=40))
# Two boxes just less than, and exactly, the tallest box's height (with the gap) apart.
@example(boxes=[Box(0, 0, 40, 32), Box(10, 41.5, 40, 32)])
@example(boxes=[Box(0, 0, 40, 32), Box(10, 42, 40, 32)])
def test_the_sweep_finds_an_overlap_exactly_when_a_push_moves_something(boxes: list[Box]) -> None:
    xs, ys, ws, hs = get_sides(boxes)
    assert net._any_overlap(xs, ys, ws, hs) == net._push_apart(xs[:], ys[:], ws, hs)


@settings(max_examples=100, deadline=None)
@given(boxes=st.lists(boxes, max_size=30))
def test_separated_boxes_are_those_pushing_gives(boxes: list[Box]) -> None:
    separated = net._separate_boxes(boxes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(net, "_any_overlap", lambda *_: True)
        assert net._separate_boxes(boxes) == separated


@settings(max_examples=300, deadline=None)
@given(boxes=box_lists, curve=curves, probe=boxes, data=st.data())
def test_an_index_finds_the_boxes_on_a_curve_and_near_a_box(
    boxes: list[Box], curve: net.Curve, probe: Box, data: st.DataObject
) -> None:
    keyed = dict(enumerate(boxes))
    index = net._Index(keyed.items(), 64.0)
    if keyed:
        # A label moved elsewhere, as `_avoid_crossings` does.
        key = data.draw(st.sampled_from(list(keyed)))
        keyed[key] = data.draw(st.builds(Box, coordinates, coordinates, st.just(40), st.just(16)))
        index.remove(key)
        index.add(key, keyed[key])
    ignore: set[object] = set(data.draw(st.sets(st.sampled_from([*keyed, -1]), max_size=3)))
    points = net._sample(curve)
    assert index.crossing(curve, ignore) == {
        key
        for key, box in keyed.items()
        if key not in ignore and any(holds(box, point) for point in points)
    }
    assert index.near(probe) == {key for key, box in keyed.items() if overlaps(probe, box)}


def make_neighbourhood(count: int, seed: int) -> tuple[list[Node], list[Edge]]:
    """Return a focus `f` linked to `count` nodes, some of them linked to one another."""
    rng = random.Random(seed)
    kinds = ("person", "organization", "country", "event")
    nodes = [Node("f", "Focus entity", "person", "f/")] + [
        Node(f"n{i:02d}", f"Entity {i} {'x' * rng.randrange(20)}", rng.choice(kinds), "n/")
        for i in range(count)
    ]
    relations = ("member of", "director of and adviser to", "", "spouse of")
    ids = [node.id for node in nodes[1:]]
    edges = [Edge("f", node_id, rng.choice(relations)) for node_id in ids]
    for _ in range(count // 3):
        source, target = rng.sample(ids, 2)
        edges.append(Edge(source, target, rng.choice(relations)))
    return nodes, edges


@pytest.mark.parametrize(("count", "seed"), [(2, 1), (5, 2), (9, 3), (14, 4), (30, 5)])
def test_layouts_are_the_same_whether_the_index_scans_or_keeps_a_grid(
    count: int, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    nodes, edges = make_neighbourhood(count, seed)
    monkeypatch.setattr(net, "_SCAN_LIMIT", 1_000_000)
    scanned = layout_network(nodes, edges, focus="f")
    monkeypatch.setattr(net, "_SCAN_LIMIT", -1)
    assert layout_network(nodes, edges, focus="f") == scanned
