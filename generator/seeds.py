"""Split a seed into numbered paragraphs and mark pull-quote duplicates."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

from .text import fold

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_WORD = re.compile(r"\w+")
# A paragraph is a pull quote when this share of its words reappears, in order,
# in a longer paragraph (¶5 of the shipped seed: 0.79; unrelated paragraphs: < 0.3).
DUPLICATE_SHARE = 0.6
MIN_SHARED_WORDS = 5
# Only runs of at least this many words count as repeated. Shorter ones are stock
# phrases ("said in a"): with runs of 3, a one-sentence paragraph that repeated a
# six-word organization name and "prosecutors said" passed for a pull quote. The
# shipped seed's pull quotes repeat runs of 10 to 26 words.
MIN_RUN = 4
# A run found in more paragraphs than this is boilerplate, not a quote: it does not
# make paragraphs candidates for comparison (it still counts once they are compared),
# which keeps a long seed linear instead of comparing every pair of paragraphs.
MAX_HOLDERS = 8
# A pull quote keeps the names of the passage it lifts, where two paragraphs built
# on one stock phrase name different people ("X did not respond to requests for comment").
NAME_SHARE = 0.8
Run = tuple[str, ...]


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph of a seed; `duplicate_of` marks a pull quote."""

    number: int
    text: str
    duplicate_of: int | None = None


@dataclass(frozen=True)
class _Text:
    """A paragraph's words in the forms the comparison needs; most paragraphs are
    never compared, so what only a comparison needs is worked out on first use."""

    text: str
    words: list[str]
    runs: list[Run]

    @cached_property
    def run_set(self) -> set[Run]:
        """The runs, for lookups."""
        return set(self.runs)

    @cached_property
    def vocab(self) -> set[str]:
        """The distinct words."""
        return set(self.words)

    @cached_property
    def names(self) -> set[str]:
        """The capitalized words, spelt as in `words`."""
        return {_name(w) for w in _WORD.findall(self.text) if w[0].isupper()}


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; with no blank line, each line is one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [" ".join(b.split()) for b in blocks if b.strip()]


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text).casefold())


@lru_cache(maxsize=1 << 16)
def _name(word: str) -> str:
    """A capitalized word as `_words` spells it; cached, as a seed repeats the same names."""
    return fold(word).casefold()


def _analyse(paragraph: str) -> _Text:
    words = _words(paragraph)
    # Every run of MIN_RUN consecutive words: zip stops at the end of the most shifted copy.
    return _Text(paragraph, words, list(zip(*(words[k:] for k in range(MIN_RUN)), strict=False)))


def _covered(runs: list[Run], other: set[Run]) -> int:
    """How many words of a paragraph lie in one of its runs that `other` also holds."""
    covered: set[int] = set()
    for k, run in enumerate(runs):
        if run in other:
            covered.update(range(k, k + MIN_RUN))
    return len(covered)


def _shared_share(short: list[str], long: list[str]) -> float:
    """Share of `short`'s words that appear, in order, in `long`, in runs of `MIN_RUN` or more."""
    blocks = SequenceMatcher(None, short, long, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks if b.size >= MIN_RUN) / len(short)


def _repeats(short: _Text, long: _Text) -> bool:
    """Whether `short` is a pull quote of the longer `long`: its names, and most of its words."""
    size = len(short.words)
    if len(long.words) <= size or size < MIN_SHARED_WORDS:
        return False
    if len(short.names - long.vocab) > (1 - NAME_SHARE) * len(short.names):
        return False
    if _covered(short.runs, long.run_set) < DUPLICATE_SHARE * size:  # a cheap upper bound
        return False
    return _shared_share(short.words, long.words) >= DUPLICATE_SHARE


def _candidates(runs: list[list[Run]]) -> list[list[int]]:
    """For each paragraph, the paragraphs sharing a run with it that few others hold, in order."""
    holders: dict[Run, set[int]] = defaultdict(set)
    for j, found in enumerate(runs):
        for run in found:
            holders[run].add(j)
    # A run held by one paragraph only is held by `i` itself: it names no other paragraph.
    rare = [[holders[r] for r in found if 1 < len(holders[r]) <= MAX_HOLDERS] for found in runs]
    return [sorted(set().union(*held) - {i}) for i, held in enumerate(rare)]


def find_duplicates(paragraphs: list[str]) -> dict[int, int]:
    """Map the index of each pull-quote paragraph to the index of the one it repeats.

    Only paragraphs that share an uncommon run of words are compared, so a seed of
    thousands of paragraphs costs about as much per paragraph as a short one.
    """
    texts = [_analyse(p) for p in paragraphs]
    found: dict[int, int] = {}
    for i, candidates in enumerate(_candidates([t.runs for t in texts])):
        j = next((j for j in candidates if _repeats(texts[i], texts[j])), None)
        if j is not None:
            found[i] = j
    return found


def make_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Number a seed's paragraphs from 1 and mark duplicates."""
    texts = split_paragraphs(text)
    duplicates = find_duplicates(texts)
    return tuple(
        Paragraph(i + 1, t, duplicates[i] + 1 if i in duplicates else None)
        for i, t in enumerate(texts)
    )
