"""Diagrams from the linked model: which links they draw, where they lead, how they embed."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import diagram_pages, pipeline
from generator.diagrams.network import Edge
from generator.model import Linked

from .conftest import GOLDEN

HREF = re.compile(r'<a href="([^"]+)"')
Generated = tuple[Linked, dict[str, str]]


@pytest.fixture(scope="module")
def basic() -> Generated:
    return pipeline.generate(GOLDEN / "basic")


def test_network_links_come_from_relations_offices_nationality_roles_and_places(
    basic: Generated,
) -> None:
    linked, _ = basic
    assert diagram_pages.network_edges(linked.dossier) == [
        Edge("ana-nunez", "freedonia", "Harbour master"),
        Edge("ana-nunez", "freedonia", "citizen of"),
        Edge("ana-nunez", "harbour-authority", "Harbour master"),
        Edge("ana-nunez", "harbour-authority", "member of"),
        Edge("harbour-authority", "freedonia", "belongs to"),
        Edge("nunez-resignation", "ana-nunez", "resigned"),
        Edge("nunez-resignation", "freedonia", "took place in"),
    ]


def test_every_diagram_link_leads_to_a_generated_page(basic: Generated) -> None:
    _, pages = basic
    built = {path.removesuffix(".md") + ".html" for path in pages if path.endswith(".md")}
    built |= {path for path in pages if path.endswith(".svg")}
    checked = 0
    for path, text in pages.items():
        for figure in re.findall(r"<svg .*?</svg>", text, re.DOTALL):
            for href in HREF.findall(figure):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
                assert target in built, f"{path}: diagram link {href} leads nowhere"
                checked += 1
    assert checked > 20


def test_diagram_files_and_inline_copies_are_written(basic: Generated) -> None:
    _, pages = basic
    assert {p for p in pages if p.endswith(".svg")} == {
        "assets/dossier/network.svg",
        "assets/dossier/timeline.svg",
        "assets/dossier/network/ana-nunez.svg",
        "assets/dossier/network/freedonia.svg",
        "assets/dossier/network/harbour-authority.svg",
        "assets/dossier/network/nunez-resignation.svg",
    }
    entity = pages["people/ana-nunez.md"]
    assert '<figure class="dossier-figure" data-search-exclude>' in entity
    assert '<a href="../assets/dossier/network/ana-nunez.svg">' in entity
    assert 'role="group"' in entity, "inline, the diagram's links must stay reachable"
    assert 'role="img"' in pages["assets/dossier/network/ana-nunez.svg"]
    assert "## Connections" not in pages["people/tom-reyes.md"], "Tom Reyes has no links"


def test_the_network_page_is_wide_and_lists_every_link(basic: Generated) -> None:
    _, pages = basic
    page = pages["network.md"]
    assert "hide: [navigation, toc]" in page
    assert re.search(
        r'class="dossier-figure dossier-wide" style="--dossier-width: [0-9.]+px"', page
    )
    assert (
        "| [Ana Núñez](people/ana-nunez.md) | citizen of | [Freedonia](countries/freedonia.md) |"
        in page
    )


def test_timeline_spans_keep_ranges_precision_and_inferred_dates(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    event = root / "data" / "events" / "nunez-resignation.yml"
    text = event.read_text("utf-8").replace("date: 2024-03-03", "date: 2024-03/2024-05")
    event.write_text(text + "inferred: the report gives only the months\n", "utf-8")
    (span,) = diagram_pages.make_spans(pipeline.check(root).dossier, "timeline.md")
    assert (span.start, span.end) == (dt.date(2024, 3, 1), dt.date(2024, 5, 31))
    assert (span.precision, span.inferred) == ("month", True)
    assert span.href == "events/nunez-resignation.html"


def test_links_are_relative_to_where_the_svg_is() -> None:
    linked = pipeline.check(GOLDEN / "basic")
    freedonia = linked.dossier.entities["freedonia"]
    assert diagram_pages.page_url(freedonia, "network.md") == "countries/freedonia.html"
    assert diagram_pages.page_url(freedonia, "people/ana-nunez.md") == "../countries/freedonia.html"
    path = diagram_pages.neighbourhood_file("ana-nunez")
    assert diagram_pages.page_url(freedonia, path) == "../../../countries/freedonia.html"


def test_the_whole_network_draws_only_its_most_linked_entities() -> None:
    hub_links = [Edge("hub", f"leaf-{n:02}", "knows") for n in range(70)]
    edges = [*hub_links, Edge("leaf-00", "leaf-01", "knows"), Edge("leaf-02", "leaf-03", "knows")]
    kept, drawn = diagram_pages.most_linked(edges, 4)
    assert kept == {"hub", "leaf-00", "leaf-01", "leaf-02"}, "most neighbours first, then by id"
    assert drawn == [edges[0], edges[1], edges[2], edges[70]]
    assert diagram_pages.most_linked(edges, 100) == ({"hub"} | {e.target for e in edges}, edges)


def test_a_big_network_page_says_what_its_diagram_leaves_out(
    dossier_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diagram_pages, "MAX_NETWORK_NODES", 2)
    _, pages = pipeline.generate(dossier_copy("basic"))
    nodes = re.findall(r'data-node="([^"]+)"', pages["network.md"])
    assert sorted(nodes) == ["ana-nunez", "freedonia"]
    assert "The 2 most linked of 4 entities and the links between them" in pages["network.md"]
    rows = [line for line in pages["network.md"].splitlines() if line.startswith("| [")]
    assert len(rows) == 7, "the table still lists every link"
