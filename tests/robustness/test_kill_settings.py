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


@pytest.mark.slow
def test_settings_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / ".settings.json"
    script = WRITER.format(root=str(ROOT), path=str(path))
    rng = random.Random(11)
    kills = 0
    start = 0
    for _ in range(100):
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(start)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, 0.02))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        if path.exists():
            data = json.loads(path.read_text())  # never torn
            theme = data["theme"]
            assert theme.startswith("theme-")
            start = int(theme.split("-")[1]) + 1
    count("settings kills survived", kills)
    assert kills == 100
