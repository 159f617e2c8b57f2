"""How the benchmark combines repeated full builds (each side's least time, never a mix), and
how it clears one build's output before the next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.measure import clear_output, fastest
from generator.write import MANIFEST, write_pages


def run(generator: float, render: float, mkdocs: float, cpu: float = 1.0) -> dict[str, Any]:
    """A full build's figures as `benchmarks.measure.build` returns them.

    The generator and its render stage used `cpu` CPU seconds a wall-clock second
    (more than 1 when its workers share the work); MkDocs' wall time is its CPU time + 1.
    """
    return {
        "generator": {"cpu": generator * cpu, "wall": generator},
        "stages": {
            "cpu": {"render": render * cpu, "mkdocs": mkdocs},
            "wall": {"render": render, "mkdocs": mkdocs + 1},
        },
        "total": {"cpu": generator * cpu + mkdocs, "wall": generator + mkdocs + 1},
        "pages": 123,
    }


def test_each_side_comes_from_its_best_run_and_every_run_is_listed() -> None:
    runs = [run(12.0, 8.0, 100.0), run(10.0, 7.0, 120.0), run(11.0, 7.5, 105.0)]
    combined = fastest(runs)
    assert combined["generator"]["wall"] == 10.0
    assert combined["stages"]["cpu"] == {"render": 7.0, "mkdocs": 100.0}
    assert combined["stages"]["wall"] == {"render": 7.0, "mkdocs": 101.0}
    assert combined["total"] == {"cpu": 110.0, "wall": 111.0}
    assert combined["runs"] == [
        {"generator": 12.0, "mkdocs": 101.0},
        {"generator": 10.0, "mkdocs": 121.0},
        {"generator": 11.0, "mkdocs": 106.0},
    ]
    assert runs[1]["stages"]["cpu"]["mkdocs"] == 120.0  # the runs themselves are not changed


def test_the_generator_is_timed_as_a_user_waits_not_by_its_workers_summed_cpu() -> None:
    serial, shared = run(12.0, 8.0, 100.0), run(9.0, 5.0, 100.0, cpu=1.6)
    combined = fastest([serial, shared])
    assert combined["generator"] == {"cpu": 9.0 * 1.6, "wall": 9.0}
    assert combined["stages"]["cpu"]["render"] == 5.0 * 1.6


def test_clearing_a_build_leaves_docs_as_before_it_and_keeps_the_files_aside(
    tmp_path: Path,
) -> None:
    root, trash = tmp_path / "dossier", tmp_path / "trash"
    docs = root / "docs"
    (docs / "stylesheets").mkdir(parents=True)
    (docs / "stylesheets" / "extra.css").write_text("hand-written")
    (docs / "index.md").write_text("hand-written home")
    trash.mkdir()
    write_pages({"people/ana.md": b"A", "assets/dossier/network/ana.svg": b"<svg/>"}, docs)
    (root / "site").mkdir()
    clear_output(root, trash)
    # A build from scratch finds no folder of generated pages: it moves each one whole.
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == [
        "index.md",
        "stylesheets",
        "stylesheets/extra.css",
    ]
    (aside,) = trash.iterdir()
    assert (aside / "people" / "ana.md").read_bytes() == b"A"
    assert (aside / MANIFEST).is_file() and (aside / "site").is_dir()
