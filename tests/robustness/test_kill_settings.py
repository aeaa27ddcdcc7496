"""Kill test for the settings file: SIGKILL at random moments never leaves a torn file."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.robustness._support import ROOT, count

WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from game.engine.settings import Settings
path = Path({path!r})
n = int(sys.argv[1])
print("ready", flush=True)
while True:
    Settings(theme=f"theme-{{n}}").save(path)
    n += 1
"""


def saved_number(path: Path) -> int:
    """The number of the last save the file holds (-1 before any); fails on a torn file."""
    if not path.exists():
        return -1
    theme = json.loads(path.read_text())["theme"]  # never torn: os.replace is atomic
    assert theme.startswith("theme-"), theme
    return int(theme.split("-")[1])


@pytest.mark.slow
def test_settings_survive_sigkill(tmp_path: Path) -> None:
    """Each writer saves theme-N, theme-N+1, ... from the number after the file's last one; it
    is killed at a random moment after its first save has landed, so every kill hits a
    writer in its loop of saves, and the file must be whole and never older after it."""
    path = tmp_path / ".settings.json"
    script = WRITER.format(root=str(ROOT), path=str(path))
    rng = random.Random(11)
    kills = 0
    for _ in range(100):
        start = saved_number(path) + 1
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(start)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        while saved_number(path) < start:  # the writer's first save has not landed yet
            assert time.monotonic() < deadline, "the writer never saved"
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.02))
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL  # killed in its loop, not ended or crashed
        assert saved_number(path) >= start  # whole, and not older than before the kill
        kills += 1
    count("settings kills survived", kills)
