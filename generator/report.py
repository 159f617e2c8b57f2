"""Format the problems `dossier check` finds: for people, for GitHub, or as JSON.

- human: sorted by file and line, `path:line: severity: message` then the
  hint, red for errors and yellow for warnings (click strips the colour when
  the output is not a terminal);
- github: one workflow command per problem, `::error file=…,line=…,title=…::…`,
  which GitHub shows inline on the pull request's changed files;
- json: a list of objects with file, line, severity, message and hint.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import click

from .errors import Problem

FORMATS = ("human", "github", "json")
TITLE = "dossier check"


def summary(problems: Sequence[Problem]) -> str:
    """`N error(s), M warning(s)`."""
    errors = sum(p.severity == "error" for p in problems)
    return f"{errors} error(s), {len(problems) - errors} warning(s)"


def human(problems: Sequence[Problem]) -> str:
    """Problems sorted, hence grouped, by file and line, each with its hint; then a count."""
    lines: list[str] = []
    for problem in sorted(problems):
        head, _, hint = problem.format().partition("\n")
        lines.append(click.style(head, fg="red" if problem.severity == "error" else "yellow"))
        if hint:
            lines.append(hint)
    if problems:
        lines.append(summary(problems))
    return "\n".join(lines)


def located(root: Path, path: str) -> str:
    """A problem's path as seen from the working directory (GitHub wants repository paths)."""
    return Path(os.path.relpath(root / path)).as_posix()


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem], root: Path) -> str:
    """One GitHub Actions annotation per problem, escaped as the Actions toolkit does."""
    lines = []
    for problem in sorted(problems):
        where = f"file={_escape_property(located(root, problem.path))},line={problem.line}"
        text = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
        title = _escape_property(f"{TITLE}: {problem.severity}")
        lines.append(f"::{problem.severity} {where},title={title}::{_escape_data(text)}")
    return "\n".join(lines)


def as_json(problems: Sequence[Problem], root: Path) -> str:
    """A JSON list of problems, sorted by file and line."""
    records = [
        {
            "file": located(root, p.path),
            "line": p.line,
            "severity": p.severity,
            "message": p.message,
            "hint": p.hint,
        }
        for p in sorted(problems)
    ]
    return json.dumps(records, indent=2, ensure_ascii=False)


def render(problems: Sequence[Problem], fmt: str, root: Path) -> str:
    """Problems in one of `FORMATS`."""
    if fmt == "github":
        return github(problems, root)
    if fmt == "json":
        return as_json(problems, root)
    return human(problems)
