"""An unchanged rebuild writes nothing; any change to what the site is made from rebuilds it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import stamp
from generator.cli import cli


def files(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folders` with its inode and modification time."""
    return {
        str(p): (p.stat().st_ino, p.stat().st_mtime_ns)
        for folder in folders
        for p in folder.rglob("*")
        if p.is_file()
    }


def build(root: Path) -> str:
    result = CliRunner().invoke(cli, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    return result.stderr


@pytest.mark.slow
def test_unchanged_rebuild_writes_no_file_in_docs_or_site(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    build(root)
    before = files(root / "docs", root / "site", root / ".dossier-build")
    assert "is up to date" in build(root)
    assert files(root / "docs", root / "site", root / ".dossier-build") == before


@pytest.mark.slow
def test_a_change_that_leaves_every_page_as_it_was_builds_nothing(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    build(root)
    before = files(root / "docs", root / "site")
    data = root / "data" / "dossier.yml"
    data.write_text(data.read_text("utf-8") + "# a comment changes no page\n", "utf-8")
    assert "nothing changed since its last build" in build(root)
    assert files(root / "docs", root / "site") == before
    assert "is up to date (0 changed, 0 removed): no input changed" in build(root)


@pytest.mark.slow
def test_a_changed_config_or_a_missing_site_rebuilds_it(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    build(root)
    config = root / "mkdocs.yml"
    config.write_text(
        re.sub(r"(?m)^site_name:.*$", "site_name: Renamed", config.read_text("utf-8"))
    )
    assert "is up to date" not in build(root)
    assert "Renamed" in (root / "site" / "index.html").read_text("utf-8")
    (root / "site" / "index.html").unlink()
    (root / "site").rename(root / "old-site")
    assert "is up to date" not in build(root)
    assert (root / "site" / "index.html").is_file()


def test_sources_change_with_any_input_and_written_with_any_page(
    dossier_copy: Callable[[str], Path],
) -> None:
    root = dossier_copy("basic")
    config = root / "mkdocs.yml"
    first = stamp.sources(root, config, "strict=True")
    assert stamp.sources(root, config, "strict=True") == first
    assert stamp.sources(root, config, "strict=False") != first
    seed = root / "seeds" / "harbour-report.txt"
    seed.write_text(seed.read_text("utf-8") + "\n", "utf-8")
    assert stamp.sources(root, config, "strict=True") != first
    build(root)
    pages = stamp.written(root)
    (root / "docs" / "index.md").write_text("edited by hand\n", "utf-8")
    assert stamp.written(root) != pages


def test_a_stamp_is_kept_per_site_and_needs_the_site(tmp_path: Path) -> None:
    site, other = tmp_path / "site", tmp_path / "other"
    site.mkdir()
    other.mkdir()
    stamp.record(tmp_path / "stamps", site, sources="a", written="b")
    stamp.record(tmp_path / "stamps", site, pages="c")
    assert stamp.is_current(tmp_path / "stamps", site, sources="a", written="b", pages="c")
    assert not stamp.is_current(tmp_path / "stamps", site, sources="a", written="x")
    assert not stamp.is_current(tmp_path / "stamps", other, sources="a")
    site.rmdir()
    assert not stamp.is_current(tmp_path / "stamps", site, sources="a")
