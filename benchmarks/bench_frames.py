"""Figure 2d: the event loop's longest stall while a choice autosaves (Textual's pilot).

Issue 7: "autosave never blocks a frame (measure the longest frame during a save)". The real
`TrotskyApp` runs in-process under `App.run_test(size=(120, 40))` (headless: the screen is
laid out and rendered into the compositor, only the terminal write is skipped), on the
shipped story with a new, empty saves folder. After `n` (new game), 20 choices are made
along the longest of 300 seeded random playthroughs (the key of each is predicted with
`Session`, as figure 6 picks its late game). Each choice autosaves: `SaveFolder.prepare` on
the UI thread, then `SaveFolder.write` (temp file, fsync, rename) on a worker thread. After
a choice with a note, Enter closes the note.

A monitor coroutine on the app's own event loop sleeps 2 ms at a time and records the
perf_counter gap between its wake-ups: a gap is how long the loop could not run anything
else (plus at most the 2 ms sleep), so the longest gap bounds the longest frame. (With 1 ms
sleeps the monitor alone uses ~1 ms of CPU every 20 ms, which the pilot's wait_for_idle
takes for a busy app: each press then waits up to a second.) The window of a key press runs
from the press until its write has finished and three frames more (50 ms) have passed; its
stall is the longest gap that overlaps the window. The screen is checked for the note ("What really
happened") or the next scene only after the window, so reading it costs the window nothing.
Reference: the same monitor and windows around `1` in `benchmarks/reference_page_app.py`
(bare Textual swapping a page of text and its menu, figure 2's reference). A
control run (once) makes the same choices with `write` skipping the disk: if its stalls are
as long, they come from drawing the screen, not from the save.

The value is the longest stall over every choice of every run; the notes give the median of
the per-press longest stalls and how long the write itself took, to show that the stall is
shorter than the write (the write does not hold the loop; it takes longer here than alone
because the UI thread holds the GIL while it draws). Each run is a fresh interpreter:
`python -m benchmarks.bench_frames game|control|reference SCENES CHOICES`.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import (
    PAGE_FIRST_TEXT,
    PAGE_REPLACED,
    PYTHON,
    Result,
    bench_env,
    median,
    run_child,
    shipped_scenes,
)

TARGET_SECONDS = 1 / 60  # one frame at 60 fps
SIZE = (120, 40)
TICK = 0.002  # the monitor's sleep (see Monitor)
SETTLE = 0.05  # after a press (and its write): three frames at 60 fps, in the window
WAIT = 10.0  # seconds to wait for a text before giving up
NOTE_HEADING = "What really happened"
CHOICES = 20


class Monitor:
    """Wakes every TICK on the running loop and keeps the gaps between its wake-ups."""

    def __init__(self) -> None:
        self.gaps: list[tuple[float, float]] = []
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            self.gaps.append((last, now))
            last = now

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._watch())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def longest(self, start: float, end: float) -> float:
        """The longest gap that overlaps [start, end]."""
        return max((b - a for a, b in self.gaps if a < end and b > start), default=0.0)

    def idle(self, start: float, end: float) -> float:
        """The median gap in [start, end], when nothing else runs: the monitor's own floor."""
        return median([b - a for a, b in self.gaps if a >= start and b <= end]) or 0.0


def screen_text(app: Any) -> str:
    """The words on the active screen, whatever widget or screen shows them."""
    try:
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
    except Exception:  # private API moved: the public (and slower) SVG screenshot
        svg = re.sub(r"<[^>]+>", " ", app.export_screenshot())
        lines = html.unescape(svg).replace("\xa0", " ").splitlines()
    return " ".join(part for line in lines for part in line.strip(" │█▌▊▎").split())


async def wait_for_text(app: Any, shown: Callable[[str], bool], what: str) -> None:
    deadline = time.perf_counter() + WAIT
    while not shown(screen_text(app)):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{what} never showed; the screen reads: {screen_text(app)[:300]}")
        await asyncio.sleep(0.01)


async def window(pilot: Any, monitor: Monitor, key: str) -> tuple[float, float, float]:
    """Press a key and let its work (and any save) finish: (start, end, longest stall)."""
    start = time.perf_counter()
    await pilot.press(key)
    await pilot.app.workers.wait_for_complete()  # the autosave's write, on its thread
    await asyncio.sleep(SETTLE)  # the app's own refresh timer draws the result meanwhile
    end = time.perf_counter()
    await asyncio.sleep(5 * TICK)  # the monitor wakes past `end` before we read the screen
    return start, end, monitor.longest(start, end)


def words(text: str, count: int = 4) -> str:
    return " ".join(text.split()[:count])


def planned(story: Any, choices: int) -> list[tuple[str, bool, str]]:
    """(key, has a note, first words of the next scene) along a long seeded playthrough."""
    from game.engine.session import Session
    from game.engine.walker import Graph

    graph = Graph(story)
    walks = [graph.walk(random.Random(seed)) for seed in range(300)]
    longest = max((w for w in walks if not w.error), key=lambda w: len(w.path))
    session = Session.new(story)
    plan = []
    for scene_id, index in longest.path[:choices]:
        assert session.state.scene == scene_id
        number = next(o.number for o in session.options() if o.index == index)
        if not 1 <= number <= 9:
            break
        step = session.choose(number)
        if session.is_over:
            break
        plan.append((str(number), step.note is not None, words(session.scene.text)))
    return plan


async def play_game(
    scenes: Path, choices: int, saves_dir: Path, disk: bool = True
) -> dict[str, Any]:
    """The game's presses; `disk=False` is the control: the same, with no save written."""
    from game.engine.loader import load_story_or_raise
    from game.engine.saves import PreparedSave, SaveFolder
    from game.engine.session import Session
    from game.ui.app import TrotskyApp

    class TimedSaveFolder(SaveFolder):
        """The game's SaveFolder, noting when each prepare and write ran."""

        def __init__(self, folder: Path, story: Any) -> None:
            super().__init__(folder, story)
            self.prepares: list[tuple[float, float]] = []
            self.writes: list[tuple[float, float]] = []

        def prepare(self, name: str, session: Session) -> PreparedSave:
            started = time.perf_counter()
            try:
                return super().prepare(name, session)
            finally:
                self.prepares.append((started, time.perf_counter()))

        def write(self, prepared: PreparedSave) -> Path:
            started = time.perf_counter()
            try:
                return super().write(prepared) if disk else prepared.path
            finally:
                self.writes.append((started, time.perf_counter()))

    story = load_story_or_raise(scenes)
    plan = planned(story, choices)
    first = words(Session.new(story).scene.text)
    saves = TimedSaveFolder(saves_dir, story)
    app = TrotskyApp(story, saves)
    monitor = Monitor()
    presses, enters = [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await wait_for_text(app, lambda s: "New game" in s, "the title screen")
        await pilot.press("n")
        await wait_for_text(app, lambda s: first in s, "the first scene")
        await pilot.pause()
        monitor.start()
        await asyncio.sleep(0.2)
        idle = monitor.idle(time.perf_counter() - 0.15, time.perf_counter())
        for key, has_note, scene in plan:
            start, end, stall = await window(pilot, monitor, key)
            inside = [(a, b) for a, b in saves.writes if start <= a and b <= end]
            prepared = [(a, b) for a, b in saves.prepares if start <= a and b <= end]
            presses.append(
                {
                    "key": key,
                    "stall": stall,
                    "writes": [b - a for a, b in inside],
                    "prepares": [b - a for a, b in prepared],
                }
            )
            if has_note:
                await wait_for_text(app, lambda s: NOTE_HEADING in s, "the note")
                _, _, stall = await window(pilot, monitor, "enter")
                enters.append(stall)
            await wait_for_text(
                app, lambda s, w=scene: w in s and NOTE_HEADING not in s, f"the scene '{scene}'"
            )
        await monitor.stop()
    return {"presses": presses, "enters": enters, "idle": idle}


async def play_reference(presses: int) -> dict[str, Any]:
    from benchmarks.reference_page_app import PageReferenceApp

    app = PageReferenceApp()
    monitor = Monitor()
    stalls = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await wait_for_text(app, lambda s: PAGE_FIRST_TEXT in s, "the page reference app")
        monitor.start()
        await asyncio.sleep(0.2)
        idle = monitor.idle(time.perf_counter() - 0.15, time.perf_counter())
        for press in range(1, presses + 1):
            _, _, stall = await window(pilot, monitor, "1")
            stalls.append(stall)
            text = PAGE_REPLACED.format(press)
            await wait_for_text(app, lambda s, t=text: t in s, text)
        await monitor.stop()
    return {"presses": [{"key": "1", "stall": s} for s in stalls], "idle": idle}


def child(which: str, scenes: Path, choices: int) -> dict[str, Any]:
    env = bench_env()
    argv = [PYTHON, "-m", "benchmarks.bench_frames", which, scenes, str(choices)]
    done = run_child(argv, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{which}: " + done.stderr.decode(errors="replace")[-1500:])
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def run(runs: int = 2, choices: int = CHOICES) -> list[Result]:
    scenes = shipped_scenes()
    game: list[dict[str, Any]] = []
    reference: list[dict[str, Any]] = []
    for _ in range(runs):
        reference.append(child("reference", scenes, choices))
        game.append(child("game", scenes, choices))
    control = child("control", scenes, choices)  # once: the same presses, no save written
    control_stalls = [p["stall"] for p in control["presses"]]
    stalls = [p["stall"] for run in game for p in run["presses"]]
    ref_stalls = [p["stall"] for run in reference for p in run["presses"]]
    writes = [w for run in game for p in run["presses"] for w in p["writes"]]
    prepares = [w for run in game for p in run["presses"] for w in p["prepares"]]
    enters = [s for run in game for s in run["enters"]]
    if not writes:
        raise RuntimeError("no SaveFolder.write ran inside a key press's window: no autosave?")
    shorter = sum(
        1 for run in game for p in run["presses"] if p["writes"] and p["stall"] < sum(p["writes"])
    )
    with_write = sum(1 for run in game for p in run["presses"] if p["writes"])
    worst = max((p["stall"], number) for run in game for number, p in enumerate(run["presses"], 1))[
        1
    ]
    value = max(stalls)
    ms = 1000
    result = Result(
        key="2d",
        figure="longest event-loop stall during a choice with its autosave",
        value=value,
        unit="s",
        reference=max(ref_stalls),
        reference_label="page reference: the same monitor around key `1`",
        target=f"< {TARGET_SECONDS * ms:.1f} ms (one frame at 60 fps)",
        samples=stalls,
        reference_samples=ref_stalls,
        notes=(
            f"{runs} runs x {len(stalls) // runs} choices, headless run_test {SIZE[0]}x{SIZE[1]}; "
            f"median of the per-press longest stalls {ms * (median(stalls) or 0):.1f} ms "
            f"(reference {ms * (median(ref_stalls) or 0):.1f} ms); the longest was choice "
            f"{worst} of its run; SaveFolder.write (worker thread, "
            f"fsync) median {ms * (median(writes) or 0):.1f} ms, max {ms * max(writes):.1f} ms; "
            f"prepare (UI thread) median {ms * (median(prepares) or 0):.2f} ms; stall shorter "
            f"than the write in {shorter} of {with_write} presses; control run with no save "
            f"written: longest {ms * max(control_stalls):.1f} ms, median "
            f"{ms * (median(control_stalls) or 0):.1f} ms; Enter (closing a note, no "
            f"save) longest {ms * max(enters, default=0):.1f} ms; monitor floor (idle gap) "
            f"{ms * (median([r['idle'] for r in game]) or 0):.2f} ms"
        ),
    )
    result.ok = value < TARGET_SECONDS
    return [result]


if __name__ == "__main__":  # the worker: python -m bench_frames game|control|reference ...
    import tempfile

    which, scenes, choices = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    if which in ("game", "control"):
        with tempfile.TemporaryDirectory(prefix="trotsky-bench-frames-") as folder:
            data = asyncio.run(play_game(scenes, choices, Path(folder), disk=which == "game"))
    else:
        data = asyncio.run(play_reference(choices))
    print(json.dumps(data))
