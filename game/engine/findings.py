"""Findings: every problem in the story files, with file, line, column and a hint."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a story file; line and column count from 1."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, printed as `path:line:column: error: message; hint`."""

    location: Location
    severity: Severity
    message: str
    hint: str | None = None
    code: str | None = None  # a stable name for checks that tests and tools match on

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        text = f"{text}; {self.hint}" if self.hint else text
        return f"{text} [{self.code}]" if self.code else text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "code": self.code,
        }


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """A "did you mean" hint naming the closest candidate, or None."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


class Findings:
    """Collects findings in the order they are found; never raises."""

    def __init__(self) -> None:
        self.items: list[Finding] = []

    def error(self, where: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Finding(where, "error", message, hint))

    def warning(
        self, where: Location, message: str, hint: str | None = None, code: str | None = None
    ) -> None:
        self.items.append(Finding(where, "warning", message, hint, code))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity == "warning"]

    def sorted(self) -> list[Finding]:
        return sorted(
            self.items, key=lambda f: (f.location.file, f.location.line, f.location.column)
        )

    def __len__(self) -> int:
        return len(self.items)


def shown_path(path: Path) -> str:
    """The path as an author would type it: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)
