"""Findings: every problem in the story files, with file, line, column and a hint."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from game.engine.sanitize import clean

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
    code: str = ""  # stable: tests and tools match on it, never on the words
    excerpt: str = ""  # the source line and a caret under the spot, for syntax errors

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        # a message may quote the file (a key, a value, its name): never pass on an escape
        return clean(f"{text}; {self.hint}" if self.hint else text)

    def render(self) -> str:
        """The finding as `validate` prints it: with its code and, when known, the spot."""
        text = f"{self} [{self.code}]" if self.code else str(self)
        return f"{text}\n{self.excerpt}" if self.excerpt else text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def plural(count: int, word: str) -> str:
    """ "1 error", "2 errors", "0 warnings"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """A "did you mean" hint naming the closest candidate, or None."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


class Findings:
    """Collects findings in the order they are found; never raises."""

    def __init__(self) -> None:
        self.items: list[Finding] = []

    def error(
        self,
        where: Location,
        message: str,
        hint: str | None = None,
        *,
        code: str,
        excerpt: str = "",
    ) -> None:
        self.items.append(Finding(where, "error", message, hint, code, excerpt))

    def warning(self, where: Location, message: str, hint: str | None = None, *, code: str) -> None:
        self.items.append(Finding(where, "warning", message, hint, code))

    @property
    def codes(self) -> list[str]:
        """The codes of every finding, in order: what tests assert on."""
        return [f.code for f in self.items]

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
