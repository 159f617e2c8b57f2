"""Build the MkDocs site from freshly rendered pages, changing nothing on failure.

The pages and the hand-written files of `docs/` are staged in a temporary
folder and built there. Only when the build succeeds are the pages written
into `docs/` and the new site swapped in for the old one.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import stamp
from .errors import DossierError, error
from .write import MANIFEST, WritePlan, plan, read_manifest, write_pages

log = logging.getLogger(__name__)

STAGING = ".dossier-build"


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """Collect the warnings MkDocs logs while the block runs."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collector(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def stage_docs(docs: Path, pages: dict[str, bytes], staged: Path) -> None:
    """Fill `staged` with the hand-written files of `docs/` plus the new pages."""
    owned = read_manifest(docs) | {MANIFEST}
    for source in sorted(docs.rglob("*")) if docs.is_dir() else []:
        rel = source.relative_to(docs).as_posix()
        if source.is_file() and rel not in owned:
            target = staged / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for rel, content in pages.items():
        target = staged / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


@contextmanager
def config_errors(config_file: Path) -> Iterator[None]:
    """Turn MkDocs' refusal of a broken mkdocs.yml into a `DossierError` at the line it names."""
    try:
        yield
    except MkDocsException as exc:
        # Name the file as the user does, whichever path MkDocs or YAML was handed.
        text = str(exc).replace(str(config_file.resolve()), config_file.name)
        text = " ".join(text.replace(str(config_file), config_file.name).split())
        lines = re.findall(r"line (\d+)", text)
        raise DossierError(
            [
                error(
                    config_file.name,
                    int(lines[-1]) if lines else 1,
                    f"MkDocs cannot use this configuration: {text}",
                    "fix mkdocs.yml; see https://www.mkdocs.org/user-guide/configuration/",
                )
            ]
        ) from None


def run_mkdocs(config_file: Path, docs: Path, site: Path, strict: bool) -> None:
    """Build a site with MkDocs; raise `DossierError` with its warnings on failure."""
    with config_errors(config_file):
        config = load_config(
            str(config_file), docs_dir=str(docs), site_dir=str(site), strict=strict
        )
    plugin = config.plugins.get("dossier")
    if plugin is not None:
        plugin.pages_ready = True
    with collect_warnings() as warnings:
        try:
            mkdocs_build(config)
        except MkDocsException as exc:
            details = "; ".join(warnings) or str(exc)
            raise DossierError(
                [
                    error(
                        config_file.name,
                        1,
                        f"MkDocs build failed: {details}",
                        "fix the warnings above",
                    )
                ]
            ) from exc


def swap_in(new: Path, old: Path) -> None:
    """Replace folder `old` by `new`, as close to atomically as a file system allows."""
    retired = old.with_name(f".{old.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if old.exists():
        os.replace(old, retired)
    os.replace(new, old)
    shutil.rmtree(retired, ignore_errors=True)


def publish(
    root: Path,
    pages: dict[str, bytes],
    config_file: Path,
    site: Path,
    strict: bool = True,
    extra: Callable[[Path], None] | None = None,
) -> WritePlan:
    """Stage, build the site (and run `extra` on it, e.g. the PDF), then commit both.

    When nothing changed since the last successful build of `site`, nothing is
    built or written.
    """
    docs = root / "docs"
    todo = plan(docs, pages)  # refuse early if a hand-written file is in the way
    with config_errors(config_file):
        inputs = stamp.fingerprint(
            root, pages, config_file, f"strict={strict} extra={extra is not None}"
        )
    if not todo.write and not todo.delete and stamp.is_current(root / STAGING, site, pages=inputs):
        log.info("%s is up to date: nothing changed since its last build", site)
        return todo
    (root / STAGING).mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root / STAGING) as tmp:
        staged_docs, staged_site = Path(tmp) / "docs", Path(tmp) / "site"
        stage_docs(docs, pages, staged_docs)
        run_mkdocs(config_file, staged_docs, staged_site, strict)
        if extra:
            extra(staged_site)
        written = write_pages(pages, docs)
        swap_in(staged_site, site)
    stamp.record(root / STAGING, site, pages=inputs)
    return written
