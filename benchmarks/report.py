"""Format the benchmark's numbers: one table by size, the goals, and the scaling tables.

Times are wall-clock seconds, the time a user waits, unless marked CPU: the
generator shares its work among processes, one per core, so their CPU seconds
add up to more. Each is the least of several runs, since other work on a shared
machine only ever adds time. The CPU seconds are printed too, with the ratios
they would give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .scaling import Table

Result = dict[str, Any]
STAGES = ("load", "validate", "link", "draw", "render", "write")
# goal name -> (limit, whether a smaller value is better)
LIMITS = {
    "generator/mkdocs": 0.10,
    "generator/floor": 3.0,
    "s/page L/M": 1.3,
    "no-op/full": 0.20,
    "peak RSS MiB": 1024.0,
}


def stage(result: Result, name: str, clock: str = "wall") -> float:
    """Seconds of one stage of the full build, wall-clock or CPU."""
    return float(result["build"]["full"]["stages"][clock].get(name, 0.0))


def ratios(result: Result, clock: str = "wall") -> dict[str, float]:
    """The ratios the goals name, for one size, in wall-clock (or CPU) seconds."""
    build = result["build"]
    full, noop = build["full"], build["noop"]
    generator, mkdocs = full["generator"][clock], stage(result, "mkdocs", clock)
    return {
        "generator/mkdocs": generator / mkdocs if mkdocs else float("nan"),
        "generator/floor": generator / full["floor"][clock],
        "no-op/full": noop["total"][clock] / full["total"][clock],
        "s/page": mkdocs / full["pages"],
    }


def _cells(results: dict[str, Result], cell: Callable[[Result], str]) -> list[str]:
    cells = []
    for result in results.values():
        if "error" in result["build"]:
            cells.append("failed")
            continue
        try:
            cells.append(cell(result))
        except (KeyError, TypeError, ZeroDivisionError):
            cells.append("n/a")
    return cells


def _pdf(result: Result) -> str:
    pdf = result.get("pdf")
    if pdf is None:
        return "not run"
    if "error" in pdf:
        return "failed"
    if not pdf["available"]:
        return "not available"
    if pdf.get("failure"):
        return f"refused after {pdf['time']['cpu']:.0f} s, {pdf['rss_peak']:.0f} MiB (see below)"
    return f"{pdf['time']['cpu']:.1f} s, {pdf['pages']} p, {pdf['rss_peak']:.0f} MiB"


ROWS: tuple[tuple[str, Callable[[Result], str]], ...] = (
    (
        "entities / claims / seeds",
        lambda r: "{entities:,} / {claims:,} / {seeds:,}".format(**r["summary"]),
    ),
    ("pages generated", lambda r: f"{r['build']['full']['pages']:,}"),
    *((f"  {name} s", lambda r, n=name: f"{stage(r, n):.2f}") for name in STAGES),
    ("generator s", lambda r: f"{r['build']['full']['generator']['wall']:.2f}"),
    ("  CPU s, its processes together", lambda r: f"{r['build']['full']['generator']['cpu']:.2f}"),
    ("MkDocs build s", lambda r: f"{stage(r, 'mkdocs'):.2f}"),
    ("  each full build: generator / MkDocs s", lambda r: _runs(r["build"]["full"])),
    ("full build s", lambda r: f"{r['build']['full']['total']['wall']:.2f}"),
    ("MkDocs ms per page", lambda r: f"{ratios(r)['s/page'] * 1e3:.1f}"),
    ("floor s", lambda r: f"{r['build']['full']['floor']['wall']:.2f}"),
    ("generator / floor", lambda r: f"{ratios(r)['generator/floor']:.2f}"),
    ("  in CPU seconds", lambda r: f"{ratios(r, 'cpu')['generator/floor']:.2f}"),
    ("generator / MkDocs", lambda r: f"{ratios(r)['generator/mkdocs']:.3f}"),
    ("  in CPU seconds", lambda r: f"{ratios(r, 'cpu')['generator/mkdocs']:.3f}"),
    ("no-op rerun s", lambda r: f"{r['build']['noop']['total']['wall']:.2f}"),
    ("no-op / full", lambda r: f"{ratios(r)['no-op/full']:.3f}"),
    ("no-op files written", lambda r: f"{r['build']['noop']['files_written']:,}"),
    ("1 name corrected: pages rewritten / showing it", lambda r: _change(r["build"]["change"])),
    ("peak RSS, dossier build process MiB", lambda r: f"{r['build']['rss_peak_generator']:.0f}"),
    (
        "peak RSS, largest child (MkDocs, a worker) MiB",
        lambda r: f"{r['build']['rss_peak_child']:.0f}",
    ),
    ("PDF: CPU s, pages, peak RSS", _pdf),
)


def _runs(full: Result) -> str:
    return ", ".join(f"{run['generator']:.1f} / {run['mkdocs']:.1f}" for run in full["runs"])


def _change(change: Result) -> str:
    outside = f", {len(change['outside'])} others!" if change["outside"] else ""
    return f"{change['rewritten']} / {change['showing']} of {change['pages']:,}{outside}"


def grid(title: str, columns: list[str], rows: list[tuple[str, list[str]]]) -> str:
    """A plain-text table with a title line."""
    width = max(len(label) for label, _ in rows)
    widths = [max(len(c), *(len(cells[i]) for _, cells in rows)) for i, c in enumerate(columns)]
    lines = [
        title,
        " " * width + "  " + "  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)),
    ]
    for label, cells in rows:
        lines.append(
            label.ljust(width)
            + "  "
            + "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))
        )
    return "\n".join(lines)


def main_table(results: dict[str, Result]) -> str:
    """Every measured number, a column per size."""
    rows = [(label, _cells(results, cell)) for label, cell in ROWS]
    title = (
        "Build, by size (wall-clock seconds unless marked CPU; of the full builds, the"
        " generator's least time and MkDocs' least time)"
    )
    return grid(title, list(results), rows)


def goals(results: dict[str, Result]) -> list[str]:
    """The headline lines, each with its limit and whether it holds."""
    measured = {s: r for s, r in results.items() if "error" not in r["build"]}
    if not measured:
        return ["no size was measured"]
    size = "L" if "L" in measured else list(measured)[-1]
    result, values = measured[size], ratios(measured[size])
    lines = [
        _goal(f"generator/mkdocs at {size}", values["generator/mkdocs"], "generator/mkdocs"),
        _goal(f"generator/floor at {size}", values["generator/floor"], "generator/floor"),
    ]
    if "L" in measured and "M" in measured:
        per_page = ratios(measured["L"])["s/page"] / ratios(measured["M"])["s/page"]
        lines.append(_goal("s/page L/M", per_page, "s/page L/M"))
    else:
        lines.append("s/page L/M: n/a (needs sizes M and L)")
    noop = result["build"]["noop"]
    lines.append(
        _goal("no-op/full", values["no-op/full"], "no-op/full")
        + f", {noop['files_written']} files written"
    )
    change = result["build"]["change"]
    verdict = "holds" if not change["outside"] else "fails"
    lines.append(
        f"one-entity change at {size}: {_change(change)} pages ({verdict}: only pages that show it)"
    )
    lines.append(
        _goal(f"peak RSS MiB at {size}", result["build"]["rss_peak"], "peak RSS MiB")
        + " (the larger process)"
    )
    return lines


def _goal(label: str, value: float, goal: str) -> str:
    limit = LIMITS[goal]
    verdict = "holds" if value <= limit else "fails"
    digits = 0 if value >= 100 else 3 if value < 0.1 else 2
    return f"{label}: {value:.{digits}f}   (goal <= {limit:g}: {verdict})"


def scaling_table(table: Table) -> str:
    """A scaling table with its note."""
    return grid(
        table.title, list(table.columns), [(label, list(cells)) for label, cells in table.rows]
    ) + (f"\n{table.note}")


def pdf_notes(results: dict[str, Result]) -> list[str]:
    """Why a PDF is missing from the table, size by size."""
    notes = []
    for size, result in results.items():
        pdf = result.get("pdf") or {}
        if pdf.get("failure"):
            notes.append(f"PDF at {size} refused: {pdf['failure']}")
        elif pdf.get("reason"):
            notes.append(f"PDF at {size} not available: {pdf['reason']}")
    return notes


def report(results: dict[str, Result], tables: list[Table], machine: str) -> str:
    """The whole benchmark report."""
    table = "\n".join([main_table(results), *pdf_notes(results)])
    parts = [machine, table, "Goals\n" + "\n".join(goals(results))]
    parts += [scaling_table(t) for t in tables]
    return "\n\n".join(parts) + "\n"
