"""Problems found in a dossier's input, and the exception that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, at a file and line."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        """Return `path:line: message`, then the hint on its own line."""
        head = f"{self.path}:{self.line}: {self.severity}: {self.message}"
        return f"{head}\n  hint: {self.hint}" if self.hint else head


class DossierWarning(UserWarning):
    """Raised in tests when the generator would log a warning."""


class DossierError(Exception):
    """Bad input: carries every problem found, sorted by place."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__(self.format())

    def format(self) -> str:
        """Return every problem, one block each."""
        return "\n".join(p.format() for p in self.problems)


def error(path: str, line: int, message: str, hint: str = "") -> Problem:
    """Make an error-level problem."""
    return Problem(path, line, message, hint, "error")


def warning(path: str, line: int, message: str, hint: str = "") -> Problem:
    """Make a warning-level problem."""
    return Problem(path, line, message, hint, "warning")


def raise_errors(problems: Iterable[Problem]) -> None:
    """Raise `DossierError` if any of `problems` is an error."""
    found = list(problems)
    if any(p.severity == "error" for p in found):
        raise DossierError(found)
