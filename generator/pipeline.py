"""The generator's stages in order: load → validate → link (while diagrams are drawn) → render."""

from __future__ import annotations

import logging
from pathlib import Path

from . import link, load, render, validate
from .diagram_pages import Diagrams
from .garbage import fewer_collections
from .model import Linked

log = logging.getLogger(__name__)


def check(root: Path, *, jobs: int | None = None) -> Linked:
    """Read, validate and link a dossier; raise `DossierError` on any error.

    `jobs`: how many processes read the files (None: one per core).
    """
    with fewer_collections():
        tree = load.read_tree(root, jobs)
        return link.resolve(validate.to_model(tree))


def generate(
    root: Path, *, pdf: bool = True, jobs: int | None = None
) -> tuple[Linked, dict[str, str]]:
    """Check a dossier and render every page, all in memory.

    `pdf`: the site will hold the PDF; `jobs`: how many processes read the files, draw the
    diagrams and render the pages (None: one per core).
    """
    with fewer_collections():
        linked, diagrams = _check_and_draw(root, jobs)
        env = render.make_environment(root)
        return linked, render.render_all(linked, env, pdf=pdf, jobs=jobs, diagrams=diagrams)


def generate_files(
    root: Path, *, pdf: bool = True, jobs: int | None = None
) -> tuple[Linked, dict[str, bytes]]:
    """`generate`, with every page as the UTF-8 bytes to write."""
    with fewer_collections():
        linked, diagrams = _check_and_draw(root, jobs)
        env = render.make_environment(root)
        return linked, render.render_files(linked, env, pdf=pdf, jobs=jobs, diagrams=diagrams)


def _check_and_draw(root: Path, jobs: int | None) -> tuple[Linked, Diagrams]:
    """`check`, while worker processes start drawing each entity's neighbourhood."""
    model = validate.to_model(load.read_tree(root, jobs))
    with render.drawing(model, jobs) as drawing:
        linked = link.resolve(model)
        return linked, drawing.finish()
