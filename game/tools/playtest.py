"""`trotsky playtest`: many random playthroughs, with coverage, endings and any dead end."""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from game.engine.findings import plural
from game.engine.model import Story
from game.engine.walker import Graph, Walk


def run_rng(seed: int, run: int) -> random.Random:
    """Each run has its own generator, so any one run can be replayed alone."""
    return random.Random(seed * 1_000_003 + run)


@dataclass
class Report:
    runs: int
    seed: int
    seconds: float = 0.0
    scenes_total: int = 0
    choices_total: int = 0
    scenes_seen: set[str] = field(default_factory=set)
    choices_seen: set[tuple[str, int]] = field(default_factory=set)
    endings: Counter[str] = field(default_factory=Counter)
    longest: tuple[int, int] = (0, -1)  # (choices, run)
    shortest: tuple[int, int] = (1 << 30, -1)
    errors: list[tuple[int, str, list[tuple[str, int]]]] = field(default_factory=list)

    @property
    def never_reached(self) -> list[str]:
        return sorted(self._all_scenes - self.scenes_seen)

    _all_scenes: set[str] = field(default_factory=set)

    def to_json(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "seed": self.seed,
            "seconds": round(self.seconds, 3),
            "runs_per_second": round(self.runs / self.seconds) if self.seconds else None,
            "scene_coverage": {"seen": len(self.scenes_seen), "total": self.scenes_total},
            "choice_coverage": {"seen": len(self.choices_seen), "total": self.choices_total},
            "never_reached": self.never_reached,
            "endings": dict(self.endings.most_common()),
            "longest": {"choices": self.longest[0], "run": self.longest[1]},
            "shortest": {"choices": self.shortest[0], "run": self.shortest[1]},
            "errors": [
                {"run": run, "error": error, "path": [f"{s}#{i}" for s, i in path]}
                for run, error, path in self.errors
            ],
        }


def playtest(story: Story, runs: int, seed: int) -> Report:
    graph = Graph(story)
    report = Report(runs=runs, seed=seed)
    report._all_scenes = set(story.scenes)
    report.scenes_total = len(story.scenes)
    report.choices_total = sum(len(s.choices) for s in story.scenes.values())
    started = time.perf_counter()
    for run in range(runs):
        walk = graph.walk(run_rng(seed, run))
        _record(report, run, walk)
    report.seconds = time.perf_counter() - started
    return report


def _record(report: Report, run: int, walk: Walk) -> None:
    report.scenes_seen.update(scene for scene, _ in walk.path)
    report.scenes_seen.add(walk.end)
    report.choices_seen.update(pair for pair in walk.path if pair[1] >= 0)
    length = sum(1 for _, index in walk.path if index >= 0)
    if length > report.longest[0]:
        report.longest = (length, run)
    if length < report.shortest[0]:
        report.shortest = (length, run)
    if walk.error:
        report.errors.append((run, walk.error, walk.path))
    else:
        report.endings[walk.end] += 1


def replay(story: Story, seed: int, run: int) -> list[str]:
    """The lines describing one run, choice by choice."""
    walk = Graph(story).walk(run_rng(seed, run))
    lines = []
    for scene_id, index in walk.path:
        scene = story.scenes[scene_id]
        text = "continue to the next chapter" if index < 0 else scene.choices[index].text
        lines.append(f"{scene_id}: {index + 1 if index >= 0 else '-'}. {text}")
    lines.append(f"-> {walk.end}" + (f"  ERROR: {walk.error}" if walk.error else ""))
    return lines


def render(report: Report, story: Story) -> list[str]:
    def share(part: int, whole: int) -> str:
        return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"

    rate = report.runs / report.seconds if report.seconds else 0
    lines = [
        f"{report.runs} playthroughs (seed {report.seed}) in {report.seconds:.2f} s: {rate:,.0f} per second",
        f"scenes reached:  {share(len(report.scenes_seen), report.scenes_total)}",
        f"choices taken:   {share(len(report.choices_seen), report.choices_total)}",
        f"longest:  {plural(report.longest[0], 'choice')} (run {report.longest[1]})",
        f"shortest: {plural(report.shortest[0], 'choice')} (run {report.shortest[1]})",
        "endings:",
    ]
    for ending, count in report.endings.most_common():
        kind = story.scenes[ending].ending or "end of the chapters so far"
        lines.append(f"  {count:>7}  {ending} ({kind})")
    if report.never_reached:
        lines.append("never reached: " + ", ".join(report.never_reached))
    for run, error, _path in report.errors[:20]:
        lines.append(f"ERROR in run {run}: {error}")
        lines.append(f"  replay it: trotsky playtest --seed {report.seed} --replay {run}")
    if len(report.errors) > 20:
        lines.append(f"... and {len(report.errors) - 20} more errors")
    return lines
