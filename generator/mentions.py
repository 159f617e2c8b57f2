"""Find where entities are named in seed text, with one compiled regular expression.

All names and aliases go into a trie that becomes a single pattern, so a scan
costs time in proportion to the text, not to text x number of aliases. The
pattern runs on text with accents folded and apostrophes straightened, so "Felix"
finds "Félix", "O'Brien" finds "O’Brien", and the reverse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .text import fold

_END = ""
MAX_TERM = 200  # longer names are shown but not searched for
# Typographic apostrophes: a seed copied from a web page spells "O’Brien" with one of these.
APOSTROPHES = "\u2019\u02bc"


@dataclass(frozen=True)
class Hit:
    """A term found at `start:end` of a text, naming `entity_id`."""

    entity_id: str
    start: int
    end: int


_Node = dict[str, "_Node"]
"""A trie node: each next character leads to a node; `_END` marks where a term ends."""


def _trie(terms: Iterable[str]) -> _Node:
    root: _Node = {}
    for term in terms:
        node = root
        for char in term:
            node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _pattern(node: _Node) -> str:
    """Regex for a trie node; longer branches come first, so the longest term wins."""
    branches = [_chain(char, child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


def _chain(char: str, node: _Node) -> str:
    """Follow single-child links without recursion, so long terms stay shallow."""
    chars = [char]
    while len(node) == 1 and _END not in node:
        ((char, node),) = node.items()
        chars.append(char)
    return re.escape("".join(chars)) + _pattern(node)


@dataclass(frozen=True)
class Matcher:
    """A compiled matcher from folded terms to entity ids."""

    pattern: re.Pattern[str] | None
    owners: dict[str, str]

    def find(self, text: str) -> Iterator[Hit]:
        """Yield every non-overlapping mention in `text`, leftmost and longest first."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(searchable(text)):
            yield Hit(self.owners[match.group()], match.start(), match.end())


def searchable(text: str) -> str:
    """`text` as the matcher reads it, one character for one, so offsets match `text`."""
    text = fold(text)
    for apostrophe in APOSTROPHES:
        text = text.replace(apostrophe, "'")
    return text


def build_matcher(terms: dict[str, str]) -> Matcher:
    """Compile `{term: entity_id}` into a matcher on word boundaries."""
    owners = {
        searchable(term): entity_id
        for term, entity_id in terms.items()
        if term.strip() and len(term) <= MAX_TERM
    }
    if not owners:
        return Matcher(None, {})
    body = _pattern(_trie(owners))
    return Matcher(re.compile(rf"(?<!\w)(?:{body})(?!\w)"), owners)
