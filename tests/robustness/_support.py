"""Shared helpers of the robustness suite: paths, screen readers, a plain-mode runner, counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.conftest import play_plain
from tests.ui.support import flat, notices, settle, shown, until, until_screen, until_shown

__all__ = [
    "COUNTS",
    "MINI",
    "SCENES",
    "count",
    "flat",
    "notices",
    "play_plain",
    "settle",
    "shown",
    "until",
    "until_screen",
    "until_shown",
]

ROOT = Path(__file__).resolve().parents[2]
SCENES = ROOT / "scenes"
MINI = ROOT / "tests" / "data" / "stories" / "mini"

# What the suite counted (kills survived, fuzz cases, hostile inputs); printed at the end.
COUNTS: Counter[str] = Counter()


def count(what: str, n: int = 1) -> None:
    COUNTS[what] += n


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (relative name -> bytes), to prove nothing else changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def key_for(screen: type, action: str) -> str:
    """The key a screen binds to an action (the bindings change; the actions stay)."""
    for binding in screen.BINDINGS:  # type: ignore[attr-defined]
        key, bound = (binding.key, binding.action) if hasattr(binding, "key") else binding[:2]
        if bound == action:
            return str(key).split(",")[0]
    raise LookupError(f"{screen.__name__} binds no key to {action!r}")
