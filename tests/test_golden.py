"""Golden files: the pages (Markdown and SVG) generated for each case under tests/golden/."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline

from .conftest import GOLDEN

CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected").is_dir())


@pytest.mark.parametrize("case", CASES)
def test_generated_pages_match_goldens(case: str, update_goldens: bool) -> None:
    _, pages = pipeline.generate(GOLDEN / case)
    expected_dir = GOLDEN / case / "expected"
    if update_goldens:
        for old in expected_dir.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, text in pages.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_text(text, "utf-8")
    expected = {
        p.relative_to(expected_dir).as_posix(): p.read_text("utf-8")
        for p in sorted(expected_dir.rglob("*"))
        if p.is_file()
    }
    assert sorted(pages) == sorted(expected), "pages added or removed: run --update-goldens"
    for path, text in pages.items():
        assert text == expected[path], f"{path} differs: review, then run pytest --update-goldens"


def test_same_input_gives_identical_pages() -> None:
    first = pipeline.generate(GOLDEN / "basic")[1]
    second = pipeline.generate(GOLDEN / "basic")[1]
    assert first == second


def test_template_in_dossier_overrides_builtin(dossier_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = dossier_copy("basic")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "methodology.md.j2").write_text(
        '{% extends "_page.md.j2" %}{% block body %}Our own method.{% endblock %}\n'
    )
    _, pages = pipeline.generate(root)
    assert "Our own method." in pages["methodology.md"]
    assert "Our own method." not in pages["timeline.md"]
