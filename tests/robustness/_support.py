"""Shared helpers of the robustness suite: paths, screen readers, a plain-mode runner, counts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests.ui.test_app import flat, notices, settle, shown

__all__ = ["COUNTS", "MINI", "SCENES", "count", "flat", "notices", "settle", "shown"]

ROOT = Path(__file__).resolve().parents[2]
SCENES = ROOT / "scenes"
MINI = ROOT / "tests" / "data" / "stories" / "mini"

# What the suite counted (kills survived, fuzz cases, hostile inputs); printed at the end.
COUNTS: Counter[str] = Counter()


def count(what: str, n: int = 1) -> None:
    COUNTS[what] += n


def play_plain(
    stdin: str, saves: Path, *args: str, scenes: Path = MINI, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`python -m game --plain` in a subprocess, fed `stdin`."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("TROTSKY_SAVES", None)
    env.pop("TROTSKY_SCENES", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "--plain",
            "--scenes",
            str(scenes),
            "--saves",
            str(saves),
            *args,
        ],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


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
