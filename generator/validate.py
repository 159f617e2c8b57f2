"""Turn raw YAML values into the typed model, collecting every problem first."""

from __future__ import annotations

import logging
import re
import typing
from difflib import get_close_matches
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import Problem, error, raise_errors
from .load import MAX_MARKUP, RawFile, RawTree, too_much_markup
from .model import MAX_SLUG, RECORDS, SLUG, Dossier, DossierInfo, Entity, Record, Seed, SeedInfo
from .text import count_markup

log = logging.getLogger(__name__)

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "tuple_type": "a list",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "bool_type": "true or false",
}


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """A 'did you mean' hint, or '' when nothing is close."""
    close = get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def describe(value: Any) -> str:
    """Short description of a value found where something else was expected."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The record class found at `loc` inside `model`, following lists and optionals."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """Strip tuple[...], Optional[...] and Annotated[...] down to a record class."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):  # an argument, never the annotation itself
        if (found := _inner_model(arg)) is not None:
            return found
    return None


def field_name(loc: tuple[str | int, ...]) -> tuple[str, str]:
    """(field, how to call the value at `loc`): `participants` and `item 1 of 'participants'`."""
    fields = [str(part) for part in loc if isinstance(part, str)]
    field = fields[-1] if fields else "file"
    if loc and isinstance(loc[-1], int):
        return field, f"item {loc[-1] + 1} of '{field}'"
    return field, f"'{field}'"


def explain(err: ErrorDetails, model: type[BaseModel]) -> tuple[str, str]:
    """Turn one pydantic error into (message, hint) for a contributor."""
    loc, kind, value = err["loc"], err["type"], err.get("input")
    name, what = field_name(loc)
    ctx = err.get("ctx") or {}
    if kind == "dossier" and value is None:
        return f"'{name}' is empty", "fill it in: the field is required"
    if kind == "dossier":
        return ctx["message"], ctx["hint"]
    if kind == "missing":
        return f"missing required field '{name}'", f"add '{name}: …'"
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        fields = parent.model_fields if parent else {}
        hint = suggest(name, fields) or "remove it; allowed fields: " + ", ".join(fields)
        return f"unknown field '{name}'", hint
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = suggest(str(value), choices) or "choose one of: " + ", ".join(choices)
        return f"{what} cannot be {describe(value)}", hint
    if kind == "too_short":
        return f"{what} needs at least {ctx.get('min_length', 1)} item(s)", _example(name)
    if kind == "greater_than_equal":
        return f"{what} must be {ctx.get('ge')} or more, got {describe(value)}", _example(name)
    if kind == "string_pattern_mismatch":
        return f"{what} has an unexpected form: {describe(value)}", _example(name)
    if kind in _TYPE_NAMES:
        return f"{what} must be {_TYPE_NAMES[kind]}, got {describe(value)}", _example(name)
    return f"{what}: {err['msg']}", _example(name)


_EXAMPLES = {
    "citations": 'write e.g. citations: [{seed: my-seed, paragraph: 3, quote: "exact words"}]',
    "paragraph": "write the paragraph number, e.g. paragraph: 3",
    "claims": "list at least one claim id, e.g. claims: [zamora-summoned]",
    "language": "write a two-letter language code, e.g. language: en",
    "translated_from": "write a two-letter language code, e.g. translated_from: es",
}


def _example(name: str) -> str:
    return _EXAMPLES.get(name, "see CONTRIBUTING.md for the format of this field")


def to_record(raw: RawFile, model: type[Record], problems: list[Problem]) -> Any:
    """Validate one file against `model`; on failure record every problem and return None."""
    try:
        return model.model_validate(raw.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for err in errors:
            if err["type"] == "too_short" and any(_inside(e["loc"], err["loc"]) for e in errors):
                continue  # pydantic adds it when an item fails; the item's own error says why
            message, hint = explain(err, model)
            problems.append(error(raw.path, raw.line(err["loc"]), message, hint))
        return None


def _inside(loc: tuple[str | int, ...], outer: tuple[str | int, ...]) -> bool:
    return len(loc) > len(outer) and loc[: len(outer)] == outer


DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10))]
)
"""Names Windows reserves for devices: no file can be called `con.md` or `con.pdf` there."""
RESERVED_IDS = DEVICE_NAMES | {"index", "dossier"}
"""Also `index`, each folder's section page, and `dossier`, the key of data/dossier.yml."""


def reserved(name: str, what: str, names: frozenset[str] = RESERVED_IDS) -> tuple[str, str] | None:
    """Why `name` cannot be the id of `what`, as (message, hint), or None when it can."""
    if name in names:
        return (
            f"'{name}' is a reserved name and cannot be the id of {what}",
            "choose another id (reserved: "
            + ("index, dossier, " if "index" in names else "")
            + "and the Windows device names con, prn, aux, nul, com1-com9, lpt1-lpt9)",
        )
    return None


def check_entity_id(raw: RawFile, entity: Entity, files: dict[str, RawFile]) -> Problem | None:
    """An entity's id must be allowed, match its file name and be unique."""
    stem = raw.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    found = reserved(entity.id, "an entity")
    if not found and entity.id != stem:
        fix = f"write id: {stem}, or rename" if SLUG.fullmatch(stem) else "rename"
        found = (
            f"id '{entity.id}' does not match the file name '{stem}'",
            f"{fix} the file to {entity.id}.yml",
        )
    if not found and entity.id in files:
        found = (
            f"id '{entity.id}' is already used by {files[entity.id].path}",
            "give one of the two entities another id",
        )
    # Only a message needs the line: finding it goes through every value of the file.
    return error(raw.path, raw.line(("id",)), *found) if found else None


def to_entities(
    tree: RawTree, problems: list[Problem]
) -> tuple[dict[str, Entity], dict[str, RawFile]]:
    """Validate every entity file; ids must match file names and be unique."""
    entities: dict[str, Entity] = {}
    files: dict[str, RawFile] = {}
    for kind, raws in tree.entities.items():
        for raw in raws:
            record = to_record(raw, RECORDS[kind], problems)  # type: ignore[index]
            if record is None:
                continue
            if problem := check_entity_id(raw, record, files):
                problems.append(problem)
            else:
                entities[record.id] = record
                files[record.id] = raw
    return entities, files


def check_seed_id(seed_id: str, path: str) -> Problem | None:
    """A seed's file name is its id: it must be a valid, unreserved id."""
    if not SLUG.fullmatch(seed_id) or len(seed_id) > MAX_SLUG:
        return error(
            path,
            1,
            f"the file name '{seed_id}' cannot be a seed id",
            "rename the seed's .txt and .yml files using lowercase letters a-z, digits and"
            " single hyphens, e.g. seeds/harbour-report.txt",
        )
    if found := reserved(seed_id, "a seed"):
        return error(path, 1, found[0], "rename the seed's .txt and .yml files")
    return None


def to_seeds(tree: RawTree, problems: list[Problem]) -> dict[str, Seed]:
    """Validate seed metadata and split every seed into paragraphs."""
    seeds = {}
    for raw in tree.seeds:
        if problem := check_seed_id(raw.id, raw.path):
            problems.append(problem)
            continue
        info = to_record(raw.meta, SeedInfo, problems) if raw.meta else None
        if info is None:
            continue
        paragraphs = raw.paragraphs
        if not paragraphs:
            problems.append(error(raw.path, 1, "the seed has no text", "paste the document's text"))
            continue
        if heavy := next((p for p in paragraphs if count_markup(p.text) > MAX_MARKUP), None):
            message, hint = too_much_markup(count_markup(heavy.text))
            problems.append(error(raw.path, 1, f"paragraph {heavy.number}: {message}", hint))
            continue
        seeds[raw.id] = Seed(raw.id, raw.path, info, paragraphs)
    return seeds


def to_model(tree: RawTree) -> Dossier:
    """Validate everything read; raise `DossierError` listing every problem found."""
    problems = list(tree.problems)
    info = to_record(tree.dossier, DossierInfo, problems) if tree.dossier else None
    if info and tree.dossier and (found := reserved(info.id, "the dossier", DEVICE_NAMES)):
        problems.append(error(tree.dossier.path, tree.dossier.line(("id",)), *found))
    entities, files = to_entities(tree, problems)
    seeds = to_seeds(tree, problems)
    raise_errors(problems)
    assert info is not None and tree.dossier is not None
    files["dossier"] = tree.dossier
    log.info("validated %d entities and %d seeds", len(entities), len(seeds))
    return Dossier(
        info,
        dict(sorted(entities.items())),
        dict(sorted(seeds.items())),
        dict(sorted(files.items())),
    )
