"""The offline PDF as a reader meets it: opened with pypdf, links followed, text read."""

from __future__ import annotations

import base64
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner

from generator import pipeline
from generator.cli import cli
from generator.errors import DossierError
from generator.model import Linked, Person
from generator.pdf import pagerefs
from generator.pdf.assemble import metadata_date, read_settings
from generator.pdf.markup import Converter, anchor_of, short_title
from generator.pdf.typeset import typeset_pdf
from generator.text import normalize_quote

from .conftest import GOLDEN, REPO, make_dossier

EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
CONTENTS_LINE = re.compile(r"^(.+?)\s*\.{3,}\s*(\d+)$")


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic dossier, with its PDF made by `dossier pdf` as a user runs it."""
    root = make_dossier(GOLDEN / "basic", tmp_path_factory.mktemp("pdf") / "basic")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(cli, ["pdf", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "pdf: wrote site/portville-harbour.pdf" in result.stderr, "no progress output"
    assert "(pass 2)" not in result.stderr, "page numbers should fit into the first layout"
    return root


@pytest.fixture(scope="module")
def reader(basic: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(basic / "site" / "portville-harbour.pdf")


@pytest.fixture(scope="module")
def linked(basic: Path) -> Linked:
    return pipeline.check(basic)


def outline(reader: pypdf.PdfReader) -> dict[str, int]:
    """Title of each bookmark -> the page (from 1) it opens."""

    def walk(items: list[Any]) -> Iterator[tuple[str, int]]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title, reader.get_destination_page_number(item) + 1

    return dict(walk(reader.outline))


def plain(text: str) -> str:
    """Text as compared: one space between words, straight quotes."""
    return normalize_quote(text)


@pytest.mark.slow
def test_outline_has_every_section_and_entity(reader: pypdf.PdfReader, linked: Linked) -> None:
    titles = outline(reader)
    sections = {"Contents", "Summary", "People", "Organizations", "Countries", "Events"}
    sections |= {"Timeline", "Sources", "How to read this dossier"}
    assert sections <= titles.keys()
    assert {e.name for e in linked.dossier.entities.values()} <= titles.keys()
    assert {s.info.title for s in linked.dossier.seeds.values()} <= titles.keys()


@pytest.mark.slow
def test_every_link_leads_to_a_place_in_the_file(reader: pypdf.PdfReader) -> None:
    destinations = reader.named_destinations
    links = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation["/Subtype"] == "/Link":
                assert "/A" not in annotation, f"link with an action: {annotation['/A']}"
                links.append(str(annotation["/Dest"]))
    assert len(links) > 50, "citations and cross-references should be links"
    assert [d for d in links if d not in destinations] == []


@pytest.mark.slow
def test_text_holds_every_name_and_quote(reader: pypdf.PdfReader, linked: Linked) -> None:
    text = plain(" ".join(page.extract_text() for page in reader.pages))
    people = [e for e in linked.dossier.entities.values() if isinstance(e, Person)]
    assert people and [p.name for p in people if p.name not in text] == []
    quotes = [plain(c.quote) for ref in linked.claims.values() for c in ref.claim.citations]
    assert quotes and [q for q in quotes if q not in text] == []
    # The spellings without accents that entity pages carry for search are not printed.
    assert "Ana Nunez; Nunez" not in text


@pytest.mark.slow
def test_contents_numbers_are_the_pages_of_the_headings(reader: pypdf.PdfReader) -> None:
    lines = reader.pages[1].extract_text().splitlines()
    contents = {m[1].strip(): int(m[2]) for m in map(CONTENTS_LINE.match, lines) if m}
    assert len(contents) > 10, f"contents not found in {lines}"
    titles = outline(reader)
    assert {title: titles[title] for title in contents} == contents
    for title, number in contents.items():
        assert title in reader.pages[number - 1].extract_text()


@pytest.mark.slow
def test_footnotes_give_source_paragraph_and_its_page(reader: pypdf.PdfReader) -> None:
    pages = [page.extract_text() for page in reader.pages]
    person = pages[outline(reader)["Ana Núñez"] - 1]
    notes = re.findall(r"Harbour master resigns…, ¶(\d), p\.\s(\d+)", person)
    assert len(notes) >= 3, person
    for paragraph, number in notes:
        assert f"¶{paragraph}" in pages[int(number) - 1], "the note names the wrong page"


@pytest.mark.slow
def test_pdf_is_tagged_titled_dated_and_embeds_dejavu(reader: pypdf.PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata is not None
    assert reader.metadata["/Title"] == "Portville harbour resignation"
    assert reader.metadata["/CreationDate"] == "D:20231114221320Z"
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in name for name in fonts), fonts


@pytest.mark.slow
def test_two_builds_are_byte_identical(basic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = basic / "again.pdf"
    result = CliRunner().invoke(cli, ["pdf", "--root", str(basic), "--output", str(again)])
    assert result.exit_code == 0, result.stderr
    assert again.read_bytes() == (basic / "site" / "portville-harbour.pdf").read_bytes()


@pytest.mark.slow
def test_build_puts_the_pdf_in_the_site_and_links_it_from_home(basic: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--root", str(basic)])
    assert result.exit_code == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (basic / "site" / "portville-harbour.pdf").stat().st_size > 10_000
    home = (basic / "site" / "index.html").read_text("utf-8")
    assert 'href="portville-harbour.pdf"' in home


# Units: converting pages, page references, dates, and WeasyPrint's guard rails.


@pytest.fixture
def converter() -> Converter:
    settings = read_settings(REPO / "mkdocs.yml")
    pages = {
        "people/ana.md": "",
        "sources/report.md": "",
        "assets/dossier/network/ana.svg": SVG,
        "tags.md": "",
    }
    targets = {"people/ana.md", "sources/report.md"}
    titles = {"sources/report.md": REPORT}
    return Converter(settings.extensions, settings.configs, targets, pages, REPO / "docs", titles)


REPORT = "Report of the harbour master on the night of the storm"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    "<title>Ana and her links</title><desc>Ana knows Tom.</desc>"
    '<a href="../../../people/ana.html"><title>Ana</title><rect width="4" height="4"/></a></svg>'
)


def test_short_titles_are_cut_after_a_word() -> None:
    assert short_title("Harbour master resigns in Portville") == "Harbour master resigns…"
    assert short_title("Harbour master resigns") == "Harbour master resigns"
    assert short_title("Supercalifragilisticexpialidocious-and-more!") == (
        "Supercalifragilisticexpialidocio…"
    )
    assert short_title("Peru: the Cuban ambassador, Zamora, is expelled") == (
        "Peru: the Cuban ambassador…"
    )


def test_anchor_of_a_page() -> None:
    assert anchor_of("people/ana-nunez.md") == "people--ana-nunez"
    assert anchor_of("people/index.md") == "people"
    assert anchor_of("timeline.md") == "timeline"


def test_links_between_pages_become_links_inside_the_document(converter: Converter) -> None:
    page = (
        "---\ntitle: Ana\n---\n# Ana\n\n[The claim](ana.md#claim-x), [¶3](../sources/report.md#p3)"
    )
    fragment = converter.convert("people/ana.md", page, level=2)
    assert fragment.title == "Ana"
    assert '<a href="#people--ana:claim-x">The claim</a>' in fragment.html
    assert '<a href="#sources--report:p3">¶3</a>' in fragment.html
    assert "<h2" not in fragment.html, "the title is the template's"


def test_links_that_cannot_work_in_a_pdf_become_text(
    converter: Converter, caplog: pytest.LogCaptureFixture
) -> None:
    page = "# A\n\n[web](https://example.org/x) [tags](../tags.md) [gone](../nowhere.md)\n"
    with caplog.at_level(logging.WARNING, "generator"):
        html = converter.convert("people/ana.md", page, level=2).html
    assert "href" not in html
    assert '<span class="url">web</span> (https://example.org/x)' in html
    assert [r.getMessage() for r in caplog.records] == [
        "people/ana.md: the link to '../nowhere.md' leads nowhere; printed as text"
    ]


def test_footnotes_move_to_their_call_named_by_the_source_label_with_a_page_placeholder(
    converter: Converter,
) -> None:
    page = (
        "# A\n\nSaid.[^1] Again.[^1][^2]\n\n"
        f"[^1]: [{REPORT}, ¶2](../sources/report.md#p2): “w”\n[^2]: x\n\n"
        f"## Mentioned in\n\n- [{REPORT}, ¶3](../sources/report.md#p3): “Ana”\n"
    )
    fragment = converter.convert("people/ana.md", page, level=2)
    assert fragment.notes == tuple(f"people--ana:note-{n}" for n in (1, 2, 3))
    note = (
        '<a href="#sources--report:p2">Report of the harbour master…, ¶2</a>'
        '<span class="page-ref" data-ref="sources--report:p2">0</span>: “w”</span>'
    )
    assert fragment.html.count(note) == 2
    assert '<span class="note note-follows" id="people--ana:note-3">x</span>' in fragment.html
    assert 'class="footnote"' not in fragment.html and "↩" not in fragment.html
    assert '<a href="#sources--report:p3">Report of the harbour master…, ¶3</a>' in fragment.html


def test_inline_svg_figure_becomes_an_image_with_alt_text(converter: Converter) -> None:
    page = (
        '# A\n\n<figure class="dossier-figure" data-search-exclude>\n<svg><title>x</title></svg>\n'
        '<figcaption>Click a box. <a href="../assets/dossier/network/ana.svg">Open it</a>.'
        "</figcaption>\n</figure>\n"
    )
    html = converter.convert("people/ana.md", page, level=2).html
    assert 'alt="Ana and her links. Ana knows Tom."' in html
    assert "<figcaption>Ana and her links</figcaption>" in html and "<svg" not in html
    found = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert found, html
    printed = base64.b64decode(found[1]).decode()
    assert "<title>Ana and her links</title><desc>Ana knows Tom.</desc>" in printed
    assert "<g><title>" not in printed and "<a " not in printed, "no links or hover titles"
    assert '<g><rect width="4" height="4"/></g>' in printed


def network_svg(*nodes: str) -> str:
    boxes = "".join(
        f'<a href="../../../people/{n}.html" data-node="{n}"><text>{n}</text></a>' for n in nodes
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" class="dossier-diagram dossier-network">'
        f"<title>Links</title>{boxes}</svg>"
    )


@pytest.mark.parametrize(
    ("nodes", "printed"), [(["ana", "tom", "eve"], False), (["ana", "tom", "eve", "bo"], True)]
)
def test_networks_of_fewer_than_four_entities_are_left_out_of_print_with_their_heading(
    converter: Converter, nodes: list[str], printed: bool
) -> None:
    converter.assets["assets/dossier/network/ana.svg"] = network_svg(*nodes)
    page = (
        '# Ana\n\n## Connections\n\n<figure class="dossier-figure">\n<svg></svg>\n<figcaption>'
        '<a href="../assets/dossier/network/ana.svg">Open it</a>.</figcaption>\n</figure>\n\n'
        "## Claims\n\nSaid.\n"
    )
    html = converter.convert("people/ana.md", page, level=2).html
    assert ("<img" in html, ">Connections<" in html) == (printed, printed)
    assert ">Claims<" in html


def test_page_numbers_fill_their_placeholders_at_one_width() -> None:
    html = f"A{pagerefs.page_ref('people--ana')} B{pagerefs.page_ref('people--tom')}"
    assert pagerefs.references(html) == {"people--ana", "people--tom"}
    filled = pagerefs.fill(html, {"people--ana": 7}, digits=3)
    assert 'data-ref="people--ana">\u2007\u20077</span>' in filled
    assert 'data-ref="people--tom">000</span>' in filled


def test_date_comes_from_source_date_epoch_else_as_of(linked_basic: Linked) -> None:
    assert metadata_date(linked_basic, EPOCH) == "2023-11-14T22:13:20Z"
    assert metadata_date(linked_basic, None) == "2024-03-10T00:00:00Z"
    with pytest.raises(DossierError, match="SOURCE_DATE_EPOCH:1: error: expected a number"):
        metadata_date(linked_basic, "yesterday")


@pytest.fixture
def linked_basic() -> Linked:
    return pipeline.check(GOLDEN / "basic")


def test_remote_resources_are_refused(tmp_path: Path) -> None:
    html = '<html lang="en"><p>x</p><img alt="logo" src="https://example.org/logo.png">'
    with pytest.raises(DossierError, match="may load only local files and data: URLs"):
        typeset_pdf(html, (), tmp_path, "x.pdf")


def test_a_dropped_footnote_fails_the_build(tmp_path: Path) -> None:
    html = '<html lang="en"><p>x<span class="note" id="n1" style="float: footnote">a</span></p>'
    assert typeset_pdf(html, ("n1",), tmp_path, "x.pdf")[1] == 1
    with pytest.raises(DossierError, match="placed 1 of 2 footnotes; missing: n2"):
        typeset_pdf(html, ("n1", "n2"), tmp_path, "x.pdf")


def test_missing_system_libraries_give_an_install_hint(
    basic_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = CliRunner().invoke(cli, ["pdf", "--root", str(basic_copy)])
    assert result.exit_code == 1
    assert "cannot make the PDF" in result.stderr
    assert "apt-get install libpango-1.0-0" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def basic_copy(tmp_path: Path) -> Path:
    return make_dossier(GOLDEN / "basic", tmp_path / "basic")
