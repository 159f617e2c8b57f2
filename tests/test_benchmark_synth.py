"""The benchmark's synthetic dossiers: deterministic, varied, and clean through the whole build.

Untimed: speed is measured by `make bench`, never asserted here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.synth import make_dossier
from generator.cli import cli
from generator.pipeline import check, generate_files
from generator.publish import publish


def contents(root: Path) -> dict[str, bytes]:
    """Every input file of a dossier, by path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("data", "seeds")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def test_the_same_random_seed_gives_the_same_dossier(tmp_path: Path) -> None:
    make_dossier(tmp_path / "a", "S", seed=7)
    make_dossier(tmp_path / "b", "S", seed=7)
    make_dossier(tmp_path / "c", "S", seed=8)
    assert contents(tmp_path / "a") == contents(tmp_path / "b")
    assert contents(tmp_path / "a") != contents(tmp_path / "c")


def test_size_s_has_its_counts_accented_names_aliases_and_pull_quotes(tmp_path: Path) -> None:
    summary = make_dossier(tmp_path / "s", "S")
    linked = check(tmp_path / "s")
    entities = linked.dossier.entities.values()
    assert (
        (summary.entities, summary.seeds) == (50, 10) == (len(entities), len(linked.dossier.seeds))
    )
    assert summary.claims == len(linked.claims) >= 100  # about four per entity
    assert sum(not e.name.isascii() for e in entities) >= 10
    assert sum(len(e.aliases) for e in entities) >= 20
    assert {e.KIND for e in entities} == {"person", "organization", "country", "event"}
    paragraphs = [p for seed in linked.dossier.seeds.values() for p in seed.paragraphs]
    assert any(p.duplicate_of for p in paragraphs)
    assert linked.mentions_of  # names, aliases and accentless spellings are found in the seeds


@pytest.mark.slow
def test_size_s_checks_clean_and_builds_its_site(tmp_path: Path) -> None:
    root = tmp_path / "s"
    make_dossier(root, "S")
    checked = CliRunner().invoke(cli, ["check", "--strict", "--root", str(root)])
    assert checked.exit_code == 0, checked.stderr
    assert "warning" not in checked.stderr
    # What `dossier build` does, without the PDF, which takes most of its time at S.
    _, pages = generate_files(root)
    publish(root, pages, root / "mkdocs.yml", root / "site")
    people = [p.stem for p in (root / "data" / "people").glob("*.yml")]
    built = [p.stem for p in (root / "site" / "people").glob("*.html")]
    assert sorted(built) == sorted([*people, "index"])
    assert (root / "site" / "sources" / "index.html").is_file()
