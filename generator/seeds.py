"""Split a seed into numbered paragraphs and mark pull-quote duplicates."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .model import Paragraph
from .text import fold

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_WORD = re.compile(r"\w+")
# A paragraph is a pull quote when this share of its words reappears, in order,
# in a longer paragraph (¶5 of the shipped seed: 0.79; unrelated paragraphs: < 0.3).
DUPLICATE_SHARE = 0.6
MIN_SHARED_WORDS = 5


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; with no blank line, each line is one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [" ".join(b.split()) for b in blocks if b.strip()]


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text).casefold())


def _shared_share(short: list[str], long: list[str]) -> float:
    """Share of `short`'s words that appear, in order, in `long`."""
    blocks = SequenceMatcher(None, short, long, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks if b.size >= 3) / len(short)


def find_duplicates(paragraphs: list[str]) -> dict[int, int]:
    """Map the index of each pull-quote paragraph to the index of the one it repeats."""
    words = [_words(p) for p in paragraphs]
    vocab = [set(w) for w in words]
    found: dict[int, int] = {}
    for i, short in enumerate(words):
        if len(short) < MIN_SHARED_WORDS:
            continue
        for j, long in enumerate(words):
            if len(long) <= len(short) or len(vocab[i] & vocab[j]) < DUPLICATE_SHARE * len(
                vocab[i]
            ):
                continue
            if _shared_share(short, long) >= DUPLICATE_SHARE:
                found[i] = j
                break
    return found


def make_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Number a seed's paragraphs from 1 and mark duplicates."""
    texts = split_paragraphs(text)
    duplicates = find_duplicates(texts)
    return tuple(
        Paragraph(i + 1, t, duplicates[i] + 1 if i in duplicates else None)
        for i, t in enumerate(texts)
    )
