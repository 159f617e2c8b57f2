"""The scale benchmark: synthetic dossiers S, M and L through the whole build.

    make bench                                # sizes S, M and L (L takes a while)
    python -m benchmarks.run --sizes S,M      # quicker

For each size it makes the dossier (benchmarks/synth.py), then in fresh
processes (benchmarks/measure.py) runs `dossier build` stage by stage, from
scratch `--repeat` times, then the floor, a no-op rerun and a one-entity change,
and for S and M the PDF in another process. Then it times mention linking and
pull-quote detection at growing sizes, and prints one report with the ratios
the goals name.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import scaling, synth
from .measure import fastest
from .report import report

PDF_SIZES = ("S", "M")


def say(message: str) -> None:
    """Progress on stderr, with the time of day."""
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def machine() -> str:
    """Date, CPU, cores, memory, Python and load: what the numbers depend on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        (
            int(line.split()[1]) / 2**20
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0.0,
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{time.strftime('%Y-%m-%d %H:%M')}; {cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; "
        f"Python {platform.python_version()}; load average {load}"
    )


def measure(what: str, root: Path, trash: Path) -> dict[str, Any]:
    """Run `benchmarks.measure` in a fresh process; its last line of output is JSON.

    What it replaces goes into `trash`, deleted only when the whole run is done
    (benchmarks/measure.py says why).
    """
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", what, str(root), str(trash)],
        capture_output=True,
        text=True,
        cwd=synth.REPO,
        check=False,
    )
    if done.returncode != 0:
        say(f"{what} failed:\n{done.stderr[-3000:]}")
        return {"error": done.stderr[-3000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench_size(size: str, root: Path, trash: Path, seed: int, repeat: int) -> dict[str, Any]:
    """Make one synthetic dossier and measure it, its full build `repeat` times."""
    say(f"{size}: writing the synthetic dossier into {root}")
    summary = synth.make_dossier(root, size, seed)
    counts = f"{summary.entities:,} entities, {summary.claims:,} claims, {summary.seeds:,} seeds"
    say(f"{size}: {counts}; building {repeat} time(s)")
    # Each full build in a fresh process, as a user runs `dossier build`; the last one
    # goes on to the floor, the no-op rerun and the one-entity change.
    runs = [measure("full", root, trash) for _ in range(repeat - 1)]
    build = measure("build", root, trash)
    if not any("error" in result for result in (*runs, build)):
        floor = build["full"].pop("floor")
        build["full"] = {**fastest([*runs, build["full"]]), "floor": floor}
    result: dict[str, Any] = {"summary": asdict(summary), "build": build}
    if size in PDF_SIZES:
        say(f"{size}: PDF")
        result["pdf"] = measure("pdf", root, trash)
    return result


def main(argv: list[str] | None = None) -> None:
    """Command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated sizes (default: S,M,L)")
    parser.add_argument(
        "--seed", type=int, default=1, help="random seed of the dossiers (default: 1)"
    )
    parser.add_argument(
        "--workdir", type=Path, help="where to write the dossiers (default: a temporary folder)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="full builds per size; each time is the least of them (default: 3)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the dossiers and their sites")
    parser.add_argument("--json", type=Path, help="also write the raw numbers to this file")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling tables")
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    if unknown := set(sizes) - synth.SIZES.keys():
        parser.error(f"unknown size(s): {', '.join(sorted(unknown))}; choose from S, M, L")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    about, trash = machine(), workdir / "trash"
    try:
        results = {
            size: bench_size(size, workdir / size, trash, args.seed, args.repeat) for size in sizes
        }
    finally:
        shutil.rmtree(trash, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    tables = []
    if not args.no_scaling:
        say("scaling tables: mention linking, pull quotes")
        tables = [scaling.mention_table(args.seed), scaling.pull_quote_table(args.seed)]
    if args.json:
        args.json.write_text(json.dumps({"machine": about, "results": results}, indent=1) + "\n")
    print(report(results, tables, about))


if __name__ == "__main__":
    main()
