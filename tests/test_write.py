"""Writing pages into docs/: staged pages are moved, not written twice; unchanged ones stay."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import DossierError
from generator.write import (
    MANIFEST,
    link_files,
    plan,
    read_manifest,
    scan,
    write_files,
    write_pages,
)

PAGES = {
    "index.md": b"# Home\n",
    "people/ana.md": "# Ana Núñez\n".encode(),
    "people/bo.md": b"# Bo\n",
    "assets/dossier/network.svg": b"<svg/>",
}


def inodes(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` with its inode and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_staged_pages_are_moved_into_docs_whole_folders_at_once(tmp_path: Path) -> None:
    docs, staged = tmp_path / "docs", tmp_path / "staged"
    (docs / "people").mkdir(parents=True)
    (docs / "about.md").write_bytes(b"hand-written\n")
    write_files(staged, PAGES)
    staged_inodes = inodes(staged)
    done = write_pages(PAGES, docs, staged, plan(docs, PAGES))
    assert set(done.write) == set(PAGES)
    assert {rel: (docs / rel).read_bytes() for rel in PAGES} == PAGES
    # The same files, renamed: `assets/` (absent from docs/) as one folder, the others one by one.
    assert {rel: inodes(docs)[rel] for rel in PAGES} == staged_inodes
    assert not (staged / "assets").exists() and not (staged / "people" / "ana.md").exists()
    assert all((docs / rel).stat().st_mode & 0o777 == 0o644 for rel in PAGES)
    assert read_manifest(docs) == set(PAGES)
    assert (docs / "about.md").read_bytes() == b"hand-written\n"


def test_an_unchanged_rewrite_touches_no_file(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(PAGES, docs)
    before = inodes(docs)
    changed = {**PAGES, "people/bo.md": b"# Bo Jr.\n"}
    done = write_pages(changed, docs)
    assert done.write == ("people/bo.md",) and done.unchanged == 3
    after = inodes(docs)
    assert {k: v for k, v in after.items() if k != "people/bo.md"} == {
        k: v for k, v in before.items() if k != "people/bo.md"
    }
    assert write_pages(changed, docs).write == ()
    assert inodes(docs) == after


def test_a_page_edited_after_planning_is_written_again(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(PAGES, docs)
    earlier = plan(docs, PAGES)
    assert earlier.write == () and set(earlier.checked) == set(PAGES)
    page = docs / "people" / "bo.md"
    page.write_bytes(b"# Xy\n")  # same size: only its signature tells
    os.utime(page, ns=(0, 0))
    assert plan(docs, PAGES, earlier).write == ("people/bo.md",)
    assert write_pages(PAGES, docs, earlier=earlier).write == ("people/bo.md",)
    assert page.read_bytes() == b"# Bo\n"


def test_pages_found_unchanged_are_linked_not_copied(tmp_path: Path) -> None:
    docs, staged = tmp_path / "docs", tmp_path / "staged"
    write_pages(PAGES, docs)
    linked = link_files(docs, staged, ["people/ana.md", "index.md"])
    assert linked == {"people/ana.md", "index.md"}
    assert (staged / "people" / "ana.md").stat().st_ino == (
        docs / "people" / "ana.md"
    ).stat().st_ino


def test_a_linked_page_edited_during_the_build_gets_its_content_back(tmp_path: Path) -> None:
    docs, staged = tmp_path / "docs", tmp_path / "staged"
    write_pages(PAGES, docs)
    earlier = plan(docs, PAGES)
    assert link_files(docs, staged, earlier.checked) == set(PAGES)
    page = docs / "people" / "bo.md"
    with page.open("r+b") as handle:  # in place: the staged link shows the edit too
        handle.write(b"# Xy")
    os.utime(page, ns=(0, 0))
    assert write_pages(PAGES, docs, staged, earlier).write == ("people/bo.md",)
    assert page.read_bytes() == b"# Bo\n"


def test_a_hand_written_file_in_the_way_stops_the_write(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "people").mkdir(parents=True)
    (docs / "people" / "bo.md").write_bytes(b"mine\n")
    (docs / "people" / "notes.txt").write_bytes(b"mine too\n")
    with pytest.raises(DossierError) as caught:
        write_pages(PAGES, docs)
    messages = [(p.path, p.message) for p in caught.value.problems]
    assert [path for path, _ in messages] == [
        (docs / "people" / "bo.md").as_posix(),
        (docs / "people" / "notes.txt").as_posix(),
    ]
    assert (docs / "people" / "bo.md").read_bytes() == b"mine\n"
    assert not (docs / MANIFEST).exists()


def test_scan_lists_links_without_entering_them(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "a").mkdir(parents=True)
    (docs / "a" / "f.md").write_bytes(b"x")
    (docs / "b").symlink_to("a")
    (docs / "g.md").symlink_to("a/f.md")
    tree = scan(docs)
    assert tree.files == {"a/f.md", "g.md"}
    assert tree.links == ("b", "g.md")
    assert tree.under_link("b/f.md") and not tree.under_link("a/f.md")
    # Pages beneath a linked folder are still found, through the link, as before.
    with pytest.raises(DossierError, match="not written by it"):
        plan(docs, {"b/f.md": b"x"})
    (docs / MANIFEST).write_text('{"files": ["b/f.md"]}')
    assert plan(docs, {"b/f.md": b"x"}).write == ()
    assert plan(docs, {"b/f.md": b"y"}).write == ("b/f.md",)
