"""Read `data/` and `seeds/` into raw values that remember their line numbers.

No validation happens here beyond what YAML itself requires: duplicate keys,
anchors and non-standard tags are refused, since each would silently lose or
invent data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, error

log = logging.getLogger(__name__)

MAX_YAML_BYTES = 1 << 20
MAX_SEED_BYTES = 10 << 20
MAX_DEPTH = 12
KIND_FOLDERS = {
    "people": "person",
    "countries": "country",
    "organizations": "organization",
    "events": "event",
}
YAML_SUFFIXES = (".yml", ".yaml")
Loc = tuple[str | int, ...]

_SCALARS = yaml.constructor.SafeConstructor()
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:timestamp": str,  # dates stay text: `dates.py` parses them
    "tag:yaml.org,2002:int": _SCALARS.construct_yaml_int,
    "tag:yaml.org,2002:float": _SCALARS.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SCALARS.construct_yaml_bool,
    "tag:yaml.org,2002:null": lambda node: None,
}


@dataclass(frozen=True)
class RawFile:
    """A parsed YAML file: its data and the line of every value in it."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc = ()) -> int:
        """Line of the value at `loc`, or of its nearest enclosing value."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


@dataclass(frozen=True)
class RawSeed:
    """A seed's text with the raw metadata file beside it."""

    id: str
    path: str
    text: str
    meta: RawFile | None


@dataclass(frozen=True)
class RawTree:
    """Everything read from a dossier folder, and the problems met reading it."""

    root: Path
    dossier: RawFile | None
    entities: dict[str, list[RawFile]]
    seeds: list[RawSeed]
    problems: list[Problem]


class _YamlProblem(Exception):
    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def _construct(node: yaml.Node, loc: Loc, lines: dict[Loc, int], seen: set[int]) -> Any:
    """Build plain Python values from a node tree, recording lines."""
    if id(node) in seen:
        raise _YamlProblem(
            node.start_mark.line + 1,
            "anchors and aliases (&name, *name) are not supported",
            "write the repeated value out in full",
        )
    seen.add(id(node))
    if len(loc) > MAX_DEPTH:
        raise _YamlProblem(
            node.start_mark.line + 1,
            f"values are nested more than {MAX_DEPTH} levels deep",
            "flatten the structure",
        )
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _construct_mapping(node, loc, lines, seen)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*loc, i), lines, seen) for i, item in enumerate(node.value)]
    make = _PLAIN_TAGS.get(node.tag)
    if make is None:
        raise _YamlProblem(
            node.start_mark.line + 1,
            f"the YAML tag {node.tag!r} is not allowed",
            "remove the tag (the part starting with '!'); write plain text, numbers or dates",
        )
    return node.value if make is str else make(node)


def _construct_mapping(
    node: yaml.MappingNode, loc: Loc, lines: dict[Loc, int], seen: set[int]
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _YamlProblem(line, "merge keys (<<) are not supported", "write every field out")
        if not isinstance(key_node, yaml.ScalarNode):
            raise _YamlProblem(line, "a field name must be plain text", "write 'field: value'")
        key = key_node.value
        if key in result:
            raise _YamlProblem(
                line,
                f"duplicate key {key!r} (first at line {lines[(*loc, key)]})",
                "keep one of the two; YAML would silently drop the first",
            )
        result[key] = _construct(value_node, (*loc, key), lines, seen)
        lines[(*loc, key)] = line
    return result


def parse_yaml(text: str, path: str) -> RawFile:
    """Parse one YAML document, raising `_YamlProblem` on any defect."""
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise _YamlProblem(line, f"YAML syntax error: {exc.problem}", _syntax_hint(exc)) from exc
    except yaml.YAMLError as exc:
        raise _YamlProblem(1, f"YAML error: {exc}", "check the file is valid YAML") from exc
    if node is None:
        raise _YamlProblem(1, "the file is empty", "fill in the fields, or delete the file")
    lines: dict[Loc, int] = {}
    return RawFile(path, _construct(node, (), lines, set()), lines)


def _syntax_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem or "")
    if "tab" in problem:
        return "indent with spaces, never tabs"
    if "quote" in problem or "quoted" in str(exc.context or ""):
        return "close the quote, or remove it"
    if "mapping values" in problem:
        return "put a value containing ': ' inside quotes"
    return "check indentation and quotes near this line"


def read_text(path: Path, rel: str, limit: int) -> str:
    """Read a UTF-8 file (a leading byte-order mark is dropped); raise on bad bytes."""
    size = path.stat().st_size
    if size > limit:
        raise _YamlProblem(
            1,
            f"the file is {size:,} bytes, more than the limit of {limit:,}",
            "split it into smaller files",
        )
    data = path.read_bytes()
    if b"\0" in data:
        raise _YamlProblem(
            1, "the file is not text (it contains NUL bytes)", "use a UTF-8 text file"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _YamlProblem(
            line,
            f"the file is not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start})",
            "save the file as UTF-8",
        ) from exc


def read_yaml(path: Path, root: Path, problems: list[Problem]) -> RawFile | None:
    """Read and parse one YAML file; on failure record a problem and return None."""
    rel = path.relative_to(root).as_posix()
    try:
        raw = parse_yaml(read_text(path, rel, MAX_YAML_BYTES), rel)
    except _YamlProblem as exc:
        problems.append(error(rel, exc.line, exc.message, exc.hint))
        return None
    if not isinstance(raw.data, dict):
        problems.append(
            error(rel, 1, "the file must be a mapping of fields", "write 'field: value' lines")
        )
        return None
    return raw


def list_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files directly in `folder` with one of `suffixes`, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in suffixes and p.is_file())


def read_seeds(root: Path, problems: list[Problem]) -> list[RawSeed]:
    """Read every `seeds/<id>.txt` and the `seeds/<id>.yml` beside it."""
    seeds = []
    for path in list_files(root / "seeds", (".txt",)):
        rel = path.relative_to(root).as_posix()
        try:
            text = read_text(path, rel, MAX_SEED_BYTES)
        except _YamlProblem as exc:
            problems.append(error(rel, exc.line, exc.message, exc.hint))
            continue
        meta_path = next(
            (path.with_suffix(s) for s in YAML_SUFFIXES if path.with_suffix(s).is_file()), None
        )
        meta = read_yaml(meta_path, root, problems) if meta_path else None
        if meta_path is None:
            problems.append(
                error(
                    rel,
                    1,
                    f"seed '{path.stem}' has no metadata file",
                    f"create seeds/{path.stem}.yml",
                )
            )
        seeds.append(RawSeed(path.stem, rel, text, meta))
    return seeds


def read_tree(root: Path) -> RawTree:
    """Read a dossier folder: `data/dossier.yml`, `data/<kind>/*.yml` and `seeds/`."""
    problems: list[Problem] = []
    dossier_path = next(
        (
            root / "data" / f"dossier{s}"
            for s in YAML_SUFFIXES
            if (root / "data" / f"dossier{s}").is_file()
        ),
        None,
    )
    if dossier_path is None:
        problems.append(error("data/dossier.yml", 1, "missing file", "create data/dossier.yml"))
    dossier = read_yaml(dossier_path, root, problems) if dossier_path else None
    entities = {
        kind: [
            raw
            for path in list_files(root / "data" / folder, YAML_SUFFIXES)
            if (raw := read_yaml(path, root, problems)) is not None
        ]
        for folder, kind in KIND_FOLDERS.items()
    }
    seeds = read_seeds(root, problems)
    log.info("read %d entity files and %d seeds", sum(map(len, entities.values())), len(seeds))
    return RawTree(root, dossier, entities, seeds, problems)
