"""Figure 1: cold start in tmux, launch to first text, against the reference Textual app.

- `trotsky` (the installed console script, saves in an empty temp folder) until "New game";
- `trotsky --continue` (with a save made beforehand) until the saved scene's text;
- `python benchmarks/reference_app.py` until its first text.

Runs are interleaved (reference, title, continue, reference, ...) after one unmeasured
warm-up of each (it writes the .pyc files), so drift hits all three alike.
"""

from __future__ import annotations

from pathlib import Path
from statistics import mean

from benchmarks.common import (
    PYTHON,
    REFERENCE_APP,
    REFERENCE_FIRST_TEXT,
    TROTSKY,
    Result,
    bench_env,
    check,
    median,
    scratch,
    shipped_scenes,
)
from benchmarks.tmuxdriver import Tmux, cpu_seconds, snippet

TITLE_TEXT = "New game"
TARGET_RATIO = 1.2  # issue 7: launch to the title screen within 1.2x the reference app
TARGET_RATIO_CONTINUE = 1.3  # issue 7: `--continue` to the first playable scene within 1.3x


def make_save(folder: Path, choices: int = 5) -> str:
    """An autosave a few choices into the story; returns words of the scene it resumes at."""
    from game.engine.loader import load_story_or_raise
    from game.engine.saves import SaveFolder
    from game.engine.session import Session

    story = load_story_or_raise(shipped_scenes())
    session = Session.new(story)
    for _ in range(choices):
        if session.is_over:
            break
        session.choose(1)
    SaveFolder(folder, story).autosave(session)
    return snippet(session.scene.text)


def cold_start(tmux: Tmux, argv: list[str | Path], env: dict[str, str], text: str) -> float:
    """Seconds from launch to `text` on screen."""
    return cold_start_cpu(tmux, argv, env, text)[0]


def cold_start_cpu(
    tmux: Tmux, argv: list[str | Path], env: dict[str, str], text: str
) -> tuple[float, float]:
    """Seconds from launch to `text` on screen, and the CPU seconds the program used so far."""
    name, started = tmux.launch(argv, env)
    seen = tmux.wait_for(name, text)
    pid = tmux.pid(name)
    cpu = cpu_seconds(pid) or 0.0
    tmux.stop(name, pid)
    return seen.at - started, cpu


def run(runs: int = 5) -> list[Result]:
    empty = scratch()
    saved = scratch()
    resume_text = make_save(saved)
    reference = ([PYTHON, REFERENCE_APP], {}, REFERENCE_FIRST_TEXT)
    title = ([TROTSKY], {"TROTSKY_SAVES": str(empty)}, TITLE_TEXT)
    resume = ([TROTSKY, "--continue"], {"TROTSKY_SAVES": str(saved)}, resume_text)
    cached = {"reference": reference, "title": title, "continue": resume}
    uncached = {"reference": reference, "title": title}
    times: dict[tuple[bool, str], list[float]] = {}
    cpu: dict[tuple[bool, str], list[float]] = {}
    for bytecode_cache, cases in ((True, cached), (False, uncached)):
        with Tmux(env=bench_env(bytecode_cache=bytecode_cache), pin=True) as tmux:
            for argv, env, text in cases.values():  # warm-up: bytecode caches, disk cache
                cold_start(tmux, argv, env, text)
            for _ in range(runs):
                for key, (argv, env, text) in cases.items():
                    wall, used = cold_start_cpu(tmux, argv, env, text)
                    times.setdefault((bytecode_cache, key), []).append(wall)
                    cpu.setdefault((bytecode_cache, key), []).append(used)
    size = f"tmux {tmux.width}x{tmux.height}, polled every ~1 ms, median of {runs}"
    rows = [  # key, bytecode cache, case, figure, notes, target ratio
        (
            "1a",
            True,
            "title",
            "cold start: `trotsky` to title screen",
            "until 'New game' shows",
            TARGET_RATIO,
        ),
        (
            "1b",
            True,
            "continue",
            "cold start: `trotsky --continue` to scene",
            f"until the saved scene's text ('{resume_text}') shows",
            TARGET_RATIO_CONTINUE,
        ),
        (
            "1c",
            False,
            "title",
            "cold start to title, no bytecode cache",
            "PYTHONDONTWRITEBYTECODE=1 as in this sandbox: the game's modules compile each start",
            TARGET_RATIO,
        ),
    ]
    results = []
    for key, bytecode_cache, case, figure, notes, target in rows:
        value = median(times[bytecode_cache, case])
        result = Result(
            key=key,
            figure=figure,
            value=value,
            unit="s",
            reference=median(times[bytecode_cache, "reference"]),
            reference_label="reference app to first text",
            target=f"ratio <= {target}",
            samples=times[bytecode_cache, case],
            reference_samples=times[bytecode_cache, "reference"],
            notes=(
                f"{notes}; {size}; CPU used by then {1000 * mean(cpu[bytecode_cache, case]):.0f}"
                f" ms vs reference {1000 * mean(cpu[bytecode_cache, 'reference']):.0f} ms"
            ),
        )
        result.ok = check(value, result.ratio, ratio_at_most=target)
        results.append(result)
    return results
