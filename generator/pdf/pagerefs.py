"""Page numbers of in-document links, written into the HTML between layout passes.

CSS `target-counter()` would do this inside WeasyPrint, but WeasyPrint 70
re-lays out pages whose page references changed and, doing so, loses
footnotes deferred to the next page. So the print HTML carries placeholders
(`<span class="page-ref" data-ref="anchor">0</span>`) that `fill` replaces
with the pages found in the previous layout.

Every number is padded with figure spaces to the same count of digits, and
DejaVu's digits and figure space share one width: a layout with the right
numbers is the same as one with placeholders, so the numbers can be written
into the first layout (`typeset.number_in_place`) instead of laying out again.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markupsafe import Markup, escape

PLACEHOLDER = "0"
FIGURE_SPACE = "\u2007"
CLASS = "page-ref"
_REF = re.compile(rf'(<span class="{CLASS}" data-ref="([^"]*)">)[^<]*(</span>)')


def page_ref(anchor: str) -> Markup:
    """A placeholder for the number of the page holding `anchor`, for templates."""
    return Markup(f'<span class="{CLASS}" data-ref="{escape(anchor)}">{PLACEHOLDER}</span>')


def add_page_refs(parent: etree.Element) -> None:
    """After each in-document link among `parent`'s children, add a placeholder for its page."""
    for index in reversed(range(len(parent))):
        link = parent[index]
        href = link.get("href", "")
        if link.tag == "a" and href.startswith("#"):
            ref = etree.Element("span", {"class": CLASS, "data-ref": href[1:]})
            ref.text, ref.tail, link.tail = PLACEHOLDER, link.tail, None
            parent.insert(index + 1, ref)


def references(html: str) -> set[str]:
    """The anchors whose page numbers the HTML shows."""
    return {match[2] for match in _REF.finditer(html)}


def count(html: str) -> int:
    """How many page numbers the HTML shows."""
    return sum(1 for _ in _REF.finditer(html))


def number(page: int | None, digits: int) -> str:
    """A page number padded to `digits` with figure spaces; zeros when unknown."""
    return "0" * digits if page is None else str(page).rjust(digits, FIGURE_SPACE)


def fill(html: str, pages: dict[str, int], digits: int) -> str:
    """Write each page number, padded to `digits`, into its placeholder."""
    return _REF.sub(lambda m: f"{m[1]}{number(pages.get(m[2]), digits)}{m[3]}", html)
