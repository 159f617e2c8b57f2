"""JSON Schema for editors: committed and current, described, and in agreement with the model."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.scaffold import FOLDERS
from generator.schema import SCHEMA_DIR, kind_of_file, render_schemas, schema_line, stale_schemas

from .conftest import GOLDEN, REPO

SCHEMAS = render_schemas()


class TextDates(yaml.SafeLoader):
    """Reads dates as text, as the YAML language server (YAML 1.2) and the generator do."""


TextDates.add_constructor("tag:yaml.org,2002:timestamp", TextDates.construct_yaml_str)


def validator(kind: str) -> jsonschema.Draft7Validator:
    """A validator for one kind, as an editor would use it."""
    return jsonschema.Draft7Validator(json.loads(SCHEMAS[f"{kind}.schema.json"]))


def data_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to root, path) of every data file under `root`."""
    for path in sorted([*root.glob("data/**/*.y*ml"), *root.glob("seeds/*.y*ml")]):
        rel = path.relative_to(root).as_posix()
        if kind_of_file(rel):
            yield rel, path


def load(path: Path) -> Any:
    """A data file as an editor reads it."""
    return yaml.load(path.read_text("utf-8"), Loader=TextDates)


def test_committed_schema_is_up_to_date() -> None:
    stale = stale_schemas(REPO / SCHEMA_DIR)
    assert not stale, (
        f"schema/ is out of date with generator/model.py: run `dossier schema` ({stale})"
    )


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_draft_7_and_describes_every_field(name: str) -> None:
    schema = json.loads(SCHEMAS[name])
    jsonschema.Draft7Validator.check_schema(schema)
    records = [schema, *schema.get("$defs", {}).values()]
    for record in records:
        for field, prop in record["properties"].items():
            assert prop.get("description"), f"{name}: field '{field}' has no description"


@pytest.mark.parametrize("root", [GOLDEN / "basic", REPO], ids=["basic", "shipped"])
def test_files_the_model_accepts_are_valid_for_the_editor(root: Path) -> None:
    files = list(data_files(root))
    assert len(files) >= 6
    for rel, path in files:
        errors = [e.message for e in validator(kind_of_file(rel) or "").iter_errors(load(path))]
        assert not errors, f"{rel}: an editor would flag a valid file: {errors}"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(birthday="1970-01-01"), ""),
        (lambda d: d.pop("description"), ""),
        (lambda d: d["claims"][0].update(status="rumoured"), "claims/0/status"),
        (lambda d: d["claims"][0].update(confidence="certain"), "claims/0/confidence"),
        (lambda d: d["claims"][0]["citations"][0].update(paragraph="one"), "claims/0/citations/0"),
        (lambda d: d["claims"][0].update(citations=[]), "claims/0/citations"),
        (lambda d: d.update(id="Ana Núñez"), "id"),
    ],
    ids=[
        "unknown-field",
        "missing-field",
        "status",
        "confidence",
        "paragraph",
        "no-citation",
        "id",
    ],
)
def test_editor_flags_typical_mistakes(change: Callable[[dict[str, Any]], Any], where: str) -> None:
    rel = "data/people/ana-nunez.yml"
    data = load(GOLDEN / "basic" / rel)
    change(data)
    errors = list(validator("person").iter_errors(data))
    assert errors, "the editor would not flag this mistake"
    assert any("/".join(map(str, e.absolute_path)).startswith(where) for e in errors)


def test_every_shipped_data_file_starts_with_its_schema_line() -> None:
    files = list(data_files(REPO))
    assert len(files) > 10
    missing = [
        rel for rel, path in files if path.read_text("utf-8").split("\n", 1)[0] != schema_line(rel)
    ]
    assert not missing, f"first line should be the editor's schema comment: {missing}"


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("data/people/ana-nunez.yml", "person"),
        ("data/countries/peru.yaml", "country"),
        ("data/dossier.yml", "dossier"),
        ("seeds/harbour-report.yml", "seed"),
        ("data/people/notes.txt", None),
        ("data/misc/x.yml", None),
        ("seeds/harbour-report.txt", None),
    ],
)
def test_schema_line_points_at_the_schema_from_the_file_folder(rel: str, kind: str | None) -> None:
    assert kind_of_file(rel) == kind
    if kind:
        target = schema_line(rel).split("$schema=", 1)[1]
        assert (REPO / rel).parent.joinpath(
            target
        ).resolve() == REPO / SCHEMA_DIR / f"{kind}.schema.json"


def test_every_entity_kind_has_a_schema() -> None:
    assert {f"{kind}.schema.json" for kind in FOLDERS} <= set(SCHEMAS)


def test_schema_command_writes_then_detects_a_stale_file(tmp_path: Path) -> None:
    runner = CliRunner()
    written = runner.invoke(cli, ["schema", "--root", str(tmp_path)])
    assert written.exit_code == 0, written.stderr
    assert sorted(p.name for p in (tmp_path / SCHEMA_DIR).iterdir()) == sorted(SCHEMAS)
    assert runner.invoke(cli, ["schema", "--check", "--root", str(tmp_path)]).exit_code == 0

    (tmp_path / SCHEMA_DIR / "person.schema.json").write_text("{}\n")
    stale = runner.invoke(cli, ["schema", "--check", "--root", str(tmp_path)])
    assert stale.exit_code == 1
    assert (
        "schema/person.schema.json:1: error: the schema is missing or out of date" in stale.stderr
    )
    assert "hint: run `dossier schema` and commit the result" in stale.stderr

    again = runner.invoke(cli, ["schema", "--root", str(tmp_path)])
    assert "Wrote 1 changed schema file(s)" in again.stderr
    assert runner.invoke(cli, ["schema", "--check", "--root", str(tmp_path)]).exit_code == 0
