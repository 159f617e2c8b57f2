"""Pull quotes: found by the words and names they repeat, not by stock phrases; in long seeds too."""

from __future__ import annotations

from generator.seeds import find_duplicates


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
