"""`dossier new`: write a commented skeleton for a new entity file, never overwriting one.

The skeleton is made from the kind's JSON Schema, so its comments are the
model's own field descriptions. Required fields the contributor must supply
are left blank, which `dossier check` reports with their line until they are
filled in; optional lists of records come as commented examples.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DossierError, error
from .load import KIND_FOLDERS, YAML_SUFFIXES, list_files
from .model import MAX_SLUG, SLUG
from .schema import make_schema, schema_line

log = logging.getLogger(__name__)

FOLDERS = {kind: folder for folder, kind in KIND_FOLDERS.items()}
LAST_FIELDS = ("claims", "relations", "tags")
WIDTH = 88
MAX_INLINE_CHOICES = 5
# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"}
    | {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i", "'": "", "’": ""}
)
# Example values of nested fields, by field name; "{id}" and "{seed}" are filled in.
PLACEHOLDERS: dict[str, Any] = {
    "id": "{id}-what-the-claim-says",
    "statement": "What the seed says, in your own words",
    "attributed_to": "who says it (an entity id, or free text)",
    "status": "reported",
    "confidence": "moderate",
    "about": [],
    "type": "member_of",
    "target": "id-of-the-other-entity",
    "title": "Title of the office",
    "organization": "id-of-the-organization",
    "country": "id-of-the-country",
    "parent": "id-of-the-parent-organization",
    "location": "id-of-a-country-or-a-place-name",
    "inferred": "why part of the date is inferred",
    "date": "2024-03-03",
    "entity": "id-of-the-participant",
    "role": "role in the event",
    "seed": "{seed}",
    "paragraph": 1,
    "quote": "exact words copied from the paragraph",
}


@dataclass(frozen=True)
class Skeleton:
    """A new entity file: where it goes, its text, and the blank fields to fill in."""

    path: str
    text: str
    todo: tuple[tuple[str, int], ...]
    """(field, line) of every required field left blank."""


def slugify(name: str) -> str:
    """An id from a name: accents folded, lowercase ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", text))
    while len(slug) > MAX_SLUG and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:MAX_SLUG]


def scalar(value: Any) -> str:
    """A value as YAML on one line: plain where YAML reads it back unchanged, else quoted."""
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if not isinstance(value, str):
        return json.dumps(value)
    try:
        loaded = yaml.safe_load(f"key: {value}")["key"]
    except (yaml.YAMLError, TypeError):
        loaded = None
    # The dossier's loader keeps dates as text, so a plain date reads back unchanged.
    plain = loaded == value or (isinstance(loaded, dt.date) and loaded.isoformat() == value)
    return value if plain and value else json.dumps(value, ensure_ascii=False)


def comment(text: str, indent: str = "") -> list[str]:
    """`text` as comment lines wrapped to the skeleton's width."""
    return [f"{indent}# {line}" for line in textwrap.wrap(text, WIDTH - len(indent) - 2)]


def choices(prop: dict[str, Any]) -> tuple[str, str]:
    """(comment line above, comment after the value) listing an enum's choices."""
    values = prop.get("enum", [])
    if not values:
        return "", ""
    if len(values) <= MAX_INLINE_CHOICES:
        return "", "  # " + " | ".join(values)
    return "One of: " + ", ".join(values) + ".", ""


def item_ref(prop: dict[str, Any]) -> str | None:
    """Name of the record a list holds, or None when it holds plain values."""
    ref = prop.get("items", {}).get("$ref", "")
    return ref.rsplit("/", 1)[-1] or None


def example_item(record: dict[str, Any], defs: dict[str, Any], values: dict[str, str]) -> list[str]:
    """YAML lines of one example list item of `record`: comments, then the item from '- '."""
    lines: list[str] = []
    for key, prop in record["properties"].items():
        if key not in record.get("required", ()) and key not in PLACEHOLDERS:
            continue
        above, after = choices(prop)
        lines += comment(above)
        if ref := item_ref(prop):
            lines.append(f"{key}:")
            lines += ["  " + line for line in example_item(defs[ref], defs, values)]
            continue
        value = PLACEHOLDERS[key]
        value = value.format(**values) if isinstance(value, str) else value
        lines.append(f"{key}: {scalar(value)}{after}")
    first = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return [*lines[:first], "- " + lines[first], *("  " + line for line in lines[first + 1 :])]


def field_lines(
    key: str, prop: dict[str, Any], required: bool, defs: dict[str, Any], values: dict[str, str]
) -> list[str]:
    """The lines of one top-level field: its description, then its value or an example."""
    above, after = choices(prop)
    label = "REQUIRED. " if required and key not in values else ""
    lines = comment(label + prop.get("description", "")) + comment(above)
    if key in values:
        return [*lines, f"{key}: {scalar(values[key])}"]
    if ref := item_ref(prop):
        items = ["# " + "  " + line for line in example_item(defs[ref], defs, values)]
        return [*lines, f"{key}:" if required else f"# {key}:", *items]
    if prop.get("type") == "array":
        return [*lines, f"{key}: []"]
    if required:
        return [*lines, f"{key}:{after}"]
    example = PLACEHOLDERS.get(key, "")
    return [*lines, f"# {key}: {scalar(example.format(**values))}{after}"]


def skeleton(kind: str, name: str, entity_id: str, seed_id: str) -> Skeleton:
    """The commented skeleton of a new entity file."""
    schema = make_schema(kind)
    path = f"data/{FOLDERS[kind]}/{entity_id}.yml"
    values = {"id": entity_id, "name": name, "seed": seed_id}
    lines = [
        schema_line(path),
        *comment(f"{schema['description']} Written by `dossier new`; CONTRIBUTING.md explains it."),
        *comment(
            "Fill in each field marked REQUIRED. To use an example, delete the '# ' at the start"
            " of its lines. Then run `dossier check`."
        ),
    ]
    todo = []
    properties = schema["properties"]
    order = [k for k in properties if k not in LAST_FIELDS] + [
        k for k in LAST_FIELDS if k in properties
    ]
    for key in order:
        required = key in schema.get("required", ())
        block = ["", *field_lines(key, properties[key], required, schema.get("$defs", {}), values)]
        if required and key not in values:
            at = next(i for i, line in enumerate(block) if line.startswith(f"{key}:"))
            todo.append((key, len(lines) + at + 1))
        lines += block
    return Skeleton(path, "\n".join(lines) + "\n", tuple(todo))


def existing_files(root: Path, entity_id: str) -> list[str]:
    """Entity files of any kind that already use `entity_id`."""
    return [
        f"data/{folder}/{entity_id}{suffix}"
        for folder in KIND_FOLDERS
        for suffix in YAML_SUFFIXES
        if (root / "data" / folder / f"{entity_id}{suffix}").exists()
    ]


def first_seed(root: Path) -> str:
    """Id of the first seed, used in example citations."""
    seeds = list_files(root / "seeds", (".txt",))
    return seeds[0].stem if seeds else "id-of-the-seed"


def create(root: Path, kind: str, name: str, entity_id: str | None = None) -> Skeleton:
    """Write the skeleton of a new entity into `root/data/`; refuse to overwrite anything."""
    entity_id = entity_id or slugify(name)
    where = f"data/{FOLDERS[kind]}/{entity_id or '?'}.yml"
    if not SLUG.fullmatch(entity_id) or len(entity_id) > MAX_SLUG:
        raise DossierError(
            [
                error(
                    where,
                    1,
                    f"cannot make an id from {name!r}"
                    if entity_id == ""
                    else f"{entity_id!r} is not a valid id",
                    "give one with --id: lowercase letters a-z, digits and single hyphens,"
                    " e.g. --id ana-nunez",
                )
            ]
        )
    if taken := existing_files(root, entity_id):
        raise DossierError(
            error(
                path,
                1,
                f"an entity with id '{entity_id}' already exists",
                "edit it, or choose another id with --id",
            )
            for path in taken
        )
    new = skeleton(kind, name.strip(), entity_id, first_seed(root))
    target = root / new.path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never replace a file
        handle.write(new.text)
    log.debug("created %s", new.path)
    return new
