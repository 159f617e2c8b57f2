"""The built site as a reader meets it in chromium: pages, links, search, citations, diagrams."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

from generator import diagram_pages, pipeline
from generator.model import Event
from generator.text import contains_quote

from ..conftest import REPO
from .conftest import Visit

pytestmark = pytest.mark.e2e

ZAMORA_ID = "carlos-rafael-zamora-rodriguez"
ZAMORA = f"people/{ZAMORA_ID}.html"
HREFS = "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"
ANCHORS = "els => els.map(e => e.id || e.getAttribute('name'))"
FIRST_RESULT_IS_FOR = """query => {
  const first = document.querySelector('.md-search-result__item > a');
  return first !== null && new URL(first.href).searchParams.get('h') === query;
}"""
SERIOUS = ("serious", "critical")


def html_pages(site: Path) -> list[str]:
    """Every HTML page of the site, relative to it."""
    return sorted(f.relative_to(site).as_posix() for f in site.rglob("*.html"))


def sample_pages(site: Path) -> list[str]:
    """One page of each template: the top-level pages, then each folder's index and fullest page."""
    pages = sorted(p.name for p in site.glob("*.html"))
    for folder in sorted(p for p in site.iterdir() if p.is_dir() and (p / "index.html").exists()):
        fullest = max(folder.glob("*.html"), key=lambda p: (p.stat().st_size, p.name))
        pages += sorted({f"{folder.name}/index.html", f"{folder.name}/{fullest.name}"})
    return pages


def target_of(url: str, site_url: str) -> tuple[str, str] | None:
    """(file relative to the site, fragment) of a link into the site; None for other hosts."""
    if not url.startswith(site_url):
        return None
    parts = urlsplit(url[len(site_url) :])
    path = unquote(parts.path)
    return (path + "index.html" if path.endswith("/") or not path else path), unquote(
        parts.fragment
    )


def search(page: Any, query: str) -> list[str]:
    """Type `query` into the search box; the addresses of the results, best first."""
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query)
    page.wait_for_function(FIRST_RESULT_IS_FOR, arg=query.lower())
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [href.split("?")[0] for href in hrefs]


def test_every_page_loads_cleanly_and_every_link_resolves(
    built_site: Path, site_url: str, visit: Visit
) -> None:
    anchors: dict[str, set[str]] = {}
    links: dict[tuple[str, str], str] = {}
    without_note = []
    for rel in html_pages(built_site):
        response = visit.page.goto(site_url + rel)
        assert response is not None and response.status == 200, rel
        anchors[rel] = set(visit.page.eval_on_selector_all("[id], a[name]", ANCHORS))
        for url in visit.page.eval_on_selector_all("a[href]", HREFS):
            if target := target_of(url, site_url):
                links.setdefault(target, rel)
        if rel != "404.html":
            without_note += [rel] if visit.page.locator(".dossier-handling").count() != 1 else []
    assert visit.errors == [], "console errors"
    assert visit.external == [], "requests to other hosts"
    assert without_note == [], "pages without the handling note"
    broken = [
        f"{page} links to {path}#{fragment}"
        for (path, fragment), page in sorted(links.items())
        if not (built_site / path).is_file()
        or (fragment and fragment not in anchors.get(path, {fragment}))
    ]
    assert broken == []


@pytest.mark.parametrize(
    "query", ["Zamora", "Rooster"]
)  # his name, and his alias "The Rooster Zamora"
def test_search_finds_a_person_by_name_or_alias(site_url: str, visit: Visit, query: str) -> None:
    visit.page.goto(site_url + "index.html")
    assert search(visit.page, query)[0] == site_url + ZAMORA
    assert visit.errors == [] and visit.external == []


@pytest.mark.parametrize(
    ("query", "path"),
    [("Lizarraga", "people/roxana-lizarraga.html"), ("Chavez", "people/betssy-chavez.html")],
)
def test_search_finds_a_name_typed_without_accents(
    site_url: str, visit: Visit, query: str, path: str
) -> None:
    visit.page.goto(site_url + "index.html")
    assert search(visit.page, query)[0] == site_url + path
    assert visit.errors == [] and visit.external == []


def test_search_works_from_the_file_system(built_site: Path, visit: Visit) -> None:
    visit.page.goto((built_site / "index.html").as_uri())
    assert search(visit.page, "Zamora")[0] == (built_site / ZAMORA).as_uri()
    assert visit.errors == [] and visit.external == []


def test_a_citation_leads_to_the_cited_paragraph(site_url: str, visit: Visit) -> None:
    page = visit.page
    page.goto(site_url + ZAMORA)
    page.locator("a.footnote-ref").first.click()
    note = page.locator(":target")
    quote = re.search(r"“(.*)”", note.inner_text(), re.DOTALL)
    assert quote, "the footnote quotes the source"
    source = note.locator("a[href*='sources/']").first
    number = source.get_attribute("href").rsplit("#p", 1)[1]
    source.click()
    paragraph = page.locator(":target")
    assert paragraph.get_attribute("id") == f"p{number}"
    assert contains_quote(paragraph.inner_text(), quote[1])
    top = paragraph.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"], "the paragraph is scrolled into view"


def test_network_nodes_are_links_to_entity_pages(site_url: str, visit: Visit) -> None:
    linked = pipeline.check(REPO)
    expected = {
        end for e in diagram_pages.network_edges(linked.dossier) for end in (e.source, e.target)
    }
    page = visit.page
    page.goto(site_url + "network.html")
    nodes = page.locator(".dossier-figure svg a[data-node]")
    assert set(nodes.evaluate_all("els => els.map(e => e.dataset.node)")) == expected
    page.locator(f'.dossier-figure a[data-node="{ZAMORA_ID}"]').click()
    assert page.url == site_url + ZAMORA
    assert page.title().startswith(linked.dossier.entities[ZAMORA_ID].name)


def test_an_entity_page_shows_its_neighbourhood(site_url: str, visit: Visit) -> None:
    linked = pipeline.check(REPO)
    edges = diagram_pages.Diagrams(linked.dossier).neighbourhood(ZAMORA_ID)
    page = visit.page
    page.goto(site_url + ZAMORA)
    nodes = page.locator(".dossier-figure svg a[data-node]")
    shown = set(nodes.evaluate_all("els => els.map(e => e.dataset.node)"))
    assert shown == {end for e in edges for end in (e.source, e.target)}
    page.locator('.dossier-figure a[data-node="cuba"]').click()
    assert page.url == site_url + "countries/cuba.html"


def test_timeline_events_are_links(site_url: str, visit: Visit) -> None:
    linked = pipeline.check(REPO)
    events = {e.id for e in linked.dossier.entities.values() if isinstance(e, Event)}
    visit.page.goto(site_url + "timeline.html")
    hrefs = visit.page.eval_on_selector_all(".dossier-figure svg a[href]", HREFS)
    assert {urlsplit(h).path.rsplit("/", 1)[1].removesuffix(".html") for h in hrefs} == events


@pytest.mark.parametrize("path", ["network.html", "timeline.html", ZAMORA])
def test_diagrams_have_a_title_and_a_description(site_url: str, visit: Visit, path: str) -> None:
    visit.page.goto(site_url + path)
    svg = visit.page.locator(".dossier-figure svg")
    title, desc = (svg.locator(f":scope > {tag}").text_content() for tag in ("title", "desc"))
    assert title and title.strip() and desc and desc.strip()
    assert svg.get_attribute("aria-labelledby") == " ".join(
        svg.locator(f":scope > {tag}").get_attribute("id") for tag in ("title", "desc")
    )


def test_no_serious_or_critical_accessibility_violation(
    built_site: Path, site_url: str, visit: Visit
) -> None:
    axe = Axe()
    found = []
    for rel in sample_pages(built_site):
        visit.page.goto(site_url + rel)
        for violation in axe.run(visit.page).response["violations"]:
            if violation["impact"] in SERIOUS:
                where = violation["nodes"][0]["target"]
                found.append(f"{rel}: {violation['id']} ({violation['impact']}) at {where}")
    assert found == []
