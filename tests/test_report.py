"""`dossier check --format human|github|json`: what a person, a pull request and a script read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import error, warning
from generator.report import as_json, github, human

PROBLEMS = [
    warning("data/people/b.yml", 3, "no seed mentions 'b'", "add an alias"),
    error("data/people/a.yml", 12, "unknown id 'x'", "did you mean 'y'?"),
    error("data/people/a.yml", 2, "'status' cannot be 'rumoured'"),
]


def break_quote(root: Path) -> None:
    """Cite a quote that is not in the cited paragraph (line 23 of ana-nunez.yml)."""
    path = root / "data" / "people" / "ana-nunez.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("over dredging contracts.", "over fishing rights."), "utf-8")


def test_human_lists_problems_by_file_and_line_with_hints_and_a_count() -> None:
    assert click.unstyle(human(PROBLEMS)) == (
        "data/people/a.yml:2: error: 'status' cannot be 'rumoured'\n"
        "data/people/a.yml:12: error: unknown id 'x'\n"
        "  hint: did you mean 'y'?\n"
        "data/people/b.yml:3: warning: no seed mentions 'b'\n"
        "  hint: add an alias\n"
        "2 error(s), 1 warning(s)"
    )


def test_human_is_coloured_on_a_terminal_only(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    break_quote(root)
    plain = CliRunner().invoke(cli, ["check", "--root", str(root)])
    coloured = CliRunner().invoke(cli, ["check", "--root", str(root)], color=True)
    assert "\x1b[" not in plain.stderr
    assert "\x1b[31mdata/people/ana-nunez.yml:" in coloured.stderr
    assert plain.stdout == coloured.stdout == ""


def test_github_annotations_escape_what_the_runner_would_misread() -> None:
    problem = error("data/a,b:c.yml", 4, "100% wrong\nsecond line", "write: 'x'")
    assert github([problem], Path(".")) == (
        "::error file=data/a%2Cb%3Ac.yml,line=4,title=dossier check%3A error"
        "::100%25 wrong%0Asecond line%0Ahint: write: 'x'"
    )


def test_github_and_json_paths_are_relative_to_the_working_folder() -> None:
    root = Path("dossiers/portville")
    lines = github(PROBLEMS, root).splitlines()
    assert lines[0].startswith("::error file=dossiers/portville/data/people/a.yml,line=2,")
    assert lines[2].startswith("::warning file=dossiers/portville/data/people/b.yml,line=3,")
    assert [r["file"] for r in json.loads(as_json(PROBLEMS, root))] == [
        "dossiers/portville/data/people/a.yml",
        "dossiers/portville/data/people/a.yml",
        "dossiers/portville/data/people/b.yml",
    ]


def test_check_format_github_annotates_the_line_on_stdout(
    dossier_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = dossier_copy("basic")
    break_quote(root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["-q", "check", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=data/people/ana-nunez.yml,line=23,title=dossier check%3A error"
        "::the quote is not in paragraph 1 of 'harbour-report'"
        "%0Ahint: copy the words exactly from the paragraph (spacing and quote marks may differ)\n"
    )


def test_check_format_json_prints_a_list_even_when_all_is_well(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    ok = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout) == []
    break_quote(root)
    failed = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json"])
    assert failed.exit_code == 1
    (problem,) = json.loads(failed.stdout)
    assert problem.pop("file").endswith("basic/data/people/ana-nunez.yml")
    assert problem == {
        "line": 23,
        "severity": "error",
        "message": "the quote is not in paragraph 1 of 'harbour-report'",
        "hint": "copy the words exactly from the paragraph (spacing and quote marks may differ)",
    }


def test_check_format_json_includes_warnings(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    seed = root / "seeds" / "harbour-report.txt"
    seed.write_text(seed.read_text("utf-8").replace("comment in Freedonia", "comment"), "utf-8")
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", "--strict"])
    assert result.exit_code == 1
    assert [p["severity"] for p in json.loads(result.stdout)] == ["warning"]
