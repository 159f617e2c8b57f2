"""Fuzzing load, validate and link, and the Markdown escaping of what they let through.

Random YAML documents, random changes to the values of the basic and shipped
dossiers, and random byte edits of their files all go through
`pipeline.check` from disk, as `dossier check` runs them. The only exception
allowed is `DossierError`, and each of its problems must name a file of the
dossier and a line in it. Random text, escaped and rendered by Python-Markdown
with the site's extensions, must come back as itself.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.errors import DossierError
from generator.model import (
    Citation,
    Claim,
    DossierInfo,
    KeyJudgment,
    Participant,
    Person,
    Position,
    Relation,
    SeedInfo,
)
from generator.text import collapse, escape_markdown

from .conftest import GOLDEN, REPO

FIELDS = sorted(
    {
        name
        for record in (Citation, Claim, DossierInfo, KeyJudgment, Participant, Person, Position)
        for name in record.model_fields
    }
    | set(Relation.model_fields)
    | set(SeedInfo.model_fields)
    | {"code", "kind", "country", "parent", "date", "location", "participants"}
)
TRICKY = [
    "",
    " ",
    "2025-02-30",
    "2024/2023",
    "2024-13",
    "../../etc/passwd",
    "C:\\con",
    "index",
    "con",
    "dossier",
    "tom-reyes",
    "harbour-report",
    "carlos-zamora",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "{: onclick=alert(1) }",
    "{{ 7*7 }}",
    "# heading",
    "x" * 300,
    "<" * 12_000,
    "9" * 5000,
    "\x1b[31m",
    "\u2029",
    "javascript:alert(1)",
    "https://example.org/a)b",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(TRICKY)
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)
YAML_PIECES = st.sampled_from(
    [":", ": ", "- ", "[", "]", "{", "}", ",", '"', "'", "\n", "\n  ", "\t", "&a ", "*a", "!!",
     "!!python/object:os.system", "<<: ", "? ", "|", ">", "#", "---\n", "...", "%YAML 1.1\n",
     "\\", "\\u", "id: x\n", "name: ", "\ufeff", "\x00", "\x85", "\u2028", "é", "🙂"]
)  # fmt: skip
FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check_cleanly(root: Path) -> None:
    """Run load, validate and link; a `DossierError` must name files of the dossier and lines."""
    try:
        pipeline.check(root)
    except DossierError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert (root / problem.path).exists() or problem.path == "data/dossier.yml", problem
            assert problem.line >= 1 and problem.message, problem


@contextmanager
def changed(path: Path, content: bytes | None) -> Iterator[None]:
    """Write `content` to `path` (or delete it, for None) for the duration of the block."""
    before = path.read_bytes() if path.exists() else None
    if content is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(content)
    try:
        yield
    finally:
        if before is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(before)


def data_files(root: Path) -> list[Path]:
    """The YAML files and seeds of a dossier, sorted."""
    return sorted(p for p in (*root.glob("data/**/*.yml"), *root.glob("seeds/*")) if p.is_file())


def paths_in(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists, the root included."""
    yield prefix
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        yield from paths_in(child, (*prefix, key))


def mutate(data: Any, draw: Callable[[st.SearchStrategy[Any]], Any]) -> Any:
    """Replace, delete or add one value somewhere in `data`."""
    path = draw(st.sampled_from(list(paths_in(data))))
    if not path:
        return draw(VALUES)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "delete":
        del parent[path[-1]]
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(FIELDS))] = draw(VALUES)
    else:
        parent[path[-1]] = draw(VALUES)
    return data


@pytest.fixture(params=["basic", "shipped"])
def dossier(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of the basic fixture or of the shipped dossier; the shipped one must check first."""
    name: str = request.param
    source = GOLDEN / "basic" if name == "basic" else REPO
    root = tmp_path / name
    for folder in ("data", "seeds"):
        shutil.copytree(source / folder, root / folder)
    try:
        pipeline.check(root)
    except DossierError as exc:
        pytest.skip(f"the {name} dossier does not check yet:\n{exc.format()}")
    return root


@FUZZ
@given(pieces=st.lists(YAML_PIECES | st.text(max_size=8), max_size=40))
def test_random_yaml_documents_never_crash(pieces: list[str], dossier: Path) -> None:
    with changed(dossier / "data/people/fuzz.yml", "".join(pieces).encode("utf-8", "replace")):
        check_cleanly(dossier)


@FUZZ
@given(value=VALUES)
def test_random_yaml_values_never_crash(value: Any, dossier: Path) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    with changed(dossier / "data/organizations/fuzz.yml", text.encode("utf-8")):
        check_cleanly(dossier)


@FUZZ
@given(data=st.data())
def test_random_changes_to_the_data_never_crash(data: st.DataObject, dossier: Path) -> None:
    files = [p for p in data_files(dossier) if p.suffix == ".yml"]
    path = data.draw(st.sampled_from(files))
    changed_data = mutate(yaml.safe_load(path.read_text("utf-8")), data.draw)
    with changed(path, yaml.safe_dump(changed_data, allow_unicode=True).encode("utf-8")):
        check_cleanly(dossier)


@FUZZ
@given(data=st.data())
def test_random_byte_edits_never_crash(data: st.DataObject, dossier: Path) -> None:
    path = data.draw(st.sampled_from(data_files(dossier)))
    content = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(content)))
        cut = data.draw(st.integers(0, 8))
        content[at : at + cut] = data.draw(st.binary(max_size=6) | YAML_PIECES.map(str.encode))
    with changed(path, bytes(content)):
        check_cleanly(dossier)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_one_run_reports_an_error_in_every_broken_file(data: st.DataObject, dossier: Path) -> None:
    files = sorted(dossier.glob("data/*/*.yml"))
    broken = data.draw(st.lists(st.sampled_from(files), min_size=1, max_size=6, unique=True))
    originals = {path: path.read_bytes() for path in broken}
    try:
        for path in broken:
            path.write_bytes(originals[path] + b"\nnot_a_field: 1\n")
        with pytest.raises(DossierError) as caught:
            pipeline.check(dossier)
    finally:
        for path, content in originals.items():
            path.write_bytes(content)
    reported = {p.path for p in caught.value.problems if "not_a_field" in p.message}
    assert reported == {p.relative_to(dossier).as_posix() for p in broken}


class _Elements(HTMLParser):
    """Tags and text of an HTML fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.texts.append("")

    def handle_data(self, data: str) -> None:
        if self.texts:
            self.texts[-1] += data


MARKUP_TEXT = st.text(
    st.sampled_from(list("\\`*_{}[]|<>#&!-+=~:.()0123456789 ab\n\t\"'/;^$%@"))
    | st.characters(exclude_categories=("Cc", "Cs")),  # the loader refuses control characters
    max_size=40,
).filter(lambda text: collapse(text) != "")
EXTENSIONS = ["admonition", "attr_list", "footnotes", "tables", "md_in_html", "toc"]


@settings(max_examples=300, deadline=None)
@given(text=MARKUP_TEXT)
def test_escaped_text_at_a_line_start_renders_as_itself(text: str) -> None:
    found = _Elements(markdown.markdown(escape_markdown(text), extensions=EXTENSIONS))
    assert found.tags == ["p"] and [t.strip() for t in found.texts] == [collapse(text)]


@settings(max_examples=300, deadline=None)
@given(text=MARKUP_TEXT)
def test_escaped_text_in_a_table_cell_renders_as_itself(text: str) -> None:
    table = f"| A | B |\n|---|---|\n| {escape_markdown(text)} | b |\n"
    found = _Elements(markdown.markdown(table, extensions=EXTENSIONS))
    assert found.tags == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]
    assert [t.strip() for t in found.texts[-2:]] == [collapse(text), "b"]
