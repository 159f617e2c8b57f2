"""Lay out the print HTML with WeasyPrint and write a tagged PDF (PDF/UA-1).

WeasyPrint may read only local files and `data:` URLs. The layout is repeated
until page references settle (see `pagerefs`), then checked before the PDF is
written: every footnote of the HTML must have been placed on a page, since
WeasyPrint has been seen to drop some silently, and every link must lead to a
place in the file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import DossierError, error
from ..garbage import fewer_collections
from . import pagerefs

log = logging.getLogger(__name__)

MAX_PASSES = 5
HTML_PER_PAGE = 8500  # bytes of print HTML per page, roughly, to guess how long page numbers get
_PAGE = re.compile(r"Creating layout - Page (\d+)$")

OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}
INSTALL_HINT = (
    "install WeasyPrint's system libraries: on Debian or Ubuntu `sudo apt-get install"
    " libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core`; elsewhere see"
    " https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
)


def load_weasyprint(target: str) -> Any:
    """Import WeasyPrint; a missing system library (Pango, HarfBuzz) becomes a clear error."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (OSError, ImportError) as exc:  # OSError: cffi could not load a shared library
        raise DossierError(
            [
                error(
                    target,
                    1,
                    f"cannot make the PDF: a system library is missing ({exc})",
                    INSTALL_HINT,
                )
            ]
        ) from None
    return weasyprint


def make_fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that reads local files and `data:` URLs and refuses anything else."""

    class LocalFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith(("file:", "data:")):
                raise ValueError(f"the PDF may load only local files and data: URLs, not {url}")
            return super().fetch(url, headers)

    return LocalFetcher(fail_on_errors=True)


@contextmanager
def relay_messages() -> Iterator[list[str]]:
    """Collect WeasyPrint's errors; pass its warnings on, and its progress at debug level."""
    errors: list[str] = []

    class Relay(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if record.name == "weasyprint.progress":
                report_progress(message)
            elif record.levelno >= logging.ERROR:
                errors.append(message)
            else:
                log.warning("pdf: WeasyPrint: %s", message)

    handler = Relay(logging.DEBUG)
    loggers = [logging.getLogger(name) for name in ("weasyprint", "weasyprint.progress")]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
    try:
        yield errors
    finally:
        for logger, (level, propagate) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate


def report_progress(message: str) -> None:
    """Pass WeasyPrint's progress on: every 25th page at info level, the rest at debug level."""
    if (page := _PAGE.search(message)) and int(page[1]) % 25 == 0:
        log.info("pdf: laid out %s pages…", page[1])
    else:
        log.debug("pdf: %s", message)


def fail(target: str, message: str, hint: str) -> DossierError:
    """An error about the PDF being made."""
    return DossierError([error(target, 1, message, hint)])


def listed(items: list[str]) -> str:
    """The first few items, for a message."""
    return ", ".join(items[:5]) + (" …" if len(items) > 5 else "")


def anchor_pages(document: Any) -> dict[str, int]:
    """Page number (from 1) of each anchor of the laid-out document."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def lay_out(weasyprint: Any, html: str, base: Path, target: str) -> Any:
    """Lay the document out until each page reference shows the page its anchor is on."""
    wanted, count = pagerefs.references(html), pagerefs.count(html)
    numbers: dict[str, int] = {}
    digits = max(2, len(str(len(html) // HTML_PER_PAGE)))  # a guess; it only ever grows
    for attempt in range(1, MAX_PASSES + 1):
        log.info("pdf: laying out pages (pass %d)…", attempt)
        source = weasyprint.HTML(
            string=pagerefs.fill(html, numbers, digits),
            base_url=base.resolve().as_uri() + "/",
            url_fetcher=make_fetcher(weasyprint),
        )
        document = source.render(**OPTIONS)
        found = anchor_pages(document)
        settled = {anchor: found[anchor] for anchor in wanted if anchor in found}
        if settled == numbers:
            return document
        fits = len(str(len(document.pages))) <= digits
        if fits and number_in_place(document, settled, digits, count):
            return document
        numbers, digits = settled, max(digits, len(str(len(document.pages))))
        del source, document  # free this layout before making the next
    raise fail(
        target,
        f"page numbers still moved after {MAX_PASSES} layouts",
        "report it with the dossier; a page reference may push its own target to another page",
    )


def number_in_place(document: Any, numbers: dict[str, int], digits: int, count: int) -> bool:
    """Write the page numbers into the `count` laid-out page references; False if one would not fit.

    Every number takes as much room as the text it replaces (see `pagerefs`),
    so the layout stays right and a second one is saved. This reaches into
    WeasyPrint's boxes: where they are not as expected, the caller lays the
    document out again.
    """
    from weasyprint.formatting_structure.boxes import TextBox  # type: ignore[import-untyped]
    from weasyprint.text.line_break import line_size  # type: ignore[import-untyped]

    boxes = [
        box
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
        and box.element_tag == "span"
        and box.element.get("class") == pagerefs.CLASS
    ]
    if len(boxes) != count or any(len(box.text) != digits for box in boxes):
        return False
    for box in boxes:
        text = pagerefs.number(numbers.get(box.element.get("data-ref")), digits)
        box.pango_layout.text = text
        box.pango_layout.reactivate(box.style)
        width = line_size(box.pango_layout.get_first_line()[0], box.style)[0]
        box.pango_layout.deactivate()
        if abs(width - box.width) > 0.01:
            return False
        box.text = text
    return True


def placed_notes(document: Any) -> set[str]:
    """Ids of the footnotes WeasyPrint put into the footnote area of some page."""
    placed = set()
    for page in document.pages:
        for area in page._page_box.children:
            if type(area).__name__ == "FootnoteAreaBox":
                placed |= {
                    box.element.get("id") for box in area.children if box.element is not None
                }
    return placed


def check_layout(document: Any, notes: tuple[str, ...], target: str) -> None:
    """Fail on a footnote missing from the pages, or a link that leads nowhere in the file."""
    placed = placed_notes(document)
    if missing := [n for n in notes if n not in placed]:
        raise fail(
            target,
            f"WeasyPrint placed {len(notes) - len(missing)} of {len(notes)} footnotes;"
            f" missing: {listed(missing)}",
            "a WeasyPrint layout bug; try another WeasyPrint version, or change"
            " templates/print/print.css around footnotes",
        )
    anchors = anchor_pages(document)
    links = [(kind, to) for page in document.pages for kind, to, _, _ in page.links]
    if broken := sorted({to for kind, to in links if kind != "internal" or to not in anchors}):
        raise fail(
            target,
            f"{len(broken)} link(s) lead nowhere inside the PDF: {listed(broken)}",
            "a template links to an id no page has; fix the link or the template",
        )


@contextmanager
def cached_page_references() -> Iterator[None]:
    """Make pydyf's `PDF.page_references` cached while a PDF is written.

    pydyf 0.13 rebuilds the list of every page each time it is read, and
    WeasyPrint reads it once per tagged element: time grows with the square of
    the page count (a third of the time for 1,500 pages). The cache holds the
    same values and is renewed whenever a page is added.
    """
    import pydyf  # type: ignore[import-untyped]

    original = pydyf.PDF.__dict__.get("page_references")
    compute = original.fget if isinstance(original, property) else None
    if compute is None:
        yield
        return

    def page_references(pdf: Any) -> Any:
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_dossier_page_references")
        if cached is None or cached[0] != count:
            cached = pdf.__dict__["_dossier_page_references"] = (count, compute(pdf))
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


def typeset_pdf(html: str, notes: tuple[str, ...], base: Path, target: str) -> tuple[bytes, int]:
    """Lay out `html` (relative URLs resolve against `base`); return the PDF and its page count."""
    weasyprint = load_weasyprint(target)
    with relay_messages() as errors, fewer_collections():
        try:
            document = lay_out(weasyprint, html, base, target)
            check_layout(document, notes, target)
            log.info("pdf: laid out %d pages with %d footnotes", len(document.pages), len(notes))
            with cached_page_references():
                pdf = document.write_pdf(**OPTIONS)
        except weasyprint.urls.FatalURLFetchingError as exc:
            errors.append(f"{exc} ({exc.__cause__})")
    if errors:
        raise DossierError(
            error(target, 1, f"WeasyPrint: {m}", "fix templates/print/ or the page it names")
            for m in errors
        )
    return pdf, len(document.pages)
