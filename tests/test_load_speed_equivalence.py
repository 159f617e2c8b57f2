"""The loader's shortcuts change nothing: same values, line map and problems as a full check.

`load._Builder` skips the alias check when the text has no '*', the invisible
character check when it has no backslash and no such character, and resolves
each folder once rather than each file; `read_tree` pauses the garbage
collector. Each test here pins a case where a shortcut must not apply.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

import pytest

from generator import load
from generator.errors import Problem
from generator.load import RawFile, read_tree
from generator.parallel import MIN_TASKS_PER_JOB


def read_dossier_file(root: Path, text: str) -> tuple[RawFile | None, list[tuple[int, str]]]:
    """Read a dossier whose only file is `data/dossier.yml` holding `text`."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "dossier.yml").write_text(text, "utf-8")
    tree = read_tree(root)
    return tree.dossier, [(p.line, p.message) for p in tree.problems]


def test_line_map_holds_every_value_in_document_order(tmp_path: Path) -> None:
    text = "title: T\nitems:\n  - a\n  - b: 1\n    c: [x, {d: y}]\nlast: ~\n"
    raw, problems = read_dossier_file(tmp_path, text)
    assert problems == []
    assert raw is not None
    items = ["a", {"b": 1, "c": ["x", {"d": "y"}]}]
    assert raw.data == {"title": "T", "items": items, "last": None}
    assert list(raw.lines.items()) == [
        ((), 1),
        (("title",), 1),
        (("items",), 2),
        (("items", 0), 3),
        (("items", 1), 4),
        (("items", 1, "b"), 4),
        (("items", 1, "c"), 5),
        (("items", 1, "c", 0), 5),
        (("items", 1, "c", 1), 5),
        (("items", 1, "c", 1, "d"), 5),
        (("last",), 6),
    ]


def test_line_map_skips_a_dropped_duplicate_key(tmp_path: Path) -> None:
    raw, problems = read_dossier_file(tmp_path, "a: 1\nb:\n  - x\na: [y]\nc: z\n")
    assert problems == [(4, "duplicate key 'a' (first at line 1)")]
    assert raw is not None
    assert raw.data == {"a": 1, "b": ["x"], "c": "z"}
    assert raw.lines == {(): 1, ("a",): 1, ("b",): 2, ("b", 0): 3, ("c",): 5}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_lines_come_back_from_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entity files read in workers keep the line of each value."""
    people = tmp_path / "data" / "people"
    people.mkdir(parents=True)
    for n in range(2 * MIN_TASKS_PER_JOB):
        (people / f"p{n}.yml").write_text(f"# {n}\n" * (n % 3) + f"id: p{n}\nname:\n  P{n}\n")
    readers = tmp_path / "readers"  # each process that parses a file leaves its id here
    readers.mkdir()
    parse = load.parse_yaml

    def parse_and_sign(text: str, path: str) -> tuple[RawFile, list[Problem]]:
        (readers / str(os.getpid())).touch()
        time.sleep(0.001)  # this process takes batches too: leave the worker time to start
        return parse(text, path)

    monkeypatch.setattr(load, "parse_yaml", parse_and_sign)
    tree = read_tree(tmp_path, jobs=2)
    assert {p.name for p in readers.iterdir()} - {str(os.getpid())}, "no file read in a worker"
    raws = tree.entities["person"]
    assert len(raws) == 2 * MIN_TASKS_PER_JOB
    for raw in raws:
        skip = int(raw.data["id"][1:]) % 3  # comment lines above the fields
        assert (raw.line(("id",)), raw.line(("name",)), raw.line(("name", "x"))) == (
            1 + skip,
            2 + skip,
            2 + skip,
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An invisible character written as itself, with no backslash in the file.
        ('a: ok\nb: "x\u2028y"\n', [(2, "the text contains the invisible character U+2028")]),
        ('a: ok\nb: "\\e"\n', [(2, "the text contains the invisible character U+001B")]),
        ('"\\x01k": 1\n', [(1, "the text contains the invisible character U+0001")]),
        ("a: 2 * 3\nb: '*'\n", []),
        ("a: " + "<" * 10_000 + "\n", []),
        (
            "a: ok\nb: " + "<" * 10_001 + "\n",
            [
                (
                    2,
                    "the text has 10,001 characters such as < > * _ [ ] that must be escaped,"
                    " more than the limit of 10,000",
                )
            ],
        ),
        ("a: 1\nb: 2\na: 3\n", [(3, "duplicate key 'a' (first at line 1)")]),
    ],
)
def test_text_checks_find_what_they_must(
    tmp_path: Path, text: str, expected: list[tuple[int, str]]
) -> None:
    _, problems = read_dossier_file(tmp_path, text)
    assert problems == expected


@pytest.mark.parametrize(
    "text", ["a: &x 1\nb: *x\n", "a: &x [1]\nb:\n  - *x\n", "a: &x\n  b: *x\n"]
)
def test_an_alias_stops_the_file(tmp_path: Path, text: str) -> None:
    raw, problems = read_dossier_file(tmp_path, text)
    assert raw is None
    # An alias is the very node it names, so the problem is at the anchored value's line.
    assert problems == [(1, "anchors and aliases (&name, *name) are not supported")]


def test_a_kind_folder_linked_outside_refuses_each_file(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("a", "b"):
        (outside / f"{name}.yml").write_text(f"id: {name}\nname: {name.upper()}\n", "utf-8")
    root = tmp_path / "dossier"
    (root / "data").mkdir(parents=True)
    (root / "data" / "dossier.yml").write_text("title: T\n", "utf-8")
    (root / "data" / "people").symlink_to(outside)
    tree = read_tree(root)
    assert tree.entities["person"] == []
    assert [(p.path, p.message) for p in tree.problems] == [
        (f"data/people/{name}.yml", "the file is a symbolic link to a file outside the dossier")
        for name in ("a", "b")
    ]


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_leaves_the_garbage_collector_as_it_was(tmp_path: Path, enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        read_dossier_file(tmp_path, "title: T\n")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
