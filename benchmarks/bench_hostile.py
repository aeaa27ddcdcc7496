"""Figure 8: how fast hostile input is refused (the robustness tests check that it is refused;
the speed is a figure here, not a timed assert in a test).

8a: the slowest of the classic hostile story files (a "billion laughs" of aliases, 50 MB,
flow nesting 10,000 deep, block nesting 100,000 deep, half a million values), each put in
place of the first chapter of a copy of the shipped story and loaded by `load_story` in a
fresh interpreter (in-process time of the call). Reference: the same load of the untouched
copy. 8b: the slowest hostile condition text (deep brackets, long chains, 10,000 characters)
through `conditions.parse`, then `check` and `evaluate` if it parses. Reference: a plain condition.

    python -m benchmarks.bench_hostile
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from benchmarks.common import PYTHON, Result, check, median, run_child, scratch, shipped_scenes

TARGET_FILE_SECONDS = 2.0
TARGET_CONDITION_SECONDS = 1.0

LAUGHS = b"""chapter: one
scenes:
  - id: hut
    place: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    title: *f
    text: *f
"""
FILLER = b"  - id: filler\n    text: " + b"x" * 1000 + b"\n"
ATTACKS = {
    "billion laughs": LAUGHS,
    "50 MB": b"chapter: one\nscenes:\n" + FILLER * (50 * 2**20 // len(FILLER) + 1),
    "flow nesting 10,000": b"chapter: one\nscenes: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    "block nesting 100,000": b"chapter: one\nscenes:\n" + b"- " * 100_000 + b"x\n",
    "500,000 values": b"chapter: one\nscenes: [" + b"a," * 2**19 + b"a]\n",
}
CONDITIONS = [
    "x" * 10_000,
    "(" * 10_000,
    "(" * 200 + "escaped" + ")" * 200,
    "not " * 120 + "escaped",
    "not (" * 90 + "escaped" + ")" * 90,
    " and ".join(["escaped"] * 60),
    " or ".join(["escaped"] * 80),
    "9" * 400 + " > 1",
    "courage ** 999999",
]
PLAIN_CONDITION = "courage >= 1 and escaped"

CHILD = """
import json, sys, time
from pathlib import Path
from game.engine.loader import load_story
started = time.perf_counter()
story, findings = load_story(Path(sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - started, "loaded": story is not None}))
"""


def story_with(first_chapter: bytes | None) -> Path:
    """A copy of the shipped story, its first chapter file replaced by `first_chapter`."""
    import yaml

    folder = scratch("hostile") / "story"
    shutil.copytree(shipped_scenes(), folder)
    if first_chapter is not None:
        manifest = yaml.safe_load((folder / "story.yaml").read_text(encoding="utf-8"))
        (folder / manifest["chapters"][0]["file"]).write_bytes(first_chapter)
    return folder


def load_seconds(folder: Path) -> tuple[float, bool]:
    run = run_child([PYTHON, "-c", CHILD, folder])
    if run.returncode != 0:
        raise RuntimeError(run.stderr.decode(errors="replace")[-2000:])
    report = json.loads(run.stdout.decode().strip().splitlines()[-1])
    return float(report["seconds"]), bool(report["loaded"])


def condition_seconds(text: str) -> float:
    from game.engine import conditions

    kinds = {"courage": "counter", "escaped": "flag"}
    started = time.perf_counter()
    try:
        expr = conditions.parse(text)
    except conditions.ConditionError:
        return time.perf_counter() - started  # refused: done
    if not conditions.check(expr, kinds, {"hut"}):
        conditions.evaluate(expr, {"courage": 1, "escaped": True}, {"hut"})
    return time.perf_counter() - started


def run(repeats: int = 3) -> list[Result]:
    files: dict[str, list[float]] = {}
    for name, content in ATTACKS.items():
        folder = story_with(content)
        seconds = []
        for _ in range(repeats):
            took, loaded = load_seconds(folder)
            if loaded:
                raise RuntimeError(f"the {name} story file was accepted")
            seconds.append(took)
        files[name] = seconds
    plain_folder = story_with(None)
    plain = [load_seconds(plain_folder)[0] for _ in range(repeats)]
    worst_file = max(files, key=lambda name: median(files[name]) or 0)
    file_value = median(files[worst_file])

    texts = {text: [condition_seconds(text) for _ in range(repeats)] for text in CONDITIONS}
    worst_text = max(texts, key=lambda text: median(texts[text]) or 0)
    condition_value = median(texts[worst_text])
    plain_condition = [condition_seconds(PLAIN_CONDITION) for _ in range(repeats)]

    results = [
        Result(
            key="8a",
            figure="slowest refusal of a hostile story file (in-process load_story)",
            value=file_value,
            unit="s",
            reference=median(plain),
            reference_label="load of the untouched story",
            target=f"<= {TARGET_FILE_SECONDS:g} s",
            samples=files[worst_file],
            reference_samples=plain,
            notes="; ".join(f"{name}: {median(s) or 0:.3f} s" for name, s in files.items()),
        ),
        Result(
            key="8b",
            figure="slowest hostile condition (parse, check, evaluate)",
            value=condition_value,
            unit="s",
            reference=median(plain_condition),
            reference_label=PLAIN_CONDITION,
            target=f"<= {TARGET_CONDITION_SECONDS:g} s",
            samples=texts[worst_text],
            reference_samples=plain_condition,
            notes=f"slowest: {worst_text[:40]!r}... ({len(worst_text)} characters)",
        ),
    ]
    results[0].ok = check(file_value, at_most=TARGET_FILE_SECONDS)
    results[1].ok = check(condition_value, at_most=TARGET_CONDITION_SECONDS)
    return results


if __name__ == "__main__":
    from benchmarks.common import fmt

    for result in run(repeats=1 if "--quick" in sys.argv else 3):
        print(
            f"{result.key} {result.figure}: {fmt(result.value, result.unit)} (target "
            f"{result.target}; reference {fmt(result.reference, result.unit)}) {result.notes}"
        )
