"""Rendered Markdown pages to print HTML fragments that share one document.

Each page is converted with the site's own Markdown extensions, then made to
fit into the single print document: ids get the page's anchor as prefix, links
between pages become in-document links, footnotes move to where they are cited
(the print stylesheet floats them to the page bottom) with the page of the
paragraph they cite, and images are embedded.
Inline SVG diagrams become `<img alt=…>` of their SVG file, since PDF/UA reads
alternative text from images only; a network of fewer than `MIN_PRINTED_NODES`
entities is left out, with its heading, since on paper its relations table says
as much in less room.
"""

from __future__ import annotations

import base64
import copy
import html
import itertools
import logging
import mimetypes
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from mkdocs.utils.meta import get_data

from .pagerefs import add_page_refs

log = logging.getLogger(__name__)

EXTERNAL_SCHEMES = ("http", "https", "mailto")
HEADINGS = {f"h{level}" for level in range(1, 7)}
SVG = "{http://www.w3.org/2000/svg}"
_RAW_URL = re.compile(r'\b(href|src)="([^"]*)"')
_RAW_SVG_FILE = re.compile(r'\bhref="([^"#?]+\.svg)"')
_LINK_START = re.compile(r"<a\b[^>]*>")
_HOVER_TITLE = re.compile(r"<title>[^<]*</title>")
_STASHED = re.compile(markdown.util.HTML_PLACEHOLDER % r"([0-9]+)")
MIN_PRINTED_NODES = 4


def anchor_of(path: str) -> str:
    """The in-document anchor of a page of `docs/`: `people/ana-nunez.md` -> `people--ana-nunez`.

    Slugs never hold two hyphens in a row, so `--` cannot be part of a name. Ids
    inside a page follow a colon: `people--ana-nunez:claims`.
    """
    return path.removesuffix(".md").removesuffix("/index").replace("/", "--")


def resolve(page: str, path: str) -> str:
    """The `docs/` path a relative address on `page` points to; an empty one is the page itself."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page


@dataclass(frozen=True)
class Fragment:
    """A page converted for print: its title, its HTML body and the ids of its footnotes."""

    path: str
    anchor: str
    title: str
    html: str
    notes: tuple[str, ...]


@dataclass
class _Job:
    """The page being converted, and the footnotes found in it."""

    path: str
    anchor: str
    part: bool
    drop_lead: bool
    notes: list[str] = field(default_factory=list)


class Converter:
    """Convert pages with the site's Markdown extensions; links resolve to the pages `targets`.

    `pages` are all the generated files: pages, and the SVG diagrams (`assets`);
    `source_titles` the title of each source page.
    """

    def __init__(
        self,
        extensions: list[Any],
        configs: dict[str, dict[str, Any]],
        targets: set[str],
        pages: dict[str, str],
        docs: Path,
        source_titles: dict[str, str],
    ) -> None:
        self.targets = targets
        # In-document anchor of each source page: (full title, short title).
        self.source_titles = {
            f"#{anchor_of(path)}": (title, short_title(title))
            for path, title in source_titles.items()
        }
        self.pages = set(pages)
        self.assets = {path: text for path, text in pages.items() if not path.endswith(".md")}
        self.docs = docs
        self.job: _Job | None = None
        toc = {**configs.get("toc", {}), "permalink": False}
        self._markdown = {
            level: markdown.Markdown(
                extensions=[*extensions, _PrintExtension(self)],
                extension_configs={**configs, "toc": {**toc, "baselevel": level}},
            )
            for level in (1, 2)
        }

    def convert(self, path: str, text: str, level: int, drop_lead: bool = False) -> Fragment:
        """Convert one page; its `#` title becomes a heading of `level` (then dropped).

        A part's own page (level 1) gives the page of each entry its tables link to.
        """
        body, meta = get_data(text)
        self.job = job = _Job(path, anchor_of(path), level == 1, drop_lead)
        try:
            html_text = self._markdown[level].reset().convert(body)
        finally:
            self.job = None
        title = str(meta.get("title", path))
        return Fragment(path, job.anchor, title, html_text, tuple(job.notes))

    def link(self, page: str, href: str) -> str | None:
        """Where a link on `page` points inside the PDF (`#anchor`), or None if nowhere."""
        parts = urlsplit(href)
        if parts.scheme in EXTERNAL_SCHEMES:
            return None
        target = resolve(page, parts.path)
        if parts.scheme or parts.netloc or target not in self.targets:
            if target not in self.pages:  # else a page left out of the PDF on purpose
                log.warning("%s: the link to '%s' leads nowhere; printed as text", page, href)
            return None
        anchor = anchor_of(target)
        return f"#{anchor}:{parts.fragment}" if parts.fragment else f"#{anchor}"

    def image(self, page: str, src: str) -> str:
        """An image address the PDF can load: generated files become `data:` URLs."""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return src  # data: stays; a remote address fails in the URL fetcher
        target = resolve(page, parts.path)
        if target in self.assets:
            kind = mimetypes.guess_type(target)[0] or "application/octet-stream"
            data = base64.b64encode(self.assets[target].encode("utf-8")).decode("ascii")
            return f"data:{kind};base64,{data}"
        return (self.docs / target).resolve().as_uri()

    def diagram_of(self, page: str, block: str) -> str | None:
        """The SVG of the diagram file a raw HTML figure on `page` shows, if it is one."""
        found = _RAW_SVG_FILE.search(block) if "<svg" in block else None
        return self.assets.get(resolve(page, html.unescape(found[1]))) if found else None


class _PrintExtension(Extension):
    def __init__(self, converter: Converter) -> None:
        super().__init__()
        self.converter = converter

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After toc (5) has given headings their ids, before unescape (0).
        md.treeprocessors.register(_PrintTree(md, self.converter), "dossier-print", 1)
        # Before raw_html (30) puts the raw HTML blocks back into the page.
        md.postprocessors.register(_PrintRawHtml(md, self.converter), "dossier-print-raw", 35)


class _PrintTree(Treeprocessor):
    def __init__(self, md: markdown.Markdown, converter: Converter) -> None:
        super().__init__(md)
        self.converter = converter

    def run(self, root: etree.Element) -> None:
        job = self.converter.job
        assert job is not None, "convert() sets the job"
        drop_title(root, job.drop_lead)
        drop_small_networks(root, self.md.htmlStash, job.path, self.converter)
        inline_footnotes(root)
        for element in root.iter():
            if element.tag == "a" and "href" in element.attrib:
                relink(element, self.converter.link(job.path, element.attrib["href"]))
            elif element.tag == "img":
                if not element.get("alt"):
                    log.warning("%s: an image has no alt text, which a tagged PDF needs", job.path)
                element.set("src", self.converter.image(job.path, element.get("src", "")))
        shorten_source_names(root, self.converter.source_titles)
        prefix_ids(root, job.anchor)
        notes = [e for e in root.iter("span") if _is_note(e)]
        job.notes.extend(note.get("id", "") for note in notes)
        first_cells = (row[0] for row in root.iter("tr") if len(row)) if job.part else ()
        for element in (*notes, *first_cells):
            add_page_refs(element)


class _PrintRawHtml(Postprocessor):
    def __init__(self, md: markdown.Markdown, converter: Converter) -> None:
        super().__init__(md)
        self.converter = converter

    def run(self, text: str) -> str:
        job = self.converter.job
        assert job is not None, "convert() sets the job"
        stash = self.md.htmlStash
        for index, block in enumerate(stash.rawHtmlBlocks):
            if isinstance(block, str) and stash.get_placeholder(index) in text:
                stash.rawHtmlBlocks[index] = print_raw_html(block, job.path, self.converter)
        return text


def drop_title(root: etree.Element, drop_lead: bool) -> None:
    """Remove the page's title and handling note (the print template has its own), or its lead.

    The lead is everything before the first section heading: on the home page it
    repeats what the cover shows.
    """
    children = list(root)
    if children and children[0].tag in HEADINGS:
        root.remove(children.pop(0))
    for child in children:
        drop_lead = drop_lead and child.tag not in HEADINGS
        if drop_lead or "dossier-handling" in child.get("class", "").split():
            root.remove(child)


def drop_small_networks(
    root: etree.Element, stash: markdown.util.HtmlStash, page: str, converter: Converter
) -> None:
    """Leave out network diagrams of few entities, and their heading if nothing else is under it."""
    children = list(root)
    for index, child in enumerate(children):
        found = _STASHED.fullmatch(child.text or "") if child.tag == "p" else None
        block = str(stash.rawHtmlBlocks[int(found[1])]) if found else ""
        svg = converter.diagram_of(page, block) or ""
        if "dossier-network" not in svg or svg.count(" data-node=") >= MIN_PRINTED_NODES:
            continue
        root.remove(child)
        heading = children[index - 1] if index else None
        following = children[index + 1] if index + 1 < len(children) else None
        if heading is not None and is_empty_section(heading, following):
            root.remove(heading)


def is_empty_section(heading: etree.Element, following: etree.Element | None) -> bool:
    """Whether `heading`, then `following` (None at the end), heads a section with nothing in it."""
    if heading.tag not in HEADINGS:
        return False
    # "h2" <= "h3" as text: a heading of the same or a higher level ends the section.
    return following is None or (following.tag in HEADINGS and following.tag <= heading.tag)


def inline_footnotes(root: etree.Element) -> None:
    """Put each footnote's text where it is cited, as a `span.note` the stylesheet floats."""
    block = next((e for e in root.iter("div") if e.get("class") == "footnote"), None)
    if block is None:
        return
    bodies = {li.get("id"): li for li in block.iter("li")}
    calls = [(sup, sup.find("a[@class='footnote-ref']")) for sup in root.iter("sup")]
    for number, (sup, ref) in enumerate(((s, r) for s, r in calls if r is not None), 1):
        body = bodies[ref.get("href", "").lstrip("#")]
        tail = sup.tail
        sup.clear()
        sup.tag, sup.tail = "span", tail
        sup.attrib.update({"class": "note", "id": f"note-{number}"})
        _copy_note(body, sup)
    next(p for p in root.iter() if block in list(p)).remove(block)
    for parent in root.iter():
        for before, after in itertools.pairwise(parent):
            if _is_note(before) and _is_note(after) and not (before.tail or "").strip():
                after.set("class", "note note-follows")  # its call needs a separator


def _is_note(element: etree.Element) -> bool:
    return element.get("class", "").startswith("note")


def _copy_note(body: etree.Element, note: etree.Element) -> None:
    """Copy the footnote's paragraph into `note`, without the back link and the space before it."""
    paragraph = body.find("p")
    source = paragraph if paragraph is not None else body
    note.text = source.text
    note.extend(copy.deepcopy(c) for c in source if c.get("class") != "footnote-backref")
    last = note[-1] if len(note) else None
    end = ((last.tail if last is not None else note.text) or "").replace(NBSP_PLACEHOLDER, "")
    if last is not None:
        last.tail = end.rstrip() or None
    else:
        note.text = end.rstrip()


def shorten_source_names(root: etree.Element, titles: dict[str, tuple[str, str]]) -> None:
    """Name a source by its short title where a link to a paragraph names it in full.

    Footnotes and "Mentioned in" lists name the source of each paragraph they
    link to; on paper the full title, repeated under every claim, takes room and
    layout time, and the Sources part gives it once.
    """
    for link in root.iter("a"):
        source, _, number = link.get("href", "").partition(":p")
        full, short = titles.get(source, ("", ""))
        if full and not len(link) and link.text == f"{full}, ¶{number}":
            link.text = f"{short}, ¶{number}"


def short_title(title: str, limit: int = 32) -> str:
    """A title cut after a word (not a short one such as "of"), to at most `limit` characters
    and an ellipsis."""
    if len(title) <= limit:
        return title
    words = title[: limit + 1].split(" ")[:-1] or [title[:limit]]
    while len(words) > 1 and len(words[-1].strip(",;:.-–—")) <= 3:
        words.pop()
    return " ".join(words).rstrip(" ,;:.-–—") + "…"


def relink(element: etree.Element, href: str | None) -> None:
    """Point a link at `href`; without one, print its text (and an address it showed) as is."""
    if href is not None:
        element.set("href", href)
        return
    address = element.attrib.pop("href")
    element.tag = "span"
    if urlsplit(address).scheme in EXTERNAL_SCHEMES:
        element.set("class", "url")
        if "".join(element.itertext()).strip() != address:
            element.tail = f" ({address}){element.tail or ''}"


def prefix_ids(root: etree.Element, anchor: str) -> None:
    """Give every id the page's anchor as prefix, so that ids are unique in the document."""
    for element in root.iter():
        if value := element.get("id"):
            element.set("id", f"{anchor}:{value}")


def print_raw_html(block: str, page: str, converter: Converter) -> str:
    """Raw HTML for print: a figure with an inline SVG becomes an image of its SVG file."""
    if svg := converter.diagram_of(page, block):
        return svg_figure(svg)
    return _RAW_URL.sub(_raw_url_rewriter(page, converter), block)


def _raw_url_rewriter(page: str, converter: Converter) -> Callable[[re.Match[str]], str]:
    def rewrite(match: re.Match[str]) -> str:
        name, value = match[1], html.unescape(match[2])
        if name == "src":
            return f'src="{html.escape(converter.image(page, value))}"'
        if (href := converter.link(page, value)) is None:
            return f'data-href="{html.escape(value)}"'  # no longer a link
        return f'href="{html.escape(href)}"'

    return rewrite


def svg_figure(svg: str) -> str:
    """A figure showing an SVG diagram, its title as caption, its title and description as alt text.

    The image leaves out what only a screen uses: links, which an image's cannot be,
    and hover titles; WeasyPrint draws it faster without them.
    """
    root = etree.fromstring(svg)
    title = (root.findtext(f"{SVG}title") or "").strip()
    desc = (root.findtext(f"{SVG}desc") or "").strip()
    alt = f"{title}. {desc}" if desc else title
    head, end, body = svg.partition("</desc>")
    body = _LINK_START.sub("<g>", _HOVER_TITLE.sub("", body)).replace("</a>", "</g>")
    data = base64.b64encode(f"{head}{end}{body}".encode()).decode("ascii")
    return (
        f'<figure class="dossier-figure"><img src="data:image/svg+xml;base64,{data}"'
        f' alt="{html.escape(alt)}"><figcaption>{html.escape(title)}</figcaption></figure>'
    )
