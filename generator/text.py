"""Text helpers: comparing quotes, folding accents, escaping for Markdown."""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache

_QUOTES = {"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'}
# Substituting only the characters that change is several times faster than
# `str.translate` over every character of accented text (seeds, many times over).
_TYPOGRAPHIC_QUOTE = re.compile("[" + "".join(_QUOTES) + "]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Only the whitespace that `one_line` changes: runs, and single characters other than a space.
_SPACE = re.compile(r"\s{2,}|[^\S ]")
# Characters that inline Markdown, its enabled extensions (attr_list, tables,
# footnotes) or raw HTML could turn into markup become character references;
# `#` too, since a heading drops its trailing hashes ("C#" would show as "C").
MARKUP_CHARACTERS = "\\`*_{}[]|<>#&"
_MARKDOWN = {c: f"&#{ord(c)};" for c in MARKUP_CHARACTERS}
_MARKDOWN["&"] = "&amp;"
_MARKDOWN_TABLE = str.maketrans(_MARKDOWN)
_MARKUP_CHARACTER = re.compile("[" + re.escape(MARKUP_CHARACTERS) + "]")
# Block syntax counts at a line start, where a template may put a value (the
# bottom line, the handling note): a list item, rule, setext line, fence or
# admonition. The first character of every value is escaped when it could start one.
_BLOCK_START = re.compile(r"(\s*)(?:[-+=~:!]|\d+[.)])")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+")


def normalize_quote(text: str) -> str:
    """Fold typographic quotes to straight ones and runs of whitespace to one space."""
    return " ".join(_TYPOGRAPHIC_QUOTE.sub(lambda m: _QUOTES[m.group()], text).split())


def contains_quote(paragraph: str, quote: str) -> bool:
    """Whether `quote` appears verbatim in `paragraph`, up to spacing and quote style."""
    # Normalizing keeps a substring a substring, so a quote copied exactly needs none.
    return quote in paragraph or normalize_quote(quote) in normalize_quote(paragraph)


@cache
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isascii() or not unicodedata.combining(base) else char


def fold(text: str) -> str:
    """Strip accents one character for one, so offsets in the result match `text`."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), text)


def one_line(text: str) -> str:
    """Put text on one line: every run of whitespace becomes one space."""
    # Every whitespace character but the space is unprintable: text with neither one of
    # them nor a double space is already on one line, which two C loops tell soonest.
    if "  " not in text and text.isprintable():
        return text
    return _SPACE.sub(" ", text) if _SPACE.search(text) else text


def collapse(text: str) -> str:
    """Put text on one line with single spaces, trimmed."""
    return one_line(text).strip()


def count_markup(text: str) -> int:
    """How many characters of `text` escaping turns into character references."""
    return len(_MARKUP_CHARACTER.findall(text))


def escape_fragment(text: str) -> str:
    """Make text inert in Markdown: every character that could start markup is a reference."""
    # Most values hold no markup character, and `translate` copies every character.
    escaped = text.translate(_MARKDOWN_TABLE) if _MARKUP_CHARACTER.search(text) else text
    if block := _BLOCK_START.match(escaped):
        at = block.end(1)
        return f"{escaped[:at]}&#{ord(escaped[at])};{escaped[at + 1 :]}"
    return escaped


def escape_html(text: str) -> str:
    """Put text on one line and escape it for HTML, for values a theme prints as HTML."""
    return html.escape(collapse(text), quote=False)


def escape_markdown(text: str) -> str:
    """Put text on one line and make it inert in Markdown."""
    return escape_fragment(collapse(text))


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds the span start:end."""
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() + len(right_match.group().rstrip()) if right_match else len(text)
    return text[left:right].strip()


def sentences_around(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """`sentence_around` for each span of `text`, finding the sentence ends once."""
    if not spans:
        return []
    ends = list(_SENTENCE_END.finditer(text))
    starts = [m.start() for m in ends]
    stops = [m.end() for m in ends]
    closes = [m.start() + len(m.group().rstrip()) for m in ends]  # after the quote mark, if any
    found = []
    for start, end in spans:
        k = bisect_right(stops, start)  # ends[:k] lie before the span, as in a scan up to `start`
        if k < len(ends) and starts[k] < start:  # a scan up to `start` would cut ends[k] short
            found.append(sentence_around(text, start, end))
            continue
        left = stops[k - 1] if k else 0
        after = bisect_left(starts, end, k)
        right = closes[after] if after < len(ends) else len(text)
        found.append(text[left:right].strip())
    return found
