"""End to end: `mkdocs build --strict` through the plugin, as a maintainer runs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.mark.slow
def test_mkdocs_build_strict_through_the_plugin(dossier_copy: Callable[[str], Path]) -> None:
    root = dossier_copy("basic")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "--strict"], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING -" not in result.stderr

    page = (root / "site" / "people" / "ana-nunez.html").read_text("utf-8")
    assert "Fictional test data." in page, "handling note missing"
    assert 'href="../sources/harbour-report.html#p1"' in page, "citation does not reach ¶1"
    assert "/edit/main/data/people/ana-nunez.yml" in page, "edit link must open the YAML file"
    source = (root / "site" / "sources" / "harbour-report.html").read_text("utf-8")
    assert 'id="p3"' in source and "dossier-duplicate" in source
    assert 'href="../people/ana-nunez.html">Núñez</a>' in source, "mention not linked"
    home = (root / "site" / "index.html").read_text("utf-8")
    assert "Bottom line up front" in home
    assert ".pdf" not in home, "MkDocs alone makes no PDF: the home page must not link one"
