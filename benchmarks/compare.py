"""`python -m benchmarks.compare DIR_A DIR_B ...`: A/B cold starts and keys of code copies.

Each DIR is a copy of the checkout (its game/ and scenes/, e.g. `cp -r game scenes
pyproject.toml /tmp/exp/base/`) with or without a change under test. The runs are
interleaved (reference app, A, B, reference, A, B, ...) in one tmux server, so a busy
machine slows all of them alike; the table gives each copy's median, its ratio to the
reference app's median, and the median of the paired differences to the first copy.

    cd /tmp && python -m benchmarks.compare /tmp/exp/base /tmp/exp/css --rounds 15

Run it from a folder holding no `game` package (not from the checkout), so that each copy's
PYTHONPATH decides which code runs.

`--headless` measures instead, in fresh interpreters, the CPU time (process_time) of the
game's first steps driven by Textual's own test pilot (`App.run_test`): new game, first
note, next scene, second note. It needs no terminal, and CPU time hardly moves when other
programs share the cores, so small UI changes (a few ms) show up where tmux wall times
drown them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
from pathlib import Path

from benchmarks.bench_coldstart import TITLE_TEXT, cold_start_cpu, make_save
from benchmarks.bench_keys import NOTE_HEADING, planned_steps
from benchmarks.common import (
    NEUTRAL_CWD,
    PYTHON,
    REFERENCE_APP,
    REFERENCE_FIRST_TEXT,
    TROTSKY,
    bench_env,
    scratch,
)
from benchmarks.tmuxdriver import Tmux, cpu_seconds


def first_step(
    tmux: Tmux, env: dict[str, str], first: str, note: str, scene: str
) -> tuple[tuple[float, float], tuple[float, float]]:
    """New game; then key `1` to the first note, and Enter to the next scene: (wall, CPU) each."""
    saves = str(scratch())
    name, _ = tmux.launch([TROTSKY], {**env, "TROTSKY_SAVES": saves})
    tmux.wait_for(name, TITLE_TEXT)
    tmux.send(name, "n")
    tmux.wait_for(name, first)
    pid = tmux.pid(name)
    cpu_before = cpu_seconds(pid) or 0.0
    sent = tmux.send(name, "1")
    seen = tmux.wait_for(name, lambda s: NOTE_HEADING in s and note in s)
    cpu_note = cpu_seconds(pid) or 0.0
    sent_enter = tmux.send(name, "Enter")
    seen_scene = tmux.wait_for(name, lambda s: scene in s and NOTE_HEADING not in s)
    cpu_scene = cpu_seconds(pid) or 0.0
    tmux.stop(name, pid)
    return (seen.at - sent, cpu_note - cpu_before), (
        seen_scene.at - sent_enter,
        cpu_scene - cpu_note,
    )


HEADLESS = r"""
import asyncio, tempfile, time
from pathlib import Path
from game import paths
from game.engine.loader import load_story_or_raise
from game.engine.saves import SaveFolder
from game.ui.app import TrotskyApp

story = load_story_or_raise(paths.scenes_dir())


async def main():
    app = TrotskyApp(story, SaveFolder(Path(tempfile.mkdtemp()), story))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        spent = []
        for key in ("n", "1", "enter", "1"):
            started = time.process_time()
            await pilot.press(key)
            await pilot.pause()
            spent.append((time.process_time() - started) * 1000)
        print(*spent)


asyncio.run(main())
"""
HEADLESS_STEPS = ("new game", "first note", "next scene", "second note")


def headless(roots: list[Path], rounds: int) -> None:
    samples: dict[str, list[list[float]]] = {str(root): [] for root in roots}
    for round_ in range(rounds + 1):  # the first round fills the bytecode caches
        for root in roots:
            env = bench_env(PYTHONPATH=str(root.resolve()))
            done = subprocess.run(
                [PYTHON, "-c", HEADLESS], env=env, cwd=NEUTRAL_CWD, capture_output=True, text=True
            )
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-800:])
            if round_:
                samples[str(root)].append([float(x) for x in done.stdout.split()])
    print(f"CPU ms (median of {rounds}), Textual pilot, each step until the app is idle:")
    print("  " + "".join(f"{step:>13}" for step in HEADLESS_STEPS))
    for root, rows in samples.items():
        cells = "".join(f"{statistics.median(column):13.1f}" for column in zip(*rows, strict=True))
        print(f"  {cells}  {root}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__)
    parser.add_argument("roots", nargs="+", type=Path, help="copies of the checkout")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--headless", action="store_true", help="CPU of UI steps, no tmux")
    args = parser.parse_args(argv)
    if args.headless:
        headless(args.roots, args.rounds)
        return 0
    saved = scratch()
    resume_text = make_save(saved)
    first, plan = planned_steps(1)
    note, scene = plan[0]
    empty = str(scratch())
    envs = {str(root): {"PYTHONPATH": str(root.resolve())} for root in args.roots}
    cases = {
        "title": lambda t, e: cold_start_cpu(
            t, [TROTSKY], {**e, "TROTSKY_SAVES": empty}, TITLE_TEXT
        ),
        "continue": lambda t, e: cold_start_cpu(
            t, [TROTSKY, "--continue"], {**e, "TROTSKY_SAVES": str(saved)}, resume_text
        ),
        "first note, then next scene": lambda t, e: first_step(t, e, first, note, scene),
    }
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    reference: list[tuple[float, float]] = []
    with Tmux(env=bench_env()) as tmux:
        for env in envs.values():  # warm-up: bytecode caches
            for measure in cases.values():
                measure(tmux, env)
        cold_start_cpu(tmux, [PYTHON, REFERENCE_APP], {}, REFERENCE_FIRST_TEXT)
        for _ in range(args.rounds):
            reference.append(
                cold_start_cpu(tmux, [PYTHON, REFERENCE_APP], {}, REFERENCE_FIRST_TEXT)
            )
            for root, env in envs.items():
                for case, measure in cases.items():
                    result = measure(tmux, env)
                    if case.startswith("first note"):  # two timings from one run
                        samples.setdefault((root, "first note"), []).append(result[0])
                        samples.setdefault((root, "next scene"), []).append(result[1])
                    else:
                        samples.setdefault((root, case), []).append(result)
    ref = statistics.median(wall for wall, _ in reference)
    ref_cpu = statistics.mean(cpu for _, cpu in reference)
    print(
        f"reference app cold start: {ref * 1000:.1f} ms wall (median), "
        f"{ref_cpu * 1000:.1f} ms CPU (mean), {args.rounds} rounds"
    )
    base = str(args.roots[0])
    for case in ("title", "continue", "first note", "next scene"):
        print(f"\n{case}: wall median, CPU mean, paired median of wall differences to the first")
        for root in envs:
            walls = [wall for wall, _ in samples[root, case]]
            cpus = [cpu for _, cpu in samples[root, case]]
            wall, cpu = statistics.median(walls), statistics.mean(cpus)
            line = f"  {wall * 1000:7.1f} ms wall  {cpu * 1000:6.1f} ms CPU"
            if case in ("title", "continue"):
                line += f"  x{wall / ref:4.2f} wall, x{cpu / ref_cpu:4.2f} CPU of the reference"
            if root != base:
                firsts = [wall for wall, _ in samples[base, case]]
                paired = [b - a for a, b in zip(firsts, walls, strict=True)]
                line += f"  (paired {statistics.median(paired) * 1000:+.1f} ms)"
            print(f"{line}  {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
