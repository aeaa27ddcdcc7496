"""`python -m benchmarks.profile`: where cold start and big-story loading spend their time.

Writes to benchmarks/profiles/ and prints a summary:

- startup.txt: a cold start cut into stages by time stamps taken inside the process
  (benchmarks.startup_probe), for `trotsky`, `trotsky --continue` and the reference app;
- importtime_coldstart.txt: `python -X importtime` of a real `trotsky` cold start in tmux,
  summed by top-level package, and the game's own modules;
- coldstart_trotsky.txt / coldstart_reference.txt: pyinstrument from the first line of the
  script to the first frame (no idle time);
- load_5k.txt: pyinstrument of game.engine.loader.load_story on a generated 5k story, with
  the functions that cost most by their own time.

pyinstrument must be installed (`pip install pyinstrument`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.bench_coldstart import make_save
from benchmarks.bench_faces import imports
from benchmarks.common import (
    BENCH,
    PAGE_FIRST_TEXT,
    PYTHON,
    REFERENCE_FIRST_TEXT,
    scratch,
    shipped_scenes,
)
from benchmarks.generate import write_story
from benchmarks.tmuxdriver import Tmux

OUT = BENCH / "profiles"


def probe(
    tmux: Tmux, kind: str, text: str, args: list[str], env: dict[str, str], profile: Path | None
) -> list[tuple[str, float, float]]:
    """One cold start under benchmarks.startup_probe: (stage, wall ms, CPU ms) to on screen."""
    marks_file = scratch("marks") / "marks.json"
    extra = dict(env)
    if profile is not None:
        extra["STARTUP_PROBE_PROFILE"] = str(profile)
    argv = [PYTHON, "-m", "benchmarks.startup_probe", marks_file, kind, text, *args]
    name, launched = tmux.launch(argv, extra)
    seen = tmux.wait_for(name, text)
    deadline = time.perf_counter() + 10
    while not marks_file.exists() and time.perf_counter() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)
    tmux.stop(name)
    marks = json.loads(marks_file.read_text(encoding="utf-8"))
    marks_file.unlink()
    stages, previous, previous_cpu = [], launched, 0.0
    for label, at, cpu in marks:
        stages.append((label, (at - previous) * 1000, (cpu - previous_cpu) * 1000))
        previous, previous_cpu = at, cpu
    stages.append(("visible in tmux capture-pane", (seen.at - previous) * 1000, 0.0))
    stages.append(("TOTAL launch to visible", (seen.at - launched) * 1000, previous_cpu * 1000))
    return stages


def startup_breakdown(runs: int) -> str:
    empty = scratch()
    saved = scratch()
    resume_text = make_save(saved)
    cases = {
        "reference app": ("reference", REFERENCE_FIRST_TEXT, [], {}),
        "trotsky (title)": ("trotsky", "New game", [], {"TROTSKY_SAVES": str(empty)}),
        "trotsky --continue": (
            "trotsky",
            resume_text,
            ["--continue"],
            {"TROTSKY_SAVES": str(saved)},
        ),
    }
    collected: dict[str, list[list[tuple[str, float, float]]]] = defaultdict(list)
    with Tmux() as tmux:
        for kind, text, args, env in cases.values():  # warm-up
            probe(tmux, kind, text, args, env, None)
        for _ in range(runs):
            for case, (kind, text, args, env) in cases.items():
                collected[case].append(probe(tmux, kind, text, args, env, None))
        OUT.mkdir(exist_ok=True)
        for case, stem in (("trotsky (title)", "trotsky"), ("reference app", "reference")):
            kind, text, args, env = cases[case]
            probe(tmux, kind, text, args, env, OUT / f"coldstart_{stem}.txt")
    lines = [
        f"Cold start stages: median wall ms and mean CPU ms (time.process_time) of {runs} runs",
        "(launch = tmux new-session; CPU of the first stage is the interpreter's own start)",
    ]
    for case, samples in collected.items():
        lines.append(f"\n{case}:")
        lines.append("     wall      CPU  stage")
        for index, (label, *_) in enumerate(samples[0]):
            wall = statistics.median(sample[index][1] for sample in samples)
            cpu = statistics.mean(sample[index][2] for sample in samples)
            lines.append(f"  {wall:7.1f}  {cpu:7.1f}  {label}")
    return "\n".join(lines)


def importtime_coldstart() -> str:
    saves = scratch()
    trace = OUT / "importtime_coldstart.raw.txt"
    marks = scratch("marks") / "marks.json"
    # Textual draws on stderr, where -X importtime writes too: the probe moves Textual to
    # /dev/tty so that the trace alone goes to the file.
    argv = [PYTHON, "-X", "importtime", "-m", "benchmarks.startup_probe", marks, "trotsky"]
    argv.append("New game")
    env = {"TROTSKY_SAVES": str(saves), "STARTUP_PROBE_TTY": "1"}
    with Tmux() as tmux:
        for _ in range(2):  # the first run fills the bytecode cache
            name, _ = tmux.launch(argv, env, stderr=trace)
            tmux.wait_for(name, "New game")
            time.sleep(0.2)
            tmux.stop(name)
    marks.unlink(missing_ok=True)
    rows = imports(trace.read_bytes())
    by_package: dict[str, int] = defaultdict(int)
    for own, _, _, module in rows:
        by_package[module.split(".")[0]] += own
    total = sum(by_package.values())
    lines = [f"-X importtime of a `trotsky` cold start: {total / 1000:.0f} ms of imports"]
    lines.append("own time by top-level package:")
    for package, own in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"  {own / 1000:6.1f} ms  {package}")
    lines.append("the game's modules, cumulative (own):")
    for own, cumulative, _, module in sorted(rows, key=lambda r: -r[1]):
        if module.startswith("game"):
            lines.append(f"  {cumulative / 1000:6.1f} ({own / 1000:4.1f}) ms  {module}")
    return "\n".join(lines[:40])


def load_profile(scenes: int = 5_000) -> str:
    from pyinstrument import Profiler

    from game.engine.loader import load_story

    base = Path(tempfile.mkdtemp(prefix="trotsky-bench-stories-"))
    try:
        folder = write_story(base / f"story_{scenes}", scenes)
        load_story(folder)  # warm the disk cache
        profiler = Profiler(interval=0.0005)
        profiler.start()
        story, _ = load_story(folder)
        profiler.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    session = profiler.last_session
    OUT.mkdir(exist_ok=True)
    (OUT / "load_5k.txt").write_text(
        profiler.output_text(unicode=True, color=False), encoding="utf-8"
    )
    own: dict[str, float] = defaultdict(float)
    stages: dict[str, float] = defaultdict(float)
    stage_names = {
        "compose",
        "_check_tree",
        "read_scene",
        "read_manifest",
        "read_glossary",
        "link",
        "analyse",
    }

    def walk(frame: Any, stage: str) -> None:
        here = frame.function if frame.function in stage_names and stage == "" else stage
        if here and here != stage:
            stages[here] += frame.time
        for child in frame.children:
            if child.function == "[self]":  # pyinstrument's own-time leaf of `frame`
                own[f"{frame.function} ({frame.file_path_short})"] += child.time
            else:
                walk(child, here)

    root = session.root_frame()
    walk(root, "")
    total = session.duration
    lines = [f"load_story of a {scenes:,}-scene story: {total:.2f} s under pyinstrument"]
    lines.append("by stage (cumulative):")
    for stage, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {seconds:6.3f} s {100 * seconds / total:5.1f}%  {stage}")
    lines.append("functions by own time:")
    for key, seconds in sorted(own.items(), key=lambda kv: -kv[1])[:15]:
        lines.append(f"  {seconds:6.3f} s {100 * seconds / total:5.1f}%  {key}")
    del story
    return "\n".join(lines)


def key_breakdown(choices: int = 12) -> str:
    """Median in-process stamps from a key to its frame (benchmarks.key_probe), game and
    page reference and one-line reference apps, after one unmeasured round; the game follows
    a long playthrough."""
    from benchmarks.bench_frames import planned
    from game.engine.loader import load_story_or_raise

    plan = planned(load_story_or_raise(shipped_scenes()), choices)
    game_keys = ["n"] + [k for key, note, _ in plan for k in ([key, "Enter"] if note else [key])]
    results = {}
    with Tmux() as tmux:
        for kind in ("page", "reference", "trotsky"):
            out = scratch("keys") / "keys.json"
            env = {"TROTSKY_SAVES": str(scratch())}
            name, _ = tmux.launch([PYTHON, "-m", "benchmarks.key_probe", out, kind], env)
            ready = {"reference": REFERENCE_FIRST_TEXT, "page": PAGE_FIRST_TEXT}
            tmux.wait_for(name, ready.get(kind, "New game"))
            keys = game_keys if kind == "trotsky" else ["1"] * choices
            for key in keys:
                tmux.send(name, key)
                time.sleep(0.3)
            tmux.send(name, "q")
            if kind == "trotsky":  # the game asks before it quits
                time.sleep(0.3)
                tmux.send(name, "y")
            deadline = time.perf_counter() + 10
            while not out.exists() and time.perf_counter() < deadline:
                time.sleep(0.05)
            tmux.stop(name)
            results[kind] = json.loads(out.read_text(encoding="utf-8"))[2:]
    stages = ["handler done", "layout starts", "render starts", "frame written", "frame flushed"]
    lines = [
        "Key to frame inside the process (benchmarks.key_probe): median ms since the key",
        "  " + " ".join(f"{stage:>14}" for stage in stages) + "  frame bytes",
    ]
    for kind, presses in results.items():
        for key in ("choice", "enter"):
            rows = [p for p in presses if p["key"] == key and "frame written" in p]
            if not rows:
                continue
            cells = [
                statistics.median(p[s] for p in rows) if all(s in p for p in rows) else None
                for s in stages
            ]
            shown = " ".join(f"{c:14.1f}" if c is not None else f"{'-':>14}" for c in cells)
            size = statistics.median(p["bytes"] for p in rows)
            lines.append(f"  {shown}  {size:8.0f}  {kind}, key {key} ({len(rows)} presses)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="cold starts per case")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("pyinstrument") is None:
        # Without it the profiled cold start dies before its first frame, and the probe
        # would only see a blank screen after a 20 s wait.
        print("python -m benchmarks.profile needs pyinstrument: pip install pyinstrument")
        return 2
    OUT.mkdir(exist_ok=True)
    parts = [
        startup_breakdown(args.runs),
        key_breakdown(),
        importtime_coldstart(),
        load_profile(),
    ]
    summary = "\n\n".join(parts) + "\n"
    (OUT / "summary.txt").write_text(summary, encoding="utf-8")
    print(summary)
    print(f"profiles written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
