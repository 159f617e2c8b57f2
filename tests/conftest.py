"""Shared fixtures: dossier folders copied into tmp_path, ready to check or build."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite tests/golden/*/expected/ from the current output, for review.",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether golden files should be rewritten instead of compared."""
    return bool(request.config.getoption("--update-goldens"))


def make_dossier(source: Path, target: Path) -> Path:
    """Copy a dossier's inputs, with this repo's mkdocs.yml, stylesheets and theme overrides."""
    for folder in ("data", "seeds", "templates"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs" / "stylesheets", target / "docs" / "stylesheets")
    shutil.copytree(REPO / "overrides", target / "overrides")
    return target


@pytest.fixture
def dossier_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a golden case ('basic', ...) or 'shipped' (the repo's own dossier) into tmp_path."""

    def copy(case: str) -> Path:
        source = REPO if case == "shipped" else GOLDEN / case
        return make_dossier(source, tmp_path / case)

    return copy


@pytest.fixture(scope="session")
def built_basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture built once per session with `dossier build`: do not change it, copy it."""
    root = make_dossier(GOLDEN / "basic", tmp_path_factory.mktemp("built") / "basic")
    result = CliRunner().invoke(cli, ["-q", "build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root
