"""How the benchmark combines repeated full builds: each side's least time, never a mix."""

from __future__ import annotations

from typing import Any

from benchmarks.measure import fastest


def run(generator: float, render: float, mkdocs: float) -> dict[str, Any]:
    """A full build's figures as `benchmarks.measure.build` returns them (wall = CPU + 1)."""
    stages = {"render": render, "mkdocs": mkdocs}
    return {
        "generator": {"cpu": generator, "wall": generator + 1},
        "stages": {"cpu": stages, "wall": {k: v + 1 for k, v in stages.items()}},
        "total": {"cpu": generator + mkdocs, "wall": generator + mkdocs + 2},
        "pages": 123,
    }


def test_each_side_comes_from_its_best_run_and_every_run_is_listed() -> None:
    runs = [run(12.0, 8.0, 100.0), run(10.0, 7.0, 120.0), run(11.0, 7.5, 105.0)]
    combined = fastest(runs)
    assert combined["generator"]["cpu"] == 10.0
    assert combined["stages"]["cpu"] == {"render": 7.0, "mkdocs": 100.0}
    assert combined["stages"]["wall"] == {"render": 8.0, "mkdocs": 101.0}
    assert combined["total"] == {"cpu": 110.0, "wall": 112.0}
    assert combined["runs"] == [
        {"generator": 12.0, "mkdocs": 100.0},
        {"generator": 10.0, "mkdocs": 120.0},
        {"generator": 11.0, "mkdocs": 105.0},
    ]
    assert runs[1]["stages"]["cpu"]["mkdocs"] == 120.0  # the runs themselves are not changed
