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
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .errors import DossierError, Problem, error
from .parallel import run_in_order

log = logging.getLogger(__name__)

MANIFEST = ".dossier-manifest.json"
OWNED_FOLDERS = ("people", "countries", "organizations", "events", "sources", "assets/dossier")
# What identifies a file's content without reading it: inode, size and modification time.
# (Not the change time: hard-linking a page into the staging folder changes it.)
Signature = tuple[int, int, int]
# Create a file that must not exist yet, for writing (as `open(path, "xb")`).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL


@dataclass(frozen=True)
class WritePlan:
    """What a write will change: files to write, files to delete, files left alone.

    `checked` holds the signature of each file found identical to its page, so
    that planning again later need not read it unless it changed meanwhile.
    """

    write: tuple[str, ...]
    delete: tuple[str, ...]
    unchanged: int
    checked: Mapping[str, Signature] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Tree:
    """What a folder holds, by path relative to it; symbolic links to folders are not entered."""

    entries: frozenset[str]
    files: frozenset[str]  # regular files, and links to them
    links: tuple[str, ...]

    def under_link(self, path: str) -> bool:
        """Whether a folder on the way to `path` is a symbolic link, so the tree cannot tell."""
        return bool(self.links) and any(
            path.startswith(f"{link}/") for link in self.links if link not in self.files
        )


def scan(folder: Path) -> Tree:
    """Every entry below `folder`, read with one `scandir` per folder (no `stat` per file)."""
    entries: set[str] = set()
    files: set[str] = set()
    links: list[str] = []
    todo = [("", os.fspath(folder))] if folder.is_dir() else []
    while todo:
        prefix, path = todo.pop()
        with os.scandir(path) as found:
            for entry in found:
                rel = prefix + entry.name
                entries.add(rel)
                if entry.is_dir(follow_symlinks=False):
                    todo.append((f"{rel}/", entry.path))
                    continue
                if entry.is_symlink():
                    links.append(rel)
                if entry.is_file():
                    files.add(rel)
    return Tree(frozenset(entries), frozenset(files), tuple(sorted(links)))


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


def links_outside(docs: Path, tree: Tree | None = None) -> list[str]:
    """Symbolic links in `docs/` that lead outside it: writing through them would escape."""
    tree = tree or scan(docs)
    inside = docs.resolve()
    return [link for link in tree.links if not (docs / link).resolve().is_relative_to(inside)]


def foreign_files(
    docs: Path, pages: Mapping[str, bytes], owned: set[str], tree: Tree | None = None
) -> list[str]:
    """Files the generator would overwrite, or that sit in its folders, but did not write."""
    tree = tree or scan(docs)
    found = [
        p
        for p in pages
        if p not in owned and (p in tree.entries or (tree.under_link(p) and (docs / p).exists()))
    ]
    for folder in OWNED_FOLDERS:
        if (folder in tree.links or tree.under_link(folder)) and (docs / folder).is_dir():
            inner = scan(docs / folder).files  # a linked folder: rglob entered it too
            found += [rel for f in inner if (rel := f"{folder}/{f}") not in owned]
        else:
            found += [f for f in tree.files if f.startswith(f"{folder}/") and f not in owned]
    return sorted(set(found))


def plan(docs: Path, pages: Mapping[str, bytes], earlier: WritePlan | None = None) -> WritePlan:
    """Compare the pages with `docs/`; raise if a file the generator did not write is in the way.

    A file that `earlier` found identical to its page, and whose signature has
    not changed since, is not read again.
    """
    tree = scan(docs)
    if links := links_outside(docs, tree):
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
    if foreign := foreign_files(docs, pages, owned, tree):
        raise DossierError(_foreign_problem(docs, path, path in pages) for path in foreign)
    known = earlier.checked if earlier else {}
    write: list[str] = []
    checked: dict[str, Signature] = {}
    for rel, content in pages.items():
        found = (
            _compare(os.path.join(docs, rel), content, known.get(rel))
            if rel in tree.files or tree.under_link(rel)
            else None
        )
        if found is None:
            write.append(rel)
        else:
            checked[rel] = found
    delete = tuple(sorted(p for p in owned - pages.keys() if (docs / p).is_file()))
    return WritePlan(tuple(write), delete, len(pages) - len(write), checked)


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


def _compare(path: str, content: bytes, known: Signature | None) -> Signature | None:
    """The file's signature if it holds `content` (read only if not `known`), else None."""
    try:
        with open(path, "rb", buffering=0) as handle:
            info = os.fstat(handle.fileno())
            signature = (info.st_ino, info.st_size, info.st_mtime_ns)
            same = info.st_size == len(content) and (
                signature == known or handle.readall() == content
            )
    except (FileNotFoundError, NotADirectoryError):
        return None
    return signature if same else None


def _same(path: Path, content: bytes) -> bool:
    return _compare(os.fspath(path), content, None) is not None


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


def _placer(folder: Path) -> Callable[[str], str]:
    """A function giving the path of `rel` below `folder`, making its parent the first time."""
    base = os.fspath(folder)
    made: set[str] = set()

    def place(rel: str) -> str:
        parent = rel.rpartition("/")[0]
        if parent not in made:
            os.makedirs(os.path.join(base, parent), exist_ok=True)
            made.add(parent)
        return os.path.join(base, rel)

    return place


def write_files(folder: Path, files: Mapping[str, bytes], jobs: int | None = None) -> None:
    """Write each file below `folder`, which holds none of them yet: no temporary file needed.

    A big dossier stages tens of thousands of pages: each is written with the
    system calls alone, without the buffered file object `open` would build, and
    they are shared among `jobs` processes (`parallel.run_in_order`; None: one per core).
    """
    place = _placer(folder)
    run_in_order([partial(_write_new, place(rel), content) for rel, content in files.items()], jobs)


def _write_new(path: str, content: bytes) -> None:
    """Write `content` into the file `path`, which must not exist yet."""
    fd = os.open(path, _NEW_FILE, 0o644)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
        os.fchmod(fd, 0o644)  # whatever the umask, as `write_atomic` does
    finally:
        os.close(fd)


def link_files(source: Path, target: Path, paths: Iterable[str]) -> set[str]:
    """Hard-link files from `source` into `target`; return those linked (none across devices)."""
    place = _placer(target)
    linked: set[str] = set()
    for rel in paths:
        try:
            os.link(os.path.join(source, rel), place(rel))  # a symbolic link is followed
        except OSError:
            break  # another file system, or one without hard links: the caller copies the rest
        linked.add(rel)
    return linked


def write_pages(
    pages: Mapping[str, bytes],
    docs: Path,
    staged: Path | None = None,
    earlier: WritePlan | None = None,
) -> WritePlan:
    """Bring `docs/` in line with `pages`, touching only what changed.

    With `staged`, a folder where `write_files` already wrote the same pages, a
    changed page is moved from there instead of being written again, and a
    folder `docs/` lacks is moved whole.
    `earlier` is the plan made when the pages were staged.
    """
    todo = plan(docs, pages, earlier)
    docs.mkdir(parents=True, exist_ok=True)
    # Staged pages that `earlier` found unchanged may be links to the files in docs/.
    linked = earlier.checked.keys() if earlier else set()
    moved = _move_new_folders(todo.write, staged, docs, linked) if staged else ()
    place = _placer(docs)
    for rel in todo.write:
        if any(rel.startswith(f"{folder}/") for folder in moved):
            continue
        target = place(rel)
        if staged is None or rel in linked or not _move(os.path.join(staged, rel), target):
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


def _move_new_folders(
    paths: Iterable[str], staged: Path, docs: Path, linked: Collection[str]
) -> tuple[str, ...]:
    """Move each staged folder that `docs/` lacks with one rename; return those moved.

    Such a folder holds new pages only (a hand-written file in it would be in
    `docs/` already), so moving it whole gives the same files as moving each
    page; unless a page in it was `linked` from a file that has gone since.
    """
    missing: dict[str, bool] = {}
    found: set[str] = set()
    for rel in paths:
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder not in missing:
                missing[folder] = not os.path.lexists(os.path.join(docs, folder))
            if missing[folder]:
                found.add(folder)
                break
    return tuple(
        folder
        for folder in sorted(found)
        if not any(rel.startswith(f"{folder}/") for rel in linked)
        and _move(os.path.join(staged, folder), os.path.join(docs, folder))
    )


def _move(source: str, target: str) -> bool:
    """Rename a staged file or folder to its target; False if it cannot (another file system)."""
    try:
        os.replace(source, target)
    except OSError:
        return False
    return True


def _remove_empty_parents(path: Path, stop: Path) -> None:
    for parent in path.parents:
        if parent == stop or any(parent.iterdir()):
            return
        parent.rmdir()
