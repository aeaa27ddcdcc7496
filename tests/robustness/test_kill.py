"""SIGKILL a process that is saving, a few hundred times at random moments: every save file
left behind loads, and is exactly one of the states written (never a mix, never empty);
stray temp files are ignored by the Load list."""

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

from game.engine.loader import load_story_or_raise
from game.engine.saves import SaveFolder, slot_filename
from tests.robustness import kill_helper
from tests.robustness._support import MINI, count

KILLS = 300
HELPER = Path(kill_helper.__file__)


class Helper:
    def __init__(self, saves: Path, log: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HELPER), str(MINI), str(saves), str(log)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self.ask(None) == "ready"

    def ask(self, line: str | None) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        if line is not None:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        assert answer, f"the helper died (exit {self.process.poll()})"
        return answer

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.ask_quit()
                self.process.wait(timeout=10)
            except Exception:
                self.process.kill()
                self.process.wait()

    def ask_quit(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()


def read_intents(log: Path) -> set[tuple[int, int]]:
    intents = set()
    for line in log.read_text().splitlines():
        slot, counter = line.split()
        intents.add((int(slot), int(counter)))
    return intents


@pytest.mark.slow
def test_saves_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    story = load_story_or_raise(MINI)
    saves = tmp_path / "saves"
    log = tmp_path / "intents.log"
    rng = random.Random(int(os.environ.get("KILL_SEED", "1940")))
    expected: dict[int, dict[str, object]] = {}
    filename_slot = {slot_filename(name): i for i, name in enumerate(kill_helper.SLOTS)}
    newest: dict[str, int] = {}  # file name -> the counter it held at the last check
    changed = temp_seen = 0
    temp_names: set[str] = set()
    helper = Helper(saves, log)
    try:
        next_counter = 0
        for _ in range(KILLS):
            pid = int(helper.ask(f"run {next_counter}"))
            time.sleep(rng.uniform(0, 0.030))
            os.kill(pid, signal.SIGKILL)
            assert helper.ask(f"wait {pid}") == f"dead {signal.SIGKILL.value}", (
                "the writer died by itself: saving raised"
            )
            intents = read_intents(log) if log.exists() else set()
            folder = SaveFolder(saves, story)
            files = sorted(saves.glob("*.json")) if saves.exists() else []
            for path in files:
                loaded = folder.load(path)  # raises SaveError if torn or empty
                counter = int(loaded.state.play_seconds)  # see kill_helper.state_for
                slot = filename_slot[path.name]
                assert (slot, counter) in intents, f"{path.name} holds a state never written"
                if counter not in expected:
                    expected[counter] = kill_helper.state_for(story, counter).state.to_json()
                assert loaded.state.to_json() == expected[counter], f"{path.name} is a mix"
                raw = json.loads(path.read_bytes())
                assert raw["name"] == kill_helper.SLOTS[slot]
                assert counter >= newest.get(path.name, -1), f"{path.name} went back in time"
                changed += counter != newest.get(path.name, -1)
                newest[path.name] = counter
            temps = {p.name for p in saves.glob(".*.tmp")} if saves.exists() else set()
            temp_seen += bool(temps - temp_names)  # this kill landed between temp and rename
            temp_names |= temps
            slots = folder.slots()
            assert [s for s in slots if s.error] == []
            assert sorted(s.path.name for s in slots) == [p.name for p in files]
            assert all(not s.name.startswith(".") for s in slots)
            newest_slot = folder.newest()
            assert files == [] or newest_slot is not None
            next_counter = max((c for _, c in intents), default=-1) + 1
            count("kills survived")
        count("kills that landed mid-write", temp_seen)
        written = len(read_intents(log))
    finally:
        helper.close()
    print(
        f"\n{KILLS} kills survived; {written} saves started; {changed} save files seen replaced; "
        f"{temp_seen} kills landed mid-write (left a stray temp file, ignored by slots())"
    )
    assert written > KILLS  # the writers got going before they were killed
    assert len(newest) == len(kill_helper.SLOTS)  # every slot was written
    assert temp_seen > 0, "no kill landed inside a save: the test did not bite"
