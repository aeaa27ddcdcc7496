"""Figure 7: peak memory (VmHWM) of the TUI on the shipped story, against the reference app.

Each app runs in tmux; once its first screen is visible and has settled for a moment, its
/proc/PID/status VmHWM (peak resident set size so far) is read. For the game, also after a
new game's first scene. The target is on the difference, value - reference <= 15 MiB (the
table shows it next to the ratio).
"""

from __future__ import annotations

import time

from benchmarks.bench_keys import planned_steps
from benchmarks.common import (
    PYTHON,
    REFERENCE_APP,
    REFERENCE_FIRST_TEXT,
    TROTSKY,
    Result,
    median,
    scratch,
)
from benchmarks.tmuxdriver import Tmux, status_kb

SETTLE_SECONDS = 0.4
TARGET_EXTRA_KB = 15 * 1024  # issue 7: within the reference app's peak + 15 MiB


def peak_after(tmux: Tmux, name: str, text: str) -> int:
    tmux.wait_for(name, text)
    time.sleep(SETTLE_SECONDS)
    peak = status_kb(tmux.pid(name), "VmHWM")
    assert peak is not None
    return peak


def run(runs: int = 3) -> list[Result]:
    reference: list[float] = []
    title: list[float] = []
    scene: list[float] = []
    first, _ = planned_steps(0)
    with Tmux() as tmux:
        for _ in range(runs):
            name, _ = tmux.launch([PYTHON, REFERENCE_APP])
            reference.append(peak_after(tmux, name, REFERENCE_FIRST_TEXT))
            tmux.stop(name)
            saves = scratch()
            name, _ = tmux.launch([TROTSKY], {"TROTSKY_SAVES": str(saves)})
            title.append(peak_after(tmux, name, "New game"))
            tmux.send(name, "n")
            scene.append(peak_after(tmux, name, first))
            tmux.stop(name)
    ref = median(reference)
    results = []
    for key, figure, samples in (
        ("7a", "peak RSS of the TUI at the title screen", title),
        ("7b", "peak RSS of the TUI after the first scene", scene),
    ):
        value = median(samples)
        result = Result(
            key=key,
            figure=figure,
            value=value,
            unit="KiB",
            reference=ref,
            reference_label="reference app after its first screen",
            target=f"<= reference + {TARGET_EXTRA_KB // 1024} MiB",
            samples=samples,
            reference_samples=reference,
            notes=f"VmHWM {SETTLE_SECONDS} s after the screen showed; median of {runs}",
            show_difference=True,
        )
        extra = result.difference
        result.ok = None if extra is None else extra <= TARGET_EXTRA_KB
        if extra is not None:
            result.notes += f"; {extra / 1024:+.1f} MiB over the reference"
        results.append(result)
    return results
