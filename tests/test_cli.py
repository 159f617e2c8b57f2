"""The `dossier` command as a user meets it: help, check, build, rebuild."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .test_errors import snapshot


def test_every_command_has_help_and_is_documented() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    runner = CliRunner()
    for name, command in sorted(cli.commands.items()):  # type: ignore[attr-defined]
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert command.help, f"dossier {name} has no help text"
        assert f"`dossier {name}" in readme, f"dossier {name} is not in README.md"


def test_check_passes_on_a_valid_dossier(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--strict"])
    assert result.exit_code == 0, result.stderr
    assert "OK: 5 entities, 2 claims, 1 seeds" in result.stderr
    assert not (root / "docs" / "index.md").exists(), "check must not write"


def test_strict_fails_on_warnings(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    seed = root / "seeds" / "harbour-report.txt"
    seed.write_text(seed.read_text("utf-8").replace("comment in Freedonia", "comment"), "utf-8")
    lenient = CliRunner().invoke(cli, ["check", "--root", str(root)])
    strict = CliRunner().invoke(cli, ["check", "--root", str(root), "--strict"])
    assert lenient.exit_code == 0
    assert strict.exit_code == 1
    assert "no seed mentions 'freedonia' and nothing cites it" in strict.stderr


def test_debug_shows_traceback_for_user_errors(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    (root / "data" / "dossier.yml").write_text("id: x\n")
    plain = CliRunner().invoke(cli, ["check", "--root", str(root)])
    debug = CliRunner().invoke(cli, ["--debug", "check", "--root", str(root)])
    assert "Traceback" not in plain.stderr
    assert "Traceback" in debug.stderr
    assert plain.exit_code == debug.exit_code == 1


@pytest.mark.slow
def test_build_without_pdf_makes_the_site_without_a_pdf_link(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "--no-pdf", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    # The longest step says it has started, and how long it took.
    assert "building the site with MkDocs (23 pages)…" in result.stderr
    assert "MkDocs built the site in " in result.stderr
    assert not list((root / "site").glob("*.pdf"))
    home = (root / "site" / "index.html").read_text("utf-8")
    assert "Bottom line up front" in home and ".pdf" not in home
    # The same dossier with its PDF: a full build, not "up to date".
    result = runner.invoke(cli, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "up to date" not in result.stderr
    assert (root / "site" / "portville-harbour.pdf").is_file()
    assert 'href="portville-harbour.pdf"' in (root / "site" / "index.html").read_text("utf-8")


@pytest.mark.slow
def test_second_build_rewrites_no_file(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--root", str(root)]).exit_code == 0
    before = snapshot(root / "docs")
    result = runner.invoke(cli, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "(0 changed, 0 removed)" in result.stderr
    assert snapshot(root / "docs") == before


@pytest.mark.slow
def test_build_keeps_hand_written_pages_and_removes_stale_ones(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    runner = CliRunner()
    (root / "docs" / "about.md").write_text("# About\n\nHand-written.\n")
    assert runner.invoke(cli, ["build", "--root", str(root)]).exit_code == 0
    os.remove(root / "data" / "events" / "nunez-resignation.yml")
    result = runner.invoke(cli, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert not (root / "docs" / "events" / "nunez-resignation.md").exists()
    assert (root / "docs" / "about.md").read_text() == "# About\n\nHand-written.\n"
    assert (root / "site" / "about.html").is_file()


def test_hand_written_page_in_generated_folder_stops_the_build(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    (root / "docs" / "people").mkdir(parents=True)
    (root / "docs" / "people" / "notes.md").write_text("mine")
    result = CliRunner().invoke(cli, ["build", "--root", str(root)])
    assert result.exit_code == 1
    assert (
        "docs/people/notes.md:1: error: this file was not written by the generator" in result.stderr
    )
    assert (root / "docs" / "people" / "notes.md").read_text() == "mine"
    assert not (root / "docs" / "index.md").exists()
