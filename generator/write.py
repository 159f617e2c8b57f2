"""The only module that writes into `docs/`.

The generator records what it wrote in a manifest. It writes only files whose
content changed, deletes only files the manifest lists, and refuses to touch a
file it did not write: a hand-written page in a generated folder, or in the
place of a generated page, stops the run before anything is written.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DossierError, Problem, error

log = logging.getLogger(__name__)

MANIFEST = ".dossier-manifest.json"
OWNED_FOLDERS = ("people", "countries", "organizations", "events", "sources", "assets/dossier")


@dataclass(frozen=True)
class WritePlan:
    """What a write will change: files to write, files to delete, files left alone."""

    write: tuple[str, ...]
    delete: tuple[str, ...]
    unchanged: int


def read_manifest(docs: Path) -> set[str]:
    """Paths (relative to `docs/`) that an earlier run wrote; raise if the manifest is damaged."""
    path = docs / MANIFEST
    try:
        files = json.loads(path.read_text("utf-8"))["files"]
    except FileNotFoundError:
        return set()
    except (ValueError, KeyError, TypeError) as exc:
        raise _manifest_error(
            path, f"it is not a JSON object with a list of files ({exc})"
        ) from None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise _manifest_error(path, "'files' is not a list of paths")
    if bad := next((f for f in files if not _is_page_path(f)), None):
        raise _manifest_error(path, f"it lists {bad!r}, which is not a path inside docs/")
    return set(files)


def _is_page_path(path: str) -> bool:
    """A clean relative path below `docs/`: no '..', no leading '/', no backslash."""
    parts = path.split("/")
    return bool(path) and "\\" not in path and all(p not in ("", ".", "..") for p in parts)


def _manifest_error(path: Path, why: str) -> DossierError:
    return DossierError(
        [
            error(
                path.as_posix(),
                1,
                f"the list of pages the generator wrote is damaged: {why}",
                f"delete {path.as_posix()} and the generated pages it listed, then build again",
            )
        ]
    )


def links_outside(docs: Path) -> list[str]:
    """Symbolic links in `docs/` that lead outside it: writing through them would escape."""
    if not docs.is_dir():
        return []
    inside = docs.resolve()
    return [
        p.relative_to(docs).as_posix()
        for p in sorted(docs.rglob("*"))
        if p.is_symlink() and not p.resolve().is_relative_to(inside)
    ]


def foreign_files(docs: Path, pages: dict[str, bytes], owned: set[str]) -> list[str]:
    """Files the generator would overwrite, or that sit in its folders, but did not write."""
    found = [p for p in pages if p not in owned and (docs / p).exists()]
    for folder in OWNED_FOLDERS:
        if (docs / folder).is_dir():
            found += [
                f.relative_to(docs).as_posix()
                for f in sorted((docs / folder).rglob("*"))
                if f.is_file() and f.relative_to(docs).as_posix() not in owned
            ]
    return sorted(set(found))


def plan(docs: Path, pages: dict[str, bytes]) -> WritePlan:
    """Compare the pages with `docs/`; raise if a file the generator did not write is in the way."""
    if links := links_outside(docs):
        raise DossierError(
            error(
                (docs / link).as_posix(),
                1,
                "this is a symbolic link leading outside docs/",
                "replace the link by a copy of what it points to",
            )
            for link in links
        )
    owned = read_manifest(docs)
    if foreign := foreign_files(docs, pages, owned):
        raise DossierError(_foreign_problem(docs, path, path in pages) for path in foreign)
    write = tuple(p for p in pages if not _same(docs / p, pages[p]))
    delete = tuple(sorted(p for p in owned - pages.keys() if (docs / p).is_file()))
    return WritePlan(write, delete, len(pages) - len(write))


def _foreign_problem(docs: Path, path: str, generated: bool) -> Problem:
    if generated:
        return error(
            (docs / path).as_posix(),
            1,
            "the generator writes this page, but this file was not written by it",
            "rename or move your file: the generator never overwrites a file it did not write",
        )
    return error(
        (docs / path).as_posix(),
        1,
        "this file was not written by the generator, which owns this folder",
        f"move it out of docs/{path.split('/')[0]}/ (the generator owns "
        + ", ".join(f"docs/{f}/" for f in OWNED_FOLDERS)
        + ")",
    )


def _same(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except FileNotFoundError:
        return False


def write_atomic(path: Path, content: bytes) -> None:
    """Write through a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_pages(pages: dict[str, bytes], docs: Path) -> WritePlan:
    """Bring `docs/` in line with `pages`, touching only what changed."""
    todo = plan(docs, pages)
    for rel in todo.write:
        write_atomic(docs / rel, pages[rel])
    for rel in todo.delete:
        (docs / rel).unlink()
        _remove_empty_parents(docs / rel, docs)
    manifest = json.dumps({"files": sorted(pages)}, indent=1).encode() + b"\n"
    if not _same(docs / MANIFEST, manifest):
        write_atomic(docs / MANIFEST, manifest)
    log.info(
        "wrote %d pages, deleted %d, %d unchanged",
        len(todo.write),
        len(todo.delete),
        todo.unchanged,
    )
    return todo


def _remove_empty_parents(path: Path, stop: Path) -> None:
    for parent in path.parents:
        if parent == stop or any(parent.iterdir()):
            return
        parent.rmdir()


def encode(pages: dict[str, str]) -> dict[str, bytes]:
    """UTF-8 bytes of every page, keyed by path."""
    return {path: text.encode("utf-8") for path, text in pages.items()}
