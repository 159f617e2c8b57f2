"""The offline PDF of the whole dossier, made with WeasyPrint from the site's own pages.

`assemble` turns the linked model and the rendered Markdown into one print
HTML document (`templates/print/`); `typeset` lays it out into a tagged PDF
and checks that every footnote was placed. Same input, same bytes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Linked
from ..write import write_atomic
from .assemble import assemble_html, metadata_date, read_settings
from .typeset import typeset_pdf

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfResult:
    """What `export` wrote."""

    path: Path
    pages: int
    footnotes: int
    size: int
    seconds: float


def pdf_name(linked: Linked) -> str:
    """File name of the PDF inside the site: `<dossier id>.pdf`."""
    return f"{linked.dossier.info.id}.pdf"


def render_pdf(
    linked: Linked, pages: dict[str, str], root: Path, source_date_epoch: str | None, label: str
) -> tuple[bytes, int, int]:
    """The PDF's bytes, page count and footnote count; `label` names it in messages."""
    settings = read_settings(root / "mkdocs.yml")
    document = assemble_html(
        linked, pages, root, metadata_date(linked, source_date_epoch), settings
    )
    pdf, count = typeset_pdf(document.html, document.notes, root, label)
    return pdf, count, len(document.notes)


def export(
    linked: Linked,
    pages: dict[str, str],
    root: Path,
    target: Path,
    source_date_epoch: str | None,
    label: str | None = None,
) -> PdfResult:
    """Write the dossier's PDF to `target`; nothing is written unless it all succeeds.

    `label` names the file in messages (default: `target`, relative to `root`).
    """
    start = time.perf_counter()
    label = label or display_path(root, target)
    pdf, count, notes = render_pdf(linked, pages, root, source_date_epoch, label)
    write_atomic(target, pdf)
    seconds = time.perf_counter() - start
    log.info(
        "pdf: wrote %s (%d pages, %d footnotes, %.1f MB) in %.1f s",
        *(label, count, notes, len(pdf) / 1e6, seconds),
    )
    return PdfResult(target, count, notes, len(pdf), seconds)


def site_exporter(
    linked: Linked, pages: dict[str, str], root: Path, source_date_epoch: str | None, site: Path
) -> Callable[[Path], None]:
    """A `publish` callback that adds the PDF to the staged copy of `site`."""
    name = pdf_name(linked)

    def add_pdf(staged: Path) -> None:
        export(
            linked, pages, root, staged / name, source_date_epoch, display_path(root, site / name)
        )

    return add_pdf


def display_path(root: Path, path: Path) -> str:
    """`path` relative to the dossier folder when inside it, for messages."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
