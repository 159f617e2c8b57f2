"""The coverage scan for capitalised names: one regex step per run, exactly as word by word."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.coverage import CONNECTORS, name_runs

_TOKEN = re.compile(r"[^\W_]\w*(?:['’-]\w+)*")
_OPENERS = " \t\n\"“”'‘’()[]"


def reference_name_runs(text: str) -> Iterator[tuple[int, int, bool]]:
    """`name_runs` as it was: a loop over every word of the text."""
    run: list[re.Match[str]] = []
    pending: list[re.Match[str]] = []
    for token in _TOKEN.finditer(text):
        word = token.group()
        if not run:
            if word[0].isupper():
                run = [token]
            continue
        last = (pending or run)[-1]
        joined = not text[last.end() : token.start()].strip()
        if word[0].isupper():
            if not joined:
                yield from _close(text, run)
                run = []
            run += [*pending, token]
            pending = []
        elif joined and word in CONNECTORS and len(pending) < 2:
            pending.append(token)
        else:
            yield from _close(text, run)
            run, pending = [], []
    yield from _close(text, run)


def _close(text: str, run: list[re.Match[str]]) -> Iterator[tuple[int, int, bool]]:
    if run:
        before = text[: run[0].start()].rstrip(_OPENERS)
        yield run[0].start(), run[-1].end(), not before or before[-1] in ".!?…"


# Capitalised words of every kind (astral 𝐀 𐐀, Roman numeral Ⅻ), connectors, and other words
# (titlecase ǅ, digits); between them a space half the time, else up to three characters of
# other spaces, punctuation, or what glues two words into one.
WORDS = [
    *["A", "Z", "É", "Ł", "Ǆ", "İ", "Σ", "𝐀", "𐐀", "Ⅻ", "Van", "De", "The", "May", "O'Brien"],
    *sorted(CONNECTORS),
    *["a", "é", "ł", "ǅ", "ǆ", "ß", "ı", "σ", "𝐚", "𐐨", "ⅻ", "ª", "0", "٣", "d'Ivoire", "x_Yz"],
]
GAP_CHARACTERS = "'’-‐_.,;:!?…\"“”‘()[]Ⓐ \t\n\r\x0b\x1c\x85\xa0\u2028\u3000"
GAP = st.just(" ") | st.text(alphabet=GAP_CHARACTERS, max_size=3)
WORDS_APART = st.lists(st.tuples(GAP, st.sampled_from(WORDS)), min_size=10, max_size=40)
TEXT = st.tuples(WORDS_APART, GAP).map(lambda t: "".join(g + w for g, w in t[0]) + t[1])


@given(TEXT | st.text())
@settings(max_examples=500)
def test_name_runs_are_those_found_word_by_word(text: str) -> None:
    assert list(name_runs(text)) == list(reference_name_runs(text))


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("The Bank of the Andes said", [("The Bank of the Andes", True)]),
        ("Bank of the de Foo", [("Bank", True), ("Foo", False)]),
        # Connectors that punctuation parts from the next name open its run.
        ("Foo of, Bar said.", [("Foo", True), ("of, Bar", False)]),
        ("Foo of_, Bar the'_ Baz", [("Foo", True), ("Bar", False), ("Baz", False)]),
        ("Foo of _Bar", [("Foo", True), ("of _Bar", False)]),
        (
            "Minister of the “Harbour Authority”",
            [("Minister", True), ("of the “Harbour Authority", False)],
        ),
        # A capital glued on by an apostrophe, hyphen or underscore is inside a word.
        (
            "Côte d'Ivoire, O'Brien-Smith, x_Yz, _Ana.",
            [("Côte", True), ("O'Brien-Smith", False), ("Ana", False)],
        ),
        (
            "Wait… Foo! (Bar) x. “Baz”",
            [("Wait", True), ("Foo", True), ("Bar", True), ("Baz", True)],
        ),
        ("“Quoted” (Paren) 'Single'", [("Quoted", True), ("Paren", False), ("Single", False)]),
        ("Apple sued eBay over iOS", [("Apple", True)]),
        ("McDonald's O’Neill", [("McDonald's O’Neill", True)]),
        ("Foo Ⓐbc and Dé", [("Foo", True), ("Dé", False)]),
        ("él dijo que ǅemal y Ǆ 𝐀lpha 𝐚b Ⅻ Ⓐbc", [("Ǆ 𝐀lpha", False), ("Ⅻ", False)]),
    ],
)
def test_name_runs_examples(text: str, runs: list[tuple[str, bool]]) -> None:
    found = list(name_runs(text))
    assert [(text[start:end], opens) for start, end, opens in found] == runs
    assert found == list(reference_name_runs(text))


def test_no_character_beyond_plane_1_is_uppercase() -> None:
    # `name_runs` lists the capitals of planes 0 and 1 only.
    assert not any(chr(c).isupper() for c in range(0x20000, sys.maxunicode + 1))
