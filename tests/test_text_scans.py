"""Scans over every seed: pull quotes, accent folding and quote matching, fast and exact."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from generator.seeds import find_duplicates
from generator.text import (
    MARKUP_CHARACTERS,
    count_markup,
    fold,
    normalize_quote,
    one_line,
    sentence_around,
    sentences_around,
)

TEXT = st.text(alphabet=st.characters(min_codepoint=9, max_codepoint=0x2FFF), max_size=200)


@given(TEXT)
def test_folding_strips_accents_one_character_for_one(text: str) -> None:
    def by_character(char: str) -> str:
        base = unicodedata.normalize("NFD", char)[0]
        return base if base.isascii() or not unicodedata.combining(base) else char

    assert fold(text) == "".join(by_character(c) for c in text)
    assert fold("Félix Núñez, Łódź") == "Felix Nunez, Łodz"


@given(TEXT)
def test_quotes_are_normalized_to_straight_quotes_and_single_spaces(text: str) -> None:
    straight = re.sub(r"[‘’‚′]", "'", re.sub(r"[“”„″]", '"', text))
    assert normalize_quote(text) == re.sub(r"\s+", " ", straight).strip()


@given(TEXT, st.data())
def test_normalizing_keeps_a_substring_a_substring(text: str, data: st.DataObject) -> None:
    # `contains_quote` relies on it to skip normalizing a quote copied exactly.
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    assert normalize_quote(text[start:end]) in normalize_quote(text)


@given(st.text(alphabet=st.sampled_from('ab .!?…"”’)\n\t\u00a0'), max_size=40), st.data())
def test_sentences_around_many_spans_are_those_around_each(text: str, data: st.DataObject) -> None:
    offsets = st.integers(min_value=0, max_value=len(text))
    pairs = data.draw(st.lists(st.tuples(offsets, offsets)))
    spans = [(min(a, b), max(a, b)) for a, b in pairs]
    assert sentences_around(text, spans) == [sentence_around(text, *span) for span in spans]


@given(st.text(alphabet=st.sampled_from("ab é\\`*_{}[]|<>#&"), max_size=60))
def test_markup_characters_are_counted_one_by_one(text: str) -> None:
    assert count_markup(text) == sum(c in MARKUP_CHARACTERS for c in text)


def test_every_whitespace_character_but_the_space_is_unprintable() -> None:
    """What lets `one_line` pass printable text without a double space as it is."""
    spaces = [chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))]
    assert len(spaces) > 20
    assert [c for c in spaces if c.isprintable()] == [" "]


@given(st.text(alphabet=st.sampled_from("ab \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000é"), max_size=40))
def test_one_line_makes_every_run_of_whitespace_one_space(text: str) -> None:
    assert one_line(text) == re.sub(r"\s+", " ", text)


def test_a_stock_phrase_naming_someone_else_is_not_a_pull_quote() -> None:
    paragraphs = [
        "Tom Reyes did not respond to requests for comment. His office said he was travelling.",
        "Ana Núñez did not respond to requests for comment.",
    ]
    assert find_duplicates(paragraphs) == {}


def test_a_shared_organization_name_and_attribution_is_not_a_pull_quote() -> None:
    # Flagged before runs of three words stopped counting: 9 of 15 words in common.
    paragraphs = [
        "Máire Ortega served as director of Public Prosecutor's Office of Nouméa from 2003 to"
        " 2007, state prosecutors said. According to MIL, S. Öztürk negotiated the decree.",
        "Ángela Lindqvist leads Public Prosecutor's Office of Noumea, state prosecutors said in"
        " May 2017.",
    ]
    assert find_duplicates(paragraphs) == {}


def test_pull_quotes_are_found_among_thousands_of_look_alike_paragraphs() -> None:
    base = [
        f"Official {n} said the port concession number {n} was signed in city {n} after a long"
        f" negotiation. The ministry did not respond to requests for comment on case {n}."
        for n in range(3000)
    ]
    paragraphs, expected = [], {}
    for n, paragraph in enumerate(base):
        paragraphs.append(paragraph)
        if n % 100 == 1:  # repeat the first sentence of the paragraph before, as a pull quote
            expected[len(paragraphs)] = len(paragraphs) - 2
            paragraphs.append(base[n - 1].split(". ")[0] + ".")
    assert find_duplicates(paragraphs) == expected
