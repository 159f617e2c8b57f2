"""Read `data/` and `seeds/` into raw values that remember their line numbers; seeds are
split into numbered paragraphs.

No validation happens here beyond what YAML itself requires and what keeps a
hostile file harmless: duplicate keys, anchors, tags other than the plain
ones, nesting deeper than `MAX_DEPTH`, control characters, oversized files and
links to files outside the dossier are refused, since each would lose, invent
or leak data. The limits are listed in README.md, "Limits and safety".
"""

from __future__ import annotations

import logging
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cached_property, partial
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .errors import Problem, error
from .garbage import fewer_collections
from .parallel import run_in_order
from .seeds import Paragraph, make_paragraphs
from .text import count_markup

log = logging.getLogger(__name__)

MAX_YAML_BYTES = 1 << 20
MAX_SEED_BYTES = 10 << 20
MAX_DEPTH = 12
# Python-Markdown's inline pass is quadratic in the escaped characters of one
# paragraph (Python-Markdown issue 798): 10,000 take about 2 s, 40,000 about 20 s.
MAX_MARKUP = 10_000
KIND_FOLDERS = {
    "people": "person",
    "countries": "country",
    "organizations": "organization",
    "events": "event",
}
YAML_SUFFIXES = (".yml", ".yaml")
Loc = tuple[str | int, ...]
R = TypeVar("R")

_STANDARD = "tag:yaml.org,2002:"
_SCALARS = yaml.constructor.SafeConstructor()
_PLAIN_TAGS: dict[str, Callable[[Any], Any]] = {
    _STANDARD + "str": str,
    _STANDARD + "timestamp": str,  # dates stay text: `dates.py` parses them
    _STANDARD + "int": _SCALARS.construct_yaml_int,
    _STANDARD + "float": _SCALARS.construct_yaml_float,
    _STANDARD + "bool": _SCALARS.construct_yaml_bool,
    _STANDARD + "null": lambda node: None,
}
_COLLECTION_TAGS: dict[type[yaml.Node], str] = {
    yaml.MappingNode: _STANDARD + "map",
    yaml.SequenceNode: _STANDARD + "seq",
}
_TYPE_NAMES = {"int": "a whole number", "float": "a number", "bool": "true or false"}
# C0 and C1 controls (tab and line breaks aside), the Unicode line and paragraph
# separators and two non-characters: invisible, and they break front matter,
# terminals and WeasyPrint's line breaking. Also the bidirectional embeddings,
# overrides and isolates, which make text show in another order than it reads
# ("Trojan Source"): a name could look like another.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
# In a seed: the same, but tabs, form feeds (pdftotext ends pages with one) and
# every line break are kept; Python-Markdown would silently drop \x02 and \x03.
_SEED_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^#]*?:\s+)?(["'])(.*)$""")


@dataclass(frozen=True)
class RawFile:
    """A parsed YAML file: its data and the line of every value in it.

    `numbers` holds the lines in the order of `locations(data)`: compact to send
    from a worker process, and made into `lines` only when a message needs one.
    """

    path: str
    data: Any
    numbers: array[int]

    @cached_property
    def lines(self) -> dict[Loc, int]:
        """The line of every value, by where it sits in `data`."""
        return dict(zip(locations(self.data), self.numbers, strict=True))

    def line(self, loc: Loc = ()) -> int:
        """Line of the value at `loc`, or of its nearest enclosing value."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


def locations(data: Any, loc: Loc = ()) -> Iterator[Loc]:
    """Where `data` and each value inside it sit, in the order of the document."""
    yield loc
    if isinstance(data, dict):
        items: Iterable[tuple[str | int, Any]] = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield from locations(value, (*loc, key))


@dataclass(frozen=True)
class RawSeed:
    """A seed's text, split into numbered paragraphs, with the raw metadata file beside it."""

    id: str
    path: str
    paragraphs: tuple[Paragraph, ...]
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

    def at(self, path: str) -> Problem:
        """The problem as an error in the file at `path`."""
        return error(path, self.line, self.message, self.hint)


def too_much_markup(count: int) -> tuple[str, str]:
    """(message, hint) for text with more markup characters than `MAX_MARKUP`."""
    return (
        f"the text has {count:,} characters such as < > * _ [ ] that must be escaped,"
        f" more than the limit of {MAX_MARKUP:,}",
        "is this code or HTML rather than text? see 'Limits and safety' in README.md",
    )


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _tag_problem(node: yaml.Node) -> _YamlProblem:
    tag = node.tag
    shown = "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag
    return _YamlProblem(
        _line(node),
        f"the YAML tag {shown!r} is not allowed",
        "remove the tag (the part starting with '!'); write plain text, numbers or dates",
    )


class _Builder:
    """Builds plain values from a node tree, recording the line of each value in order.

    Aliases, unknown tags and deep nesting stop the file. A duplicate key, an
    invisible character or a flood of markup is recorded and building goes on,
    so that one run reports all of them and the file is still validated.

    It visits each node once, the loader's hot loop: checks that the file's text
    rules out (no '*', so no alias; no backslash or invisible character, so no
    value holds one) are skipped, and so is counting markup in short texts.
    """

    def __init__(self, text: str) -> None:
        self.numbers: list[int] = []
        self.problems: list[_YamlProblem] = []
        # Only an alias (`*name`) makes a node appear twice: without a '*', skip the check.
        self._seen: set[int] | None = set() if "*" in text else None
        # A value's characters come from the text or from its escapes (`\e`, `\x1b`): with
        # neither an invisible character nor a backslash in the text, no value holds one.
        self._invisible = "\\" in text or _INVISIBLE.search(text) is not None

    def build(self, node: yaml.Node) -> Any:
        """The value of the document's root `node`."""
        self.numbers.append(_line(node))
        return self._value(node, 0)

    def _value(self, node: yaml.Node, depth: int) -> Any:
        """The value of `node`, `depth` levels down, whose line is already recorded."""
        if self._seen is not None:
            if id(node) in self._seen:  # an alias: refused before it can expand
                raise _YamlProblem(
                    _line(node),
                    "anchors and aliases (&name, *name) are not supported",
                    "write the repeated value out in full",
                )
            self._seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _YamlProblem(
                _line(node),
                f"values are nested more than {MAX_DEPTH} levels deep",
                "flatten the structure",
            )
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if node.tag != _COLLECTION_TAGS[type(node)]:
            raise _tag_problem(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth + 1)
        return self._sequence(node, depth + 1)

    def _scalar(self, node: yaml.Node) -> Any:
        make = _PLAIN_TAGS.get(node.tag)
        if make is str:
            return self._text(node)
        if make is None:
            raise _tag_problem(node)
        try:
            return make(node)
        except (KeyError, ValueError):  # `!!bool maybe`, `!!int two`, a 5,000-digit number
            kind = _TYPE_NAMES.get(node.tag.removeprefix(_STANDARD), "a value of its type")
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            raise _YamlProblem(
                _line(node),
                f"cannot read {shown!r} as {kind}",
                "write a plain number, true or false; remove any tag starting with '!!'",
            ) from None

    def _text(self, node: yaml.Node) -> str:
        """The text of a scalar, recording any flood of markup or invisible character in it."""
        text: str = node.value
        # Counting is needed only if the text is longer than the limit on the count.
        if len(text) > MAX_MARKUP and (markup := count_markup(text)) > MAX_MARKUP:
            self.problems.append(_YamlProblem(_line(node), *too_much_markup(markup)))
        if self._invisible and (found := _INVISIBLE.search(text)):
            self.problems.append(
                _YamlProblem(
                    _line(node),
                    f"the text contains the invisible character U+{ord(found.group()):04X}",
                    r"delete it; in double quotes, look for an escape such as \e, \x1b or \u2028",
                )
            )
        return text

    def _key(self, node: yaml.Node) -> str:
        tag = node.tag
        if tag == _STANDARD + "merge":
            raise _YamlProblem(
                _line(node), "merge keys (<<) are not supported", "write every field out"
            )
        if type(node) is not yaml.ScalarNode:
            raise _YamlProblem(
                _line(node), "a field name must be plain text", "write 'field: value'"
            )
        if tag not in _PLAIN_TAGS:
            raise _tag_problem(node)
        return self._text(node)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        numbers = self.numbers
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key in result:
                first = next(k for k, _ in node.value if k.value == key)
                self.problems.append(
                    _YamlProblem(
                        _line(key_node),
                        f"duplicate key {key!r} (first at line {_line(first)})",
                        "keep one of the two; YAML would silently drop the first",
                    )
                )
                continue
            numbers.append(key_node.start_mark.line + 1)  # a field's line is its key's
            result[key] = self._value(value_node, depth)
        return result

    def _sequence(self, node: yaml.Node, depth: int) -> list[Any]:
        items = []
        numbers = self.numbers
        for item in node.value:
            numbers.append(item.start_mark.line + 1)
            items.append(self._value(item, depth))
        return items


def parse_yaml(text: str, path: str) -> tuple[RawFile, list[Problem]]:
    """Parse one YAML document; raise `_YamlProblem` on a defect that stops the file.

    Returns the file and the problems that did not stop it (duplicate keys,
    control characters).
    """
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from exc
    except yaml.reader.ReaderError as exc:  # its position is a byte offset
        raise _YamlProblem(
            text.encode("utf-8")[: exc.position].count(b"\n") + 1,
            f"the file contains the character U+{exc.character:04X}, which YAML does not allow",
            "delete it (it is invisible in most editors: retype the line)",
        ) from exc
    except yaml.YAMLError as exc:
        raise _YamlProblem(1, f"YAML error: {exc}", "check the file is valid YAML") from exc
    if node is None:
        raise _YamlProblem(1, "the file is empty", "fill in the fields, or delete the file")
    builder = _Builder(text)
    data = builder.build(node)
    raw = RawFile(path, data, array("i", builder.numbers))
    return raw, [p.at(path) for p in builder.problems]


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> _YamlProblem:
    """A YAML syntax error at its line, with a hint on the likely cause."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.splitlines()
    problem = str(exc.problem or "")
    if mark and mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
        return _YamlProblem(
            line, "YAML syntax error: a tab is used to indent", "indent with spaces, never tabs"
        )
    if "escape" in problem:
        hint = r"fix the escape: in double quotes write \\ for a backslash, or use single quotes"
    elif quoted := _unclosed_quote(lines[:line]):
        hint = f"the quote opened on line {quoted} is not closed on that line: close it"
    elif "mapping values" in problem:
        hint = "put a value containing ': ' inside quotes"
    elif "another document" in problem:
        return _YamlProblem(
            line,
            "YAML syntax error: a second document starts here",
            "a file holds one document: remove this '---' and what follows, or move it elsewhere",
        )
    else:
        hint = "check indentation and quotes near this line"
    return _YamlProblem(line, f"YAML syntax error: {problem}", hint)


def _unclosed_quote(lines: list[str]) -> int | None:
    """Number of the last line whose value opens a quote without closing it."""
    for number in range(len(lines), 0, -1):
        match = _QUOTED_VALUE.match(lines[number - 1])
        if match and not re.search(rf"(?<!\\){match.group(1)}", match.group(2)):
            return number
    return None


class _Root:
    """The folder of the dossier being read, which tells the files inside it from the rest."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._resolved = path.resolve()
        self._folders: dict[Path, bool] = {}

    def holds(self, file: Path) -> bool:
        """Whether `file`, once symbolic links are followed, is inside the dossier."""
        if file.is_symlink():
            return file.resolve().is_relative_to(self._resolved)
        # A file that is no link lies in its folder's real place: resolve each folder once.
        folder = file.parent
        if folder not in self._folders:
            self._folders[folder] = folder.resolve().is_relative_to(self._resolved)
        return self._folders[folder]


def read_text(path: Path, root: _Root, limit: int, hint: str) -> str:
    """Read a UTF-8 text file inside `root`, dropping a byte-order mark; raise on bad bytes."""
    if not root.holds(path):
        raise _YamlProblem(
            1,
            "the file is a symbolic link to a file outside the dossier",
            "copy the file into the dossier instead of linking to it",
        )
    size = path.stat().st_size
    if size > limit:
        raise _YamlProblem(1, f"the file is {size:,} bytes, more than the limit of {limit:,}", hint)
    data = path.read_bytes()
    if (nul := data.find(b"\0")) >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise _YamlProblem(
            line, "the file is not text (it contains NUL bytes)", "use a UTF-8 text file"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _YamlProblem(
            data.count(b"\n", 0, exc.start) + 1,
            f"the file is not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start})",
            "save the file as UTF-8",
        ) from exc


def check_seed_text(text: str) -> str:
    """Return a seed's text; raise if it holds a control character, which no page can show."""
    if found := _SEED_CONTROL.search(text):
        raise _YamlProblem(
            text.count("\n", 0, found.start()) + 1,
            f"the seed contains the control character U+{ord(found.group()):04X}",
            "delete it, or save the document again as plain text",
        )
    return text


def read_yaml(path: Path, root: _Root, problems: list[Problem]) -> RawFile | None:
    """Read and parse one YAML file; on failure record a problem and return None."""
    rel = path.relative_to(root.path).as_posix()
    hint = "no dossier file needs this much; see 'Limits and safety' in README.md"
    try:
        raw, found = parse_yaml(read_text(path, root, MAX_YAML_BYTES, hint), rel)
    except _YamlProblem as exc:
        problems.append(exc.at(rel))
        return None
    problems.extend(found)
    if not isinstance(raw.data, dict):
        problems.append(
            error(rel, 1, "the file must be a mapping of fields", "write 'field: value' lines")
        )
        return None
    return raw


def _alone(
    read: Callable[[Path, _Root, list[Problem]], R], path: Path, root: _Root
) -> tuple[R, list[Problem]]:
    """`read` with the problems returned, as a worker process sends them back."""
    problems: list[Problem] = []
    return read(path, root, problems), problems


def read_files(
    reads: list[tuple[Callable[[Path, _Root, list[Problem]], R], Path]],
    root: _Root,
    problems: list[Problem],
    jobs: int | None = None,
) -> list[R]:
    """Each `read(path, root, problems)` of `reads`, in order; many are shared among `jobs`
    processes."""
    done = run_in_order([partial(_alone, read, path, root) for read, path in reads], jobs)
    problems.extend(problem for _, found in done for problem in found)
    return [value for value, _ in done]


def list_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files directly in `folder` with one of `suffixes`, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in suffixes and p.is_file())


def check_folders(root: Path) -> Iterator[Problem]:
    """Folders in `data/` whose files would be skipped: unknown ones, and any in a kind folder."""
    data = root / "data"
    for folder in sorted(p for p in data.iterdir() if p.is_dir()) if data.is_dir() else []:
        rel = folder.relative_to(root).as_posix()
        if folder.name not in KIND_FOLDERS and not folder.name.startswith("."):
            close = get_close_matches(folder.name, KIND_FOLDERS, n=1)
            hint = (
                f"did you mean data/{close[0]}/?"
                if close
                else "use one of: " + ", ".join(f"data/{k}/" for k in KIND_FOLDERS)
            )
            yield error(rel, 1, "unknown folder: its files would not be read", hint)
        elif folder.name in KIND_FOLDERS:
            for inner in sorted(p for p in folder.iterdir() if p.is_dir()):
                yield error(
                    inner.relative_to(root).as_posix(),
                    1,
                    "folders inside a kind folder are not read",
                    f"move its files up into {rel}/",
                )


def read_seed(path: Path, root: _Root, problems: list[Problem]) -> RawSeed | None:
    """Read `seeds/<id>.txt`, split into paragraphs, and the `seeds/<id>.yml` beside it."""
    rel = path.relative_to(root.path).as_posix()
    hint = "split the document into several seeds; see 'Limits and safety' in README.md"
    try:
        text = check_seed_text(read_text(path, root, MAX_SEED_BYTES, hint))
    except _YamlProblem as exc:
        problems.append(exc.at(rel))
        return None
    meta_path = next(
        (path.with_suffix(s) for s in YAML_SUFFIXES if path.with_suffix(s).is_file()), None
    )
    meta = read_yaml(meta_path, root, problems) if meta_path else None
    if meta_path is None:
        problems.append(
            error(
                rel, 1, f"seed '{path.stem}' has no metadata file", f"create seeds/{path.stem}.yml"
            )
        )
    return RawSeed(path.stem, rel, make_paragraphs(text), meta)


def read_tree(root: Path, jobs: int | None = None) -> RawTree:
    """Read a dossier folder: `data/dossier.yml`, `data/<kind>/*.yml` and `seeds/`.

    `jobs`: how many processes share the entity files and the seeds (None: one per core).
    """
    problems: list[Problem] = list(check_folders(root))
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
    with fewer_collections():  # reading makes hundreds of thousands of values, no cycles
        top = _Root(root)
        dossier = read_yaml(dossier_path, top, problems) if dossier_path else None
        paths = {
            kind: list_files(root / "data" / folder, YAML_SUFFIXES)
            for folder, kind in KIND_FOLDERS.items()
        }
        # Splitting a seed into paragraphs takes as long as reading a few entity files:
        # the seeds are read in the same processes as the entity files.
        seed_paths = list_files(root / "seeds", (".txt",))
        read: Iterator[Any] = iter(
            read_files(
                [(read_yaml, p) for found in paths.values() for p in found]
                + [(read_seed, p) for p in seed_paths],
                top,
                problems,
                jobs,
            )
        )
        entities = {
            kind: [raw for raw in islice(read, len(found)) if raw is not None]
            for kind, found in paths.items()
        }
        seeds = [raw for raw in read if raw is not None]
    log.info("read %d entity files and %d seeds", sum(map(len, entities.values())), len(seeds))
    return RawTree(root, dossier, entities, seeds, problems)
