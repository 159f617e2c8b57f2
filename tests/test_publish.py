"""MkDocs runs in a process of its own; its warnings and errors read as if it ran in ours."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from generator.errors import DossierError
from generator.publish import collect_warnings, run_mkdocs

BROKEN_LINK = (
    "Doc file 'index.md' contains a link 'missing.md', "
    "but the target is not found among documentation files."
)


@pytest.fixture
def site_source(tmp_path: Path) -> Path:
    """A minimal MkDocs project whose only page links to a missing one."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n[gone](missing.md)\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ntheme: mkdocs\n", "utf-8")
    return tmp_path


def test_warnings_come_back_and_strict_fails_with_them(site_source: Path) -> None:
    config, docs, site = site_source / "mkdocs.yml", site_source / "docs", site_source / "site"
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with collect_warnings() as lenient:
        run_mkdocs(config, docs, site, strict=False)
    assert lenient == [BROKEN_LINK]
    assert (site / "index.html").is_file()
    with collect_warnings() as strict, pytest.raises(DossierError) as caught:
        run_mkdocs(config, docs, site_source / "strict-site", strict=True)
    assert strict == [BROKEN_LINK]
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("mkdocs.yml", 1)
    assert problem.message == f"MkDocs build failed: {BROKEN_LINK}"


def test_a_broken_configuration_names_its_line(site_source: Path) -> None:
    config = site_source / "mkdocs.yml"
    config.write_text("site_name: Test\ntheme: [mkdocs\nnav: x\n", "utf-8")
    with pytest.raises(DossierError) as caught:
        run_mkdocs(config, site_source / "docs", site_source / "site", strict=True)
    [problem] = caught.value.problems
    assert problem.path == "mkdocs.yml" and problem.line == 3
    assert problem.message.startswith("MkDocs cannot use this configuration: ")
    assert str(site_source) not in problem.message
    assert not (site_source / "site").exists()
