"""An unchanged rebuild writes nothing; any change to what the site is made from rebuilds it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

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
