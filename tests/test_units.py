"""Pure functions: dates, paragraphs, mentions, quotes and Markdown escaping."""

from __future__ import annotations

import gc
import html as html_lib
import posixpath
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.dates import DateError, parse_span
from generator.garbage import fewer_collections
from generator.mentions import build_matcher
from generator.model import MAX_SLUG, SLUG, to_slug_text
from generator.paths import relative_path
from generator.pipeline import generate
from generator.seeds import make_paragraphs, split_paragraphs
from generator.text import contains_quote, escape_markdown

from .conftest import GOLDEN

SEED = Path(__file__).parent.parent / "seeds" / "2025-11-cuban-ambassador-expelled-from-peru.txt"


@pytest.mark.parametrize(
    ("text", "label", "precision"),
    [
        ("2025", "2025", "year"),
        ("2025-10", "October 2025", "month"),
        ("2025-10-28", "28 October 2025", "day"),
        ("2013/2016", "2013–2016", "year"),
    ],
)
def test_dates_keep_their_precision(text: str, label: str, precision: str) -> None:
    span = parse_span(text)
    assert span.label() == label
    assert span.start.precision == precision
    assert span.iso() == text


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13", "2016/2013", "28/10/2025", "soon"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_span(text)


def test_shipped_seed_has_16_paragraphs_and_two_pull_quotes() -> None:
    paragraphs = make_paragraphs(SEED.read_text("utf-8"))
    assert len(paragraphs) == 16
    assert {p.number: p.duplicate_of for p in paragraphs if p.duplicate_of} == {5: 7, 11: 14}


def test_paragraphs_split_on_blank_lines_when_there_are_any() -> None:
    assert split_paragraphs("one\nstill one\n\ntwo\n") == ["one still one", "two"]
    assert split_paragraphs("one\ntwo\n") == ["one", "two"]


def test_mentions_respect_word_boundaries_accents_and_longest_match() -> None:
    matcher = build_matcher(
        {"Peru": "peru", "Peru21": "peru21", "Perú Libre": "peru-libre", "Félix Denegri": "fd"}
    )
    text = "Peru21 said Peru and Peru Libre met Felix Denegri in Peruvian waters."
    found = [(h.entity_id, text[h.start : h.end]) for h in matcher.find(text)]
    assert found == [
        ("peru21", "Peru21"),
        ("peru", "Peru"),
        ("peru-libre", "Peru Libre"),
        ("fd", "Felix Denegri"),
    ]


def test_mentions_match_whichever_apostrophe_the_seed_uses() -> None:
    matcher = build_matcher({"Seán O'Brien": "obrien", "D’Alema": "dalema"})
    text = "Sean O’Brien met D'Alema; Sean OʼBrien left."
    found = [(h.entity_id, text[h.start : h.end]) for h in matcher.find(text)]
    assert found == [("obrien", "Sean O’Brien"), ("dalema", "D'Alema"), ("obrien", "Sean OʼBrien")]


def test_quotes_match_up_to_spacing_and_quote_style() -> None:
    paragraph = "Zamora’s   “discuss the activities.”"
    assert contains_quote(paragraph, 'Zamora\'s "discuss the activities."')
    assert not contains_quote(paragraph, "Zamora's discussion")


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x250), min_size=1))
def test_escaped_text_renders_as_itself(text: str) -> None:
    html = markdown.markdown(
        "x " + escape_markdown(text),
        extensions=["attr_list", "footnotes", "tables", "md_in_html", "admonition"],
    )
    assert "<script" not in html
    assert html_lib.unescape(_visible_text(html)) == " ".join(("x " + text).split())


@given(st.from_regex(SLUG, fullmatch=True).filter(lambda s: len(s) <= MAX_SLUG))
def test_valid_ids_pass_validation_unchanged(slug: str) -> None:
    assert to_slug_text(slug) == slug


def test_removing_links_from_a_source_page_gives_back_the_seed() -> None:
    linked, pages = generate(GOLDEN / "basic")
    seed = linked.dossier.seeds["harbour-report"]
    page = pages["sources/harbour-report.md"]
    for paragraph in seed.paragraphs:
        line = next(x for x in page.splitlines() if x.startswith(f"[¶{paragraph.number}]"))
        body = re.sub(r"^\[¶\d+\]\(#p\d+\)( \*\(pull quote.*?\)\*)? ", "", line)
        plain = html_lib.unescape(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body))
        assert plain == paragraph.text


@given(
    st.lists(st.sampled_from(["a", "b", "people", "assets"]), min_size=0, max_size=3),
    st.lists(st.sampled_from(["a", "b", "people", "assets"]), min_size=0, max_size=3),
    st.sampled_from(["x.md", "index.md", "y.svg"]),
)
def test_relative_paths_agree_with_posixpath(
    folders: list[str], start: list[str], name: str
) -> None:
    target = "/".join([*folders, name])
    assert relative_path(target, "/".join(start) or ".") == posixpath.relpath(
        target, "/".join(start) or "."
    )


def test_fewer_collections_nest_and_restore_the_collector() -> None:
    threshold = gc.get_threshold()
    with fewer_collections():
        frozen = gc.get_freeze_count()
        assert frozen > 0, "objects alive at the start are not scanned again"
        with fewer_collections():
            pass
        assert gc.get_freeze_count() >= frozen, "an inner block leaves the outer's objects frozen"
        assert gc.get_threshold() != threshold
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold
