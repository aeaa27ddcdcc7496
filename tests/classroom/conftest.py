"""Helpers of the classroom tests: play the plain face as a student of a class folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import MINI


def play_student(
    stdin: str, classroom: Path, name: str, *args: str, scenes: Path = MINI, cwd: Path
) -> subprocess.CompletedProcess[str]:
    """`python -m game --plain --classroom DIR --student NAME`, run in `cwd`."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TROTSKY_CACHE": ""}
    env.pop("TROTSKY_SAVES", None)
    env.pop("TROTSKY_SCENES", None)
    command = [sys.executable, "-m", "game", "--plain", "--scenes", str(scenes)]
    return subprocess.run(
        [*command, "--classroom", str(classroom), "--student", name, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=cwd,
        env=env,
    )
