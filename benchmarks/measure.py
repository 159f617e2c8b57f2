"""Measure one synthetic dossier in a process of its own; print the numbers as JSON.

    python -m benchmarks.measure build ROOT TRASH  # stages, MkDocs, floor, no-op, one change
    python -m benchmarks.measure full ROOT TRASH   # one more full build, from scratch
    python -m benchmarks.measure pdf ROOT TRASH    # the PDF, with generator.pdf's `export`

A process per measurement keeps each peak RSS its own. The build is `dossier
build` itself, with a stopwatch around each stage and without the PDF, which
is measured on its own; everything that is not the MkDocs build counts as generator.
Every time is taken twice: wall-clock seconds, and CPU seconds of this process
and of the processes it waited for (the generator's workers, one per core,
and MkDocs, which runs in one of its own). Peak RSS is reported for this
process (the generator) and for its largest child (MkDocs, or a worker).

Nothing is deleted while anything is timed: what a build made is moved into
TRASH, which the caller deletes when it is done. On a file system that
scans past recently deleted files to create one (ext4 without a journal, as
on the benchmark machine), deleting a build's 20,000 files made the next
build's file writes several times slower for minutes.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import yaml

from generator import cli, pipeline, write
from generator.errors import DossierError
from generator.publish import STAGING

from .synth import dump

# (module, function or Class.method, stage): what `dossier build` reaches, looked up at call time.
# The neighbourhood diagrams are drawn by workers while the dossier is linked; "draw" is the
# time left waiting for them once it is.
STAGES = (
    ("generator.load", "read_tree", "load"),
    ("generator.validate", "to_model", "validate"),
    ("generator.link", "resolve", "link"),
    ("generator.render", "Drawing.finish", "draw"),
    ("generator.render", "render_files", "render"),
    ("generator.publish", "stage_docs", "write"),
    ("generator.publish", "run_mkdocs", "mkdocs"),
    ("generator.publish", "write_pages", "write"),
    ("generator.publish", "swap_in", "write"),
)
Snapshot = dict[str, tuple[int, int, int]]


@dataclass
class Clock:
    """Seconds spent in a block: wall clock, and CPU of this process and its finished children."""

    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def clock() -> Iterator[Clock]:
    """Measure the block; the numbers are filled in when it ends."""
    spent, start, cpu = Clock(), time.perf_counter(), cpu_seconds()
    try:
        yield spent
    finally:
        spent.wall, spent.cpu = time.perf_counter() - start, cpu_seconds() - cpu


def cpu_seconds() -> float:
    """CPU seconds of this process and of the child processes it has waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory so far, in MiB: of this process, or of its largest child."""
    return resource.getrusage(who).ru_maxrss / 1024


def _timed(function: Callable[..., Any], stage: str, record: dict[str, Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        record["rss_before"].setdefault(stage, peak_rss_mib())
        with clock() as spent:
            result = function(*args, **kwargs)
        record["wall"][stage] += spent.wall
        record["cpu"][stage] += spent.cpu
        return result

    return wrapper


@contextmanager
def stopwatch() -> Iterator[dict[str, Any]]:
    """Time the stages run inside the block: wall and CPU seconds, and the peak RSS before each."""
    record: dict[str, Any] = {
        "wall": defaultdict(float),
        "cpu": defaultdict(float),
        "rss_before": {},
    }
    with ExitStack() as stack:
        for module_name, name, stage in STAGES:
            owner = importlib.import_module(module_name)
            *classes, attribute = name.split(".")
            for class_name in classes:
                owner = getattr(owner, class_name)
            wrapped = _timed(getattr(owner, attribute), stage, record)
            stack.enter_context(mock.patch.object(owner, attribute, wrapped))
        yield record


def build(root: Path) -> dict[str, Any]:
    """Run `dossier build` once, timed stage by stage; the PDF is measured on its own."""
    no_pdf = mock.patch.object(cli, "pdf_step", lambda *args: None)
    with stopwatch() as record, no_pdf, clock() as total:
        cli.cli.main(["--quiet", "build", "--root", str(root)], standalone_mode=False)
    mkdocs = Clock(record["wall"].get("mkdocs", 0.0), record["cpu"].get("mkdocs", 0.0))
    return {
        "stages": {"wall": dict(record["wall"]), "cpu": dict(record["cpu"])},
        "total": asdict(total),
        "generator": asdict(Clock(total.wall - mkdocs.wall, total.cpu - mkdocs.cpu)),
        "pages": len(write.read_manifest(root / "docs")),
        "rss_generator": record["rss_before"].get("mkdocs", peak_rss_mib()),
    }


def floor(root: Path, trash: Path, runs: int = 3) -> dict[str, float]:
    """Parse the same YAML with CSafeLoader, read the seeds, write the same bytes once.

    The least wall time of `runs` tries, as the generator's is the least of its
    runs; each writes the bytes into a new folder in `trash`.
    """
    docs = root / "docs"
    pages = {rel: (docs / rel).read_bytes() for rel in sorted(write.read_manifest(docs))}
    sources = sorted((root / "data").rglob("*.yml")) + sorted((root / "seeds").glob("*.yml"))
    tries = []
    for _ in range(runs):
        written = Path(tempfile.mkdtemp(dir=trash))
        with clock() as spent:
            for path in sources:
                yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            for path in sorted((root / "seeds").glob("*.txt")):
                path.read_text("utf-8")
            for rel, content in pages.items():
                target = written / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        tries.append(spent)
    return asdict(min(tries, key=lambda spent: spent.wall))


def snapshot(*folders: Path) -> Snapshot:
    """Every file under `folders` with its inode, size and modification time."""
    found = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                info = path.stat()
                found[str(path)] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return found


def changed(before: Snapshot, after: Snapshot) -> int:
    """How many files were written, created or deleted between two snapshots."""
    return sum(before.get(p) != after.get(p) for p in before.keys() | after.keys())


def showing(pages: dict[str, str], entity_id: str) -> set[str]:
    """Pages that show an entity: its own page and SVG, and every page that links to it."""
    link = re.compile(rf"(?<![\w-]){re.escape(entity_id)}\.(?:md|html|svg)\b")
    return {
        rel for rel, text in pages.items() if link.search(text) or f"/{entity_id}." in f"/{rel}"
    }


def one_entity_change(root: Path) -> dict[str, Any]:
    """Correct one person's name and description; count the pages rewritten and those showing it.

    The old name stays as an alias, as a contributor correcting a spelling keeps
    it: otherwise its mentions in the seeds go to whoever else it now matches
    ("Abdel-Rahman Bakr Gutiérrez" to "Abdel-Rahman Bakr"), rightly changing their
    page too. A page shows the person if it links to them before or after.
    """
    path = sorted((root / "data" / "people").glob("*.yml"))[0]
    entity_id, original = path.stem, path.read_text("utf-8")
    docs = root / "docs"
    before = {rel: (docs / rel).read_text("utf-8") for rel in sorted(write.read_manifest(docs))}
    record = yaml.safe_load(original)
    record["aliases"] = [record["name"], *record.get("aliases", ())]
    record["name"] += " Jr."
    record["description"] = f"Until recently, {record['description']}"
    dump(record, path)
    try:
        with clock() as spent:
            _, pages = pipeline.generate(root)
            files = {rel: text.encode("utf-8") for rel, text in pages.items()}
            rewrite = set(write.plan(docs, files).write)
    finally:
        path.write_text(original, "utf-8")
    shows = showing(before, entity_id) | showing(pages, entity_id)
    return {
        "entity": entity_id,
        "rewritten": len(rewrite),
        "showing": len(shows),
        "pages": len(pages),
        "outside": sorted(rewrite - shows),
        "time": asdict(spent),
    }


def clear_output(root: Path, trash: Path) -> None:
    """Move what a build made (its pages in `docs/`, the site, the staging folder) into a
    new folder in `trash`; renaming, unlike deleting, leaves file creation as fast as ever.
    """
    docs, aside = root / "docs", Path(tempfile.mkdtemp(dir=trash))
    moved = [rel for rel in [*write.read_manifest(docs), write.MANIFEST] if (docs / rel).exists()]
    for rel in moved:
        (aside / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).rename(aside / rel)
    # The folders left empty go too, deepest first, as a build's deletions leave none behind.
    folders = {parent for rel in moved for parent in (docs / rel).parents if parent != docs}
    for folder in sorted(folders, key=lambda f: -len(f.parts)):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    for folder in (root / "site", root / STAGING):
        if folder.exists():
            folder.rename(aside / folder.name)


def fastest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The full builds as one: the generator's least wall time and MkDocs' least time.

    Wall time, because the generator shares its work among processes, one per
    core: the CPU seconds of all of them add up to more than the time a user
    waits. Other work on a shared machine only ever adds time, and it adds it
    to the generator and to MkDocs independently, so each is taken from its best run.
    """
    best = min(runs, key=lambda run: run["generator"]["wall"])
    combined = {**best, "stages": {clock: dict(spent) for clock, spent in best["stages"].items()}}
    for clock in ("cpu", "wall"):
        mkdocs = min(run["stages"][clock].get("mkdocs", 0.0) for run in runs)
        combined["stages"][clock]["mkdocs"] = mkdocs
        combined["total"] = {**combined["total"], clock: best["generator"][clock] + mkdocs}
    combined["runs"] = [
        {"generator": run["generator"]["wall"], "mkdocs": run["stages"]["wall"].get("mkdocs", 0.0)}
        for run in runs
    ]
    return combined


def measure_build(root: Path, trash: Path) -> dict[str, Any]:
    """A full build, the floor, a no-op rerun and a one-entity change."""
    clear_output(root, trash)
    full = build(root)
    full["floor"] = floor(root, trash)
    before = snapshot(root / "docs", root / "site")
    noop = build(root)
    noop["files_written"] = changed(before, snapshot(root / "docs", root / "site"))
    # The builds' peaks, before the one-entity change holds every page twice over.
    generator, child = peak_rss_mib(), peak_rss_mib(resource.RUSAGE_CHILDREN)
    change = one_entity_change(root)
    return {
        "full": full,
        "noop": noop,
        "change": change,
        "rss_peak": max(generator, child),  # the goal holds for each process
        "rss_peak_generator": generator,
        "rss_peak_child": child,
    }


def measure_pdf(root: Path, trash: Path) -> dict[str, Any]:
    """Time `generator.pdf.export` on the dossier; say so when it is missing or refuses."""
    try:
        pdf = importlib.import_module("generator.pdf")
    except ImportError as exc:
        return {"available": False, "reason": f"generator.pdf is not importable ({exc})"}
    linked, pages = pipeline.generate(root)
    result, failure = None, None
    with tempfile.TemporaryDirectory(dir=trash) as tmp, clock() as spent:
        try:
            result = pdf.export(linked, pages, root, Path(tmp) / "dossier.pdf", "0")
        except DossierError as exc:
            failure = exc.problems[0].message if exc.problems else str(exc)
    return {
        "available": True,
        "time": asdict(spent),
        "pages": result.pages if result else None,
        "failure": failure,
        "rss_peak": peak_rss_mib(),
    }


def measure_full(root: Path, trash: Path) -> dict[str, Any]:
    """One more full build from scratch, to take the least time of several."""
    clear_output(root, trash)
    return build(root)


def main() -> None:
    """Command line: `build`, `full` or `pdf`, then ROOT and TRASH; prints one JSON object last."""
    what, root, trash = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    measures = {"build": measure_build, "full": measure_full, "pdf": measure_pdf}
    trash.mkdir(parents=True, exist_ok=True)
    result = measures[what](root, trash)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
