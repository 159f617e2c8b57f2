"""Tests for the SVG network and timeline diagrams."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import random
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagrams import network as net
from generator.diagrams import svg
from generator.diagrams import timeline as tl
from generator.diagrams.network import Edge, Node, layout_network, render_network
from generator.diagrams.timeline import Span, layout_timeline, render_timeline

NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
HOSTILE = "<script>alert('x')</script> & \"Smith\" <Ltd> ]]> \u202e\x00\x07 end"
KINDS = ("person", "organization", "country", "event")
RELATIONS = ("spouse of", "member of", "director of", "citizen of", "attended", "adviser to")
Rect = tuple[float, float, float, float]


def make_graph(count: int, extra: int, seed: int = 1) -> tuple[list[Node], list[Edge]]:
    """Return a connected sample graph: a random tree plus `extra` random edges."""
    rng = random.Random(seed)
    nodes = [
        Node(
            f"n{i:03d}", f"Entity {i} {'x' * rng.randrange(0, 20)}", KINDS[i % 4], f"../e/n{i:03d}/"
        )
        for i in range(count)
    ]
    edges = [
        Edge(nodes[i].id, nodes[rng.randrange(i)].id, rng.choice(RELATIONS))
        for i in range(1, count)
    ]
    for _ in range(extra):
        a, b = rng.sample(range(count), 2)
        edges.append(Edge(nodes[a].id, nodes[b].id, rng.choice(RELATIONS)))
    return nodes, edges


def make_spans(count: int, seed: int = 3, first: int = 1954, last: int = 2025) -> list[Span]:
    """Return sample events: days, months, years and ranges, some partly inferred."""
    rng = random.Random(seed)
    spans = []
    for i in range(count):
        start = dt.date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))
        end, precision = start, "day"
        if i % 4 == 1:
            days = calendar.monthrange(start.year, start.month)[1]
            start, end, precision = start.replace(day=1), start.replace(day=days), "month"
        elif i % 4 == 2:
            end = min(dt.date(last, 12, 31), start + dt.timedelta(days=rng.randint(30, 4000)))
        spans.append(
            Span(f"s{i:03d}", f"Event {i}", start, end, precision, i % 3 == 0, f"../s/{i}/")
        )
    return spans


def parse(document: str) -> ET.Element:
    """Parse an SVG document, failing the test if it is not well-formed XML."""
    return ET.fromstring(document)


def rect_of(box: net.Box) -> Rect:
    """Return a box as (left, top, right, bottom)."""
    return (
        box.x - box.width / 2,
        box.y - box.height / 2,
        box.x + box.width / 2,
        box.y + box.height / 2,
    )


def overlapping(a: Rect, b: Rect) -> bool:
    """Tell whether two rectangles share some area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_standalone(document: str) -> ET.Element:
    """Assert the common shape of every diagram and return its root."""
    root = parse(document)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") and root.get("width") and root.get("height")
    assert [child.tag for child in root[:2]] == [f"{NS}title", f"{NS}desc"]
    assert root.get("aria-labelledby") == f"{root[0].get('id')} {root[1].get('id')}"
    # The look-behind keeps the search linear on labels made of 100,000 letters.
    urls = set(re.findall(r"(?<![A-Za-z])[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]*", document))
    assert urls <= {svg.SVG_NS, svg.XLINK_NS}
    for banned in ("<script", "<style", "<foreignObject", "<image", "<marker", "url(", "@import"):
        assert banned not in document
    return root


def links_by(root: ET.Element, attribute: str) -> dict[str, ET.Element]:
    """Return the `<a>` elements by their data attribute."""
    return {a.get(attribute, ""): a for a in root.iter(f"{NS}a")}


# Network


def test_network_is_a_standalone_svg_with_title_and_desc() -> None:
    nodes, edges = make_graph(12, 4)
    root = check_standalone(render_network(nodes, edges, title="Ties & <links>", description="D"))
    assert root[0].text == "Ties & <links>"
    assert root[1].text == "D"


def test_every_node_is_a_link_to_its_page() -> None:
    nodes, edges = make_graph(15, 5)
    links = links_by(parse(render_network(nodes, edges, title="t", description="d")), "data-node")
    assert set(links) == {node.id for node in nodes}
    for node in nodes:
        link = links[node.id]
        assert link.get("href") == link.get(XLINK_HREF) == node.href
        assert link.find(f"{NS}rect") is not None
        assert link.find(f"{NS}title") is not None
        assert link.find(f"{NS}title").text == node.label  # type: ignore[union-attr]


def test_legend_lists_each_kind_present() -> None:
    nodes = [Node("a", "A", "person", "a/"), Node("b", "B", "event", "b/")]
    root = parse(render_network(nodes, [Edge("a", "b", "attended")], title="t", description="d"))
    legend = next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend")
    assert [text.text for text in legend.iter(f"{NS}text")] == ["Person", "Event"]


def test_network_is_deterministic_whatever_the_input_order() -> None:
    nodes, edges = make_graph(30, 10)
    expected = render_network(nodes, edges, title="t", description="d")
    rng = random.Random(7)
    for _ in range(3):
        rng.shuffle(nodes)
        rng.shuffle(edges)
        assert render_network(nodes, edges, title="t", description="d") == expected


def test_no_two_boxes_overlap_in_a_40_node_graph() -> None:
    nodes, edges = make_graph(40, 15)
    layout = layout_network(nodes, edges)
    boxes = [rect_of(item.box) for item in layout.nodes]
    boxes += [rect_of(edge.label_box) for edge in layout.edges if edge.text]
    assert len(boxes) > 40
    for a, b in itertools.combinations(boxes, 2):
        assert not overlapping(a, b)
    for rect in boxes:
        assert rect[0] >= 0 and rect[2] <= layout.width
        assert rect[1] >= 0 and rect[3] <= layout.height


def test_node_boxes_fit_their_text() -> None:
    nodes, edges = make_graph(10, 2)
    for item in layout_network(nodes, edges, focus="n003").nodes:
        size = net.FOCUS_FONT if item.focus else net.NODE_FONT
        width = svg.get_text_width(item.text, size, bold=item.focus)
        assert width + 2 * net.NODE_PAD <= item.box.width + 0.01


def test_focus_is_in_the_middle_and_highlighted() -> None:
    nodes, _ = make_graph(40, 0)
    star = [Edge("n000", node.id, "member of") for node in nodes[1:]]
    layout = layout_network(nodes, star, focus="n000")
    focus = next(item for item in layout.nodes if item.focus)
    assert focus.node.id == "n000"
    xs = [item.box.x for item in layout.nodes]
    assert abs(focus.box.x - (min(xs) + max(xs)) / 2) < 60
    boxes = [rect_of(item.box) for item in layout.nodes]
    boxes += [rect_of(edge.label_box) for edge in layout.edges]
    assert not any(overlapping(a, b) for a, b in itertools.combinations(boxes, 2))
    root = parse(render_network(nodes, star, title="t", description="d", focus="n000"))
    texts = links_by(root, "data-node")["n000"].findall(f"{NS}text")
    assert [text.get("font-weight") for text in texts] == ["bold"]


def test_two_hop_neighbourhood_has_columns_around_the_focus() -> None:
    nodes = [Node(name, name.upper(), "person", f"{name}/") for name in "fabcxyz"]
    edges = [Edge("f", a, "knows") for a in "abc"] + [
        Edge(a, b, "knows") for a, b in ("ax", "by", "cz")
    ]
    edges.append(Edge("a", "b", "spouse of"))
    layout = layout_network(nodes, edges, focus="f")
    at = {item.node.id: item.box for item in layout.nodes}
    for near, far in ("ax", "by", "cz"):
        assert abs(at[far].x - at["f"].x) > abs(at[near].x - at["f"].x)
    boxes = [rect_of(item.box) for item in layout.nodes]
    boxes += [rect_of(edge.label_box) for edge in layout.edges]
    assert not any(overlapping(a, b) for a, b in itertools.combinations(boxes, 2))


def test_deep_graph_keeps_the_focus_near_the_middle() -> None:
    nodes, edges = make_graph(25, 6)
    layout = layout_network(nodes, edges, focus="n000")
    focus = next(item.box for item in layout.nodes if item.focus)
    assert layout.width * 0.25 < focus.x < layout.width * 0.75
    assert layout.height * 0.25 < focus.y < layout.height * 0.75
    boxes = [rect_of(item.box) for item in layout.nodes]
    boxes += [rect_of(edge.label_box) for edge in layout.edges]
    assert not any(overlapping(a, b) for a, b in itertools.combinations(boxes, 2))


def test_parallel_edges_are_merged_into_one_label() -> None:
    nodes = [Node("a", "Ann", "person", "a/"), Node("b", "Bob", "person", "b/")]
    edges = [Edge("a", "b", "spouse of"), Edge("a", "b", "member of"), Edge("a", "b", "spouse of")]
    (edge,) = layout_network(nodes, edges).edges
    assert edge.label == "member of; spouse of"
    assert not edge.both_ways


def test_mutual_edge_is_one_line_with_two_arrowheads() -> None:
    nodes = [Node("a", "Ann", "person", "a/"), Node("b", "Bob", "person", "b/")]
    edges = [Edge("a", "b", "spouse of"), Edge("b", "a", "spouse of")]
    (edge,) = layout_network(nodes, edges).edges
    assert edge.both_ways
    document = render_network(nodes, edges, title="t", description="d")
    assert document.count("<polygon") == 2


def test_opposite_edges_with_different_labels_are_drawn_apart() -> None:
    nodes = [Node("a", "Ann", "person", "a/"), Node("b", "Acme", "organization", "b/")]
    edges = [Edge("a", "b", "director of"), Edge("b", "a", "employer of")]
    first, second = layout_network(nodes, edges).edges
    assert {first.label, second.label} == {"director of", "employer of"}
    assert not overlapping(rect_of(first.label_box), rect_of(second.label_box))


def test_hostile_labels_are_escaped_and_truncated() -> None:
    label = HOSTILE + "y" * 100_000
    nodes = [Node("a", label, "person", 'a/?x=1&y="2"'), Node("b", HOSTILE, "event", "b/")]
    edges = [Edge("a", "b", label)]
    document = render_network(nodes, edges, title=HOSTILE, description=label, focus="a")
    root = check_standalone(document)
    assert not list(root.iter("script")) and not list(root.iter(f"{NS}script"))
    link = links_by(root, "data-node")["a"]
    assert link.get("href") == 'a/?x=1&y="2"'
    title = link.find(f"{NS}title")
    assert title is not None and title.text == svg.clean(label)
    (drawn,) = link.findall(f"{NS}text")
    assert drawn.text is not None and drawn.text.endswith(svg.ELLIPSIS) and len(drawn.text) < 40
    assert root[0].text == svg.clean(HOSTILE)


def test_absolute_links_and_bad_graphs_are_refused() -> None:
    good = Node("a", "A", "person", "a/")
    for href in ("javascript:alert(1)", "https://example.org/", "//example.org/x"):
        with pytest.raises(ValueError, match="relative"):
            render_network([Node("b", "B", "person", href)], [], title="t", description="d")
    with pytest.raises(ValueError, match="duplicate"):
        layout_network([good, good], [])
    with pytest.raises(ValueError, match="no node 'z'"):
        layout_network([good], [Edge("a", "z", "knows")])
    with pytest.raises(ValueError, match="focus"):
        layout_network([good], [], focus="z")


def test_self_loops_are_dropped_and_empty_graphs_render() -> None:
    node = Node("a", "A", "person", "a/")
    assert layout_network([node], [Edge("a", "a", "self")]).edges == ()
    check_standalone(render_network([], [], title="t", description="d"))


def test_unknown_kind_is_grey_and_named_in_the_legend() -> None:
    root = parse(render_network([Node("v", "V", "vessel", "v/")], [], title="t", description="d"))
    legend = next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend")
    assert [text.text for text in legend.iter(f"{NS}text")] == ["Vessel"]
    assert svg.get_swatch("vessel") == svg.OTHER_SWATCH


def test_palette_text_meets_wcag_aa() -> None:
    for swatch in [*svg.KIND_SWATCHES.values(), svg.OTHER_SWATCH]:
        assert svg.get_contrast(swatch.text, swatch.fill) >= 4.5
    for colour in (svg.TEXT_DARK, "#333333"):
        assert svg.get_contrast(colour, svg.BACKGROUND) >= 4.5
    assert svg.get_contrast(svg.TEXT_DARK, tl.INFERRED_FILL) >= 4.5
    assert svg.get_contrast(svg.TEXT_LIGHT, tl.FILL) >= 4.5


def test_500_nodes_and_1000_edges_render_every_node() -> None:
    nodes, edges = make_graph(500, 0, seed=5)
    rng = random.Random(9)
    pairs = {(edge.source, edge.target) for edge in edges}
    while len(pairs) < 1000:
        a, b = rng.sample(nodes, 2)
        pairs.add((a.id, b.id))
    edges = [Edge(a, b, rng.choice(RELATIONS)) for a, b in sorted(pairs)]
    document = render_network(nodes, edges, title="t", description="d")
    assert len(links_by(parse(document), "data-node")) == 500


graph_ids = st.lists(
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=6),
    min_size=0,
    max_size=9,
    unique=True,
)


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[Node], list[Edge], str | None]:
    """Draw a small graph with arbitrary text, and maybe a focus."""
    ids = draw(graph_ids)
    labels = st.text(max_size=40)
    nodes = [Node(i, draw(labels), draw(st.sampled_from((*KINDS, "other"))), "p/") for i in ids]
    pairs = st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=15)
    edges = [Edge(a, b, draw(labels)) for a, b in (draw(pairs) if ids else [])]
    focus: str | None = None
    wants_focus: bool = draw(st.booleans())
    if ids and wants_focus:
        focus = draw(st.sampled_from(ids))
    return nodes, edges, focus


@settings(max_examples=60, deadline=None)
@given(graph=graphs(), order=st.randoms(use_true_random=False))
def test_random_graphs_give_valid_deterministic_svg(
    graph: tuple[list[Node], list[Edge], str | None], order: random.Random
) -> None:
    nodes, edges, focus = graph
    document = render_network(nodes, edges, title="t", description="d", focus=focus)
    root = check_standalone(document)
    assert set(links_by(root, "data-node")) == {svg.clean(node.id) for node in nodes}
    order.shuffle(nodes)
    order.shuffle(edges)
    assert render_network(nodes, edges, title="t", description="d", focus=focus) == document
    layout = layout_network(nodes, edges, focus=focus)
    boxes = [rect_of(item.box) for item in layout.nodes]
    assert not any(overlapping(a, b) for a, b in itertools.combinations(boxes, 2))


# Timeline


def test_timeline_is_a_standalone_svg_and_every_event_a_link() -> None:
    spans = make_spans(20)
    root = check_standalone(render_timeline(spans, title="When", description="D"))
    links = links_by(root, "data-span")
    assert set(links) == {span.id for span in spans}
    for span in spans:
        assert links[span.id].get("href") == links[span.id].get(XLINK_HREF) == span.href


def test_ranges_are_bars_wider_than_points() -> None:
    day = Span("d", "Day", dt.date(2000, 5, 1), dt.date(2000, 5, 1), "day", False, "d/")
    week = Span("w", "Week", dt.date(2000, 6, 1), dt.date(2000, 6, 7), "day", False, "w/")
    month = Span("m", "Month", dt.date(2000, 2, 1), dt.date(2000, 2, 29), "month", False, "m/")
    items = {item.span.id: item for item in layout_timeline([day, week, month]).items}
    assert items["d"].shape == items["m"].shape == "point"
    assert items["w"].shape == "bar"
    assert items["w"].x1 - items["w"].x0 > items["d"].x1 - items["d"].x0
    assert items["m"].whisker is not None and items["d"].whisker is None


def test_inferred_dates_are_dashed_and_in_the_legend() -> None:
    spans = [
        Span("a", "Stated", dt.date(2001, 1, 1), dt.date(2003, 1, 1), "day", False, "a/"),
        Span("b", "Guessed", dt.date(2004, 1, 1), dt.date(2006, 1, 1), "day", True, "b/"),
        Span("c", "Guessed day", dt.date(2005, 3, 1), dt.date(2005, 3, 1), "day", True, "c/"),
    ]
    document = render_timeline(spans, title="t", description="d")
    links = links_by(parse(document), "data-span")
    for span_id, inferred in (("a", False), ("b", True), ("c", True)):
        marks = [e for e in links[span_id] if e.tag in (f"{NS}rect", f"{NS}circle")]
        assert [m.get("stroke-dasharray") is not None for m in marks] == [inferred]
    assert "date partly inferred" in document
    assert "date partly inferred" not in render_timeline(spans[:1], title="t", description="d")


@pytest.mark.parametrize("count", [1, 30, 200])
def test_lanes_keep_events_and_labels_apart(count: int) -> None:
    layout = layout_timeline(make_spans(count))
    assert len(layout.items) == count
    for a, b in itertools.combinations(layout.items, 2):
        if a.lane == b.lane:
            (a0, a1), (b0, b1) = a.extent, b.extent
            assert a1 <= b0 or b1 <= a0
    for item in layout.items:
        assert item.extent[0] >= 0 and item.extent[1] <= layout.width
    assert layout.height >= layout.axis_y + layout.lanes * tl.LANE_HEIGHT


def test_height_grows_with_lanes() -> None:
    small, large = layout_timeline(make_spans(5)), layout_timeline(make_spans(200))
    assert large.lanes > small.lanes
    assert large.height > small.height
    assert large.bottom_axis_y is not None


def test_long_timeline_has_year_ticks_and_short_one_month_ticks() -> None:
    long = layout_timeline(make_spans(40, first=1954, last=2025))
    years = [label.text for label in long.labels]
    assert years[0] <= "1960" and years[-1] >= "2020"
    assert all(text.isdigit() for text in years)
    assert len(long.ticks) >= 2025 - 1954
    short = layout_timeline(make_spans(5, first=2021, last=2021))
    assert [label.text for label in short.labels if label.row == 1] == ["2021", "2022"]
    months = [label.text for label in short.labels if label.row == 0]
    assert months == [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
    assert len([tick for tick in short.ticks if not tick.major]) == 11


def test_single_event_and_empty_timeline_render() -> None:
    one = [Span("a", "Signed", dt.date(2020, 5, 3), dt.date(2020, 5, 3), "day", False, "a/")]
    check_standalone(render_timeline(one, title="t", description="d"))
    check_standalone(render_timeline([], title="t", description="d"))


def test_timeline_is_deterministic_whatever_the_input_order() -> None:
    spans = make_spans(60)
    expected = render_timeline(spans, title="t", description="d")
    random.Random(2).shuffle(spans)
    assert render_timeline(spans, title="t", description="d") == expected


def test_timeline_escapes_and_truncates_hostile_labels() -> None:
    label = HOSTILE + "z" * 100_000
    spans = [Span("a", label, dt.date(2000, 1, 1), dt.date(2000, 1, 1), "day", True, "a/&b")]
    root = check_standalone(render_timeline(spans, title=HOSTILE, description=label))
    link = links_by(root, "data-span")["a"]
    assert link.get("href") == "a/&b"
    title = link.find(f"{NS}title")
    assert title is not None and title.text is not None
    assert title.text.startswith(svg.clean(label))
    (drawn,) = link.findall(f"{NS}text")
    assert drawn.text is not None and drawn.text.endswith(svg.ELLIPSIS) and len(drawn.text) < 60


def test_bad_spans_are_refused() -> None:
    day = dt.date(2000, 1, 1)
    with pytest.raises(ValueError, match="before it starts"):
        layout_timeline([Span("a", "A", day, day - dt.timedelta(days=1), "day", False, "a/")])
    with pytest.raises(ValueError, match="precision"):
        layout_timeline([Span("a", "A", day, day, "week", False, "a/")])
    with pytest.raises(ValueError, match="duplicate"):
        layout_timeline([Span("a", "A", day, day, "day", False, "a/")] * 2)


@pytest.mark.parametrize(
    ("start", "end", "precision", "inferred", "expected"),
    [
        (dt.date(1972, 3, 1), dt.date(1972, 3, 1), "day", False, "1972-03-01"),
        (dt.date(1972, 3, 1), dt.date(1972, 3, 31), "month", False, "March 1972"),
        (dt.date(1972, 1, 1), dt.date(1972, 12, 31), "year", True, "1972, date partly inferred"),
        (dt.date(2013, 1, 1), dt.date(2016, 12, 31), "year", False, "2013 \u2013 2016"),
    ],
)
def test_dates_are_described_at_their_precision(
    start: dt.date, end: dt.date, precision: str, inferred: bool, expected: str
) -> None:
    assert tl.describe_date(Span("a", "A", start, end, precision, inferred, "a/")) == expected


spans_strategy = st.lists(
    st.tuples(
        st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
        st.integers(0, 3000),
        st.sampled_from(tl.PRECISIONS),
        st.booleans(),
        st.text(max_size=30),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(raw=spans_strategy, order=st.randoms(use_true_random=False))
def test_random_timelines_give_valid_deterministic_svg(
    raw: list[tuple[dt.date, int, str, bool, str]], order: random.Random
) -> None:
    spans = [
        Span(f"s{i}", label, start, start + dt.timedelta(days=days), precision, inferred, "x/")
        for i, (start, days, precision, inferred, label) in enumerate(raw)
    ]
    document = render_timeline(spans, title="t", description="d")
    check_standalone(document)
    order.shuffle(spans)
    assert render_timeline(spans, title="t", description="d") == document
    layout = layout_timeline(spans)
    for a, b in itertools.combinations(layout.items, 2):
        if a.lane == b.lane:
            assert a.extent[1] <= b.extent[0] or b.extent[1] <= a.extent[0]


# Shared helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a<b", "a&lt;b"), ("a&b", "a&amp;b"), ("\x00x", "\ufffdx"), ("\ud800", "\ufffd")],
)
def test_escape_text(text: str, expected: str) -> None:
    assert svg.escape_text(text) == expected


def test_escape_attr_keeps_quotes_and_newlines() -> None:
    escaped = svg.escape_attr("a\"b'c\nd")
    assert parse(f'<x y="{escaped}"/>').get("y") == "a\"b'c\nd"


def test_fmt_has_one_decimal_and_no_negative_zero() -> None:
    assert [svg.fmt(v) for v in (0.04, -0.04, 1.25, 2.0, -3.46)] == [
        "0.0",
        "0.0",
        "1.2",
        "2.0",
        "-3.5",
    ]


def test_truncate_fits_the_width() -> None:
    assert svg.truncate("short", 100, 12) == "short"
    cut = svg.truncate("word " * 50, 100, 12)
    assert cut.endswith(svg.ELLIPSIS) and svg.get_text_width(cut, 12) <= 100
    assert svg.truncate("line\none", 100, 12) == "line one"
