"""Figure 5: random playthroughs per second on the shipped story.

`game.tools.playtest.playtest(story, 20000, 1)`, wall time of the whole call (the walker's
compile step included). Reference: the floor of any such walk on the same story graph: per
run the same seeded `random.Random`, a uniform pick among a scene's choices, no conditions,
no effects, no bookkeeping; it stops at the same endings.
"""

from __future__ import annotations

import random
import time

from benchmarks.common import Result, check, median, shipped_scenes

RUNS = 20_000
TARGET_PER_SECOND = 20_000


def floor_walks(story: object, runs: int, seed: int = 1) -> None:
    """The cheapest random walk over the same graph (see the module docstring)."""
    from game.engine.model import Story

    assert isinstance(story, Story)
    successors: dict[str, list[str]] = {}
    endings = set()
    for scene in story.scenes.values():
        targets = [c.goto for c in scene.choices]
        if scene.chapter_end:
            following = story.next_chapter(scene.chapter)
            targets = [following.start] if following else []
        if not targets:
            endings.add(scene.id)
        successors[scene.id] = targets
    for run in range(runs):
        rng = random.Random(seed * 1_000_003 + run)
        scene = story.start
        for _ in range(5_000):
            if scene in endings:
                break
            targets = successors[scene]
            scene = targets[rng.randrange(len(targets))] if len(targets) > 1 else targets[0]


def run(repeats: int = 3) -> list[Result]:
    from game.engine.loader import load_story_or_raise
    from game.tools.playtest import playtest

    story = load_story_or_raise(shipped_scenes())
    game_times, floor_times = [], []
    report = None
    for _ in range(repeats):
        started = time.perf_counter()
        report = playtest(story, RUNS, 1)
        game_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        floor_walks(story, RUNS)
        floor_times.append(time.perf_counter() - started)
    seconds, floor = median(game_times), median(floor_times)
    assert seconds and floor and report is not None
    rate = RUNS / seconds
    result = Result(
        key="5",
        figure=f"playtest throughput ({RUNS:,} runs, shipped story)",
        value=rate,
        unit="/s",
        reference=RUNS / floor,
        reference_label="bare random walk of the same graph",
        target=f">= {TARGET_PER_SECOND:,}/s",
        samples=[RUNS / t for t in game_times],
        reference_samples=[RUNS / t for t in floor_times],
        notes=(
            f"{seconds:.2f} s per {RUNS:,} runs, median of {repeats}; "
            f"{len(report.scenes_seen)}/{report.scenes_total} scenes reached, "
            f"{len(report.errors)} errors"
        ),
    )
    result.ok = check(rate, at_least=TARGET_PER_SECOND)
    return [result]
