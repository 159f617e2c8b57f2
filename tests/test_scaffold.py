"""`dossier new`: a commented skeleton with a slug id that `dossier check` guides to completion."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import cli
from generator.model import MAX_SLUG, RECORDS, SLUG
from generator.scaffold import FOLDERS, skeleton, slugify
from generator.schema import schema_line

from .test_schema import TextDates

# What a contributor writes into the blank required fields of each kind.
FILLED = {
    "description": "description: Spokesperson of the harbour authority.",
    "code": "code: DE",
    "kind": "kind: ministry",
    "date": "date: 2024-03-03",
    "citations": 'citations: [{seed: harbour-report, paragraph: 1, quote: "resigned on 3 March"}]',
}


def new(root: Path, *args: str) -> tuple[int, str]:
    """Run `dossier new ARGS` in `root`; return the exit code and what it printed."""
    result = CliRunner().invoke(cli, ["new", *args, "--root", str(root)])
    return result.exit_code, result.stderr


def uncomment_examples(text: str) -> str:
    """Delete the '# ' in front of every example line, as the skeleton tells contributors to."""
    lines = text.split("\n")
    return "\n".join(
        line[2:]
        if line.startswith(("#   ", "# claims:", "# relations:", "# positions:", "# participants:"))
        else line
        for line in lines
    )


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Ana Núñez", "ana-nunez"),
        ("Javier González-Olaechea", "javier-gonzalez-olaechea"),
        ("Jeanine Áñez", "jeanine-anez"),
        ("Straße Łódź  Øresund", "strasse-lodz-oresund"),
        ("Côte d'Ivoire", "cote-divoire"),
        ("  Peru21 ", "peru21"),
        ("Ministry of Foreign Affairs (Peru)", "ministry-of-foreign-affairs-peru"),
        ("中国", ""),
    ],
)
def test_slug_folds_accents_and_punctuation(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_long_names_are_cut_at_a_word() -> None:
    slug = slugify("Very " * 30 + "Long Name")
    assert len(slug) <= MAX_SLUG and slug.endswith("very") and SLUG.fullmatch(slug)


@given(st.text(max_size=200))
def test_slug_is_a_valid_id_or_empty_and_idempotent(name: str) -> None:
    slug = slugify(name)
    assert slug == "" or (SLUG.fullmatch(slug) and len(slug) <= MAX_SLUG)
    assert slugify(slug) == slug


@pytest.mark.parametrize("kind", sorted(FOLDERS))
def test_new_file_fails_check_at_each_blank_field_then_passes_once_filled(
    kind: str, dossier_copy: Callable[[str], Path]
) -> None:
    root = dossier_copy("basic")
    code, output = new(root, kind, "Lina Ortiz")
    path = f"data/{FOLDERS[kind]}/lina-ortiz.yml"
    assert code == 0, output
    assert f"Created {path}" in output
    text = (root / path).read_text("utf-8")
    assert text.split("\n", 1)[0] == schema_line(path)
    assert "\nid: lina-ortiz\n" in text and "\nname: Lina Ortiz\n" in text

    todo = re.findall(rf"fill in (\w+): {re.escape(path)}:(\d+)", output)
    assert todo and todo[0][0] == "description"
    lines = text.split("\n")
    assert all(lines[int(n) - 1].startswith(f"{field}:") for field, n in todo)
    unfilled = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert unfilled.exit_code == 1
    assert sorted(re.findall(rf"{re.escape(path)}:(\d+): error", unfilled.stderr)) == sorted(
        n for _, n in todo
    )

    for field, n in todo:
        lines[int(n) - 1] = FILLED[field]
    (root / path).write_text("\n".join(lines), "utf-8")
    filled = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert filled.exit_code == 0, filled.stderr


@pytest.mark.parametrize("kind", sorted(FOLDERS))
def test_every_commented_example_is_a_valid_record(kind: str) -> None:
    made = skeleton(kind, "Lina Ortiz", "lina-ortiz", "harbour-report")
    text = uncomment_examples(made.text)
    lines = text.split("\n")
    for field, n in made.todo:
        if field != "citations":
            lines[n - 1] = FILLED[field]
    data = yaml.load("\n".join(lines), Loader=TextDates)
    record = RECORDS[kind].model_validate(data)  # type: ignore[index]
    assert record.id == "lina-ortiz"
    if kind != "event":
        assert record.claims and record.relations, "the examples should cover claims and relations"


def test_new_never_overwrites(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    before = (root / "data/people/ana-nunez.yml").read_bytes()
    code, output = new(root, "person", "Ana Núñez")
    assert code == 1
    assert (
        "data/people/ana-nunez.yml:1: error: an entity with id 'ana-nunez' already exists" in output
    )
    assert "hint: edit it, or choose another id with --id" in output
    assert (root / "data/people/ana-nunez.yml").read_bytes() == before


def test_new_refuses_an_id_another_kind_uses(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    code, output = new(root, "organization", "Freedonia")
    assert code == 1
    assert "data/countries/freedonia.yml:1: error: an entity with id 'freedonia'" in output
    assert not (root / "data/organizations/freedonia.yml").exists()


def test_new_asks_for_an_id_when_the_name_gives_none(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    code, output = new(root, "country", "中国")
    assert code == 1
    assert "error: cannot make an id from '中国'" in output
    assert "hint: give one with --id" in output
    code, output = new(root, "country", "中国", "--id", "china")
    assert code == 0, output
    assert "name: 中国\n" in (root / "data/countries/china.yml").read_text("utf-8")


def test_new_refuses_an_invalid_id(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    code, output = new(root, "person", "Anyone", "--id", "../escape")
    assert code == 1
    assert "'../escape' is not a valid id" in output
    assert not any(root.glob("**/escape.yml"))


def test_names_that_yaml_would_misread_are_quoted() -> None:
    for name in ("Yes", "No: really", "#1 Fan", "2024-03-03", "null"):
        text = skeleton("person", name, "someone", "harbour-report").text
        data = yaml.load(text, Loader=TextDates)
        assert data["name"] == name
