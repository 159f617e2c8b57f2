"""One test per kind of user error: the exact message, exit 1, docs/ and site/ untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

PERSON = "data/people/ana-nunez.yml"
REYES = "data/people/tom-reyes.yml"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time under `folder`."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text("utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), "utf-8")


CASES = {
    "misspelled field": (
        lambda root: edit(root, PERSON, "description:", "descripton:"),
        [
            f"{PERSON}:4: error: unknown field 'descripton'",
            "  hint: did you mean 'description'?",
            f"{PERSON}:1: error: missing required field 'description'",
            "  hint: add 'description: …'",
        ],
    ),
    "duplicate key": (
        lambda root: edit(root, PERSON, "aliases: [Núñez]", "aliases: [Núñez]\nname: Ana N."),
        [
            f"{PERSON}:4: error: duplicate key 'name' (first at line 2)",
            "  hint: keep one of the two; YAML would silently drop the first",
        ],
    ),
    "dangling id": (
        lambda root: edit(root, PERSON, "about: [tom-reyes]", "about: [tom-reyez]"),
        [
            f"{PERSON}:19: error: unknown id 'tom-reyez'",
            "  hint: did you mean 'tom-reyes'?",
        ],
    ),
    "free text spelled like an id": (
        lambda root: edit(root, REYES, "attributed_to: tom-reyes", "attributed_to: officials"),
        [
            f"{REYES}:8: error: unknown id 'officials'",
            "  hint: create data/<kind>/officials.yml, or fix the id; "
            "for a name without a page, write text with a capital: 'Officials'",
        ],
    ),
    "quote not in paragraph": (
        lambda root: edit(
            root, PERSON, 'Reyes over dredging contracts."', 'Reyes over fishing contracts."'
        ),
        [
            f"{PERSON}:23: error: the quote is not in paragraph 1 of 'harbour-report'",
            "  hint: copy the words exactly from the paragraph "
            "(spacing and quote marks may differ)",
        ],
    ),
    "quote in another paragraph": (
        lambda root: edit(
            root, PERSON, 'paragraph: 1\n        quote: "Off', 'paragraph: 2\n        quote: "Off'
        ),
        [
            f"{PERSON}:23: error: the quote is not in paragraph 2 of 'harbour-report'",
            "  hint: the quote is in paragraph 1: write paragraph: 1",
        ],
    ),
    "unknown status": (
        lambda root: edit(root, PERSON, "status: alleged", "status: aleged"),
        [
            f"{PERSON}:17: error: 'status' cannot be 'aleged'",
            "  hint: did you mean 'alleged'?",
        ],
    ),
    "impossible date": (
        lambda root: edit(root, "data/events/nunez-resignation.yml", "2024-03-03", "2024-02-30"),
        [
            "data/events/nunez-resignation.yml:4: error: '2024-02-30' is not a real date: "
            "February 2024 has 29 days",
            "  hint: check the day of the month",
        ],
    ),
    "paragraph out of range": (
        lambda root: edit(root, "data/people/tom-reyes.yml", "paragraph: 2", "paragraph: 9"),
        [
            "data/people/tom-reyes.yml:13: error: seed 'harbour-report' has 3 paragraphs, not 9",
            "  hint: check the paragraph number on the seed's source page",
        ],
    ),
    "id does not match file name": (
        lambda root: edit(root, "data/people/tom-reyes.yml", "id: tom-reyes", "id: thomas-reyes"),
        [
            "data/people/tom-reyes.yml:1: error: id 'thomas-reyes' does not match the file name "
            "'tom-reyes'",
            "  hint: write id: tom-reyes, or rename the file to thomas-reyes.yml",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_user_error_is_reported_exactly(case: str, dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    runner = CliRunner()
    assert runner.invoke(cli, ["-q", "build", "--root", str(root)]).exit_code == 0
    before = snapshot(root / "docs") | {"site/" + k: v for k, v in snapshot(root / "site").items()}
    mutate, expected = CASES[case]
    mutate(root)

    result = runner.invoke(cli, ["build", "--root", str(root)])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    for line in expected:
        assert line in lines, f"missing {line!r} in:\n{result.stderr}"
    after = snapshot(root / "docs") | {"site/" + k: v for k, v in snapshot(root / "site").items()}
    assert after == before, "a failed build changed docs/ or site/"


def test_every_error_in_every_file_is_reported(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    edit(root, PERSON, "status: alleged", "status: aleged")
    edit(root, "data/people/tom-reyes.yml", "description:", "descripton:")
    (root / "data/countries/freedonia.yml").write_text("id: freedonia\nname: [unclosed\n")

    result = CliRunner().invoke(cli, ["check", "--root", str(root)])

    assert result.exit_code == 1
    assert "data/countries/freedonia.yml:" in result.stderr
    assert f"{PERSON}:17:" in result.stderr
    assert "data/people/tom-reyes.yml:4: error: unknown field 'descripton'" in result.stderr
