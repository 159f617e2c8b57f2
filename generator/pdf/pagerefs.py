"""Page numbers of in-document links, written into the HTML between layout passes.

CSS `target-counter()` would do this inside WeasyPrint, but WeasyPrint 70
re-lays out pages whose page references changed and, doing so, loses
footnotes deferred to the next page. So the print HTML carries placeholders
(`<span class="page-ref" data-ref="anchor">00</span>`) that `fill` replaces
with the pages found in the previous layout, until the numbers settle.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markupsafe import Markup, escape

PLACEHOLDER = "00"  # DejaVu's digits all have the same width: two digits hold the place well
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


def fill(html: str, pages: dict[str, int]) -> str:
    """Write each known page number into its placeholder."""
    return _REF.sub(lambda m: f"{m[1]}{pages.get(m[2], PLACEHOLDER)}{m[3]}", html)
