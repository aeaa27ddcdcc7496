"""Figure 4: loading and validating big stories (1k, 5k, 10k generated scenes).

Each size is measured in a fresh interpreter (`python -m benchmarks.bench_scale DIR N`):
`game.engine.loader.load_story` (read, check, link, analyse: everything `validate` does)
and, as the reference, composing the same files with PyYAML's C loader alone, the floor
under any loader that reads YAML. Then the peak RSS of `python -m game validate` on the
10k story, against the same command on the shipped story.
"""

from __future__ import annotations

import gc
import json
import shutil
import sys
import time
from pathlib import Path

from benchmarks.common import (
    PYTHON,
    Result,
    bench_env,
    check,
    median,
    run_child,
    shipped_scenes,
)
from benchmarks.generate import generate, story_bytes

TARGET_PER_1K = 0.5  # seconds per 1,000 scenes
TARGET_LINEARITY = 1.25  # s/1k at 10k over s/1k at 1k
TARGET_RSS_KB = 512 * 1024


def measure(folder: Path, repeats: int) -> dict[str, object]:
    """In this process: load_story and compose-only times, best kept apart by gc.collect()."""
    import yaml

    from game.engine.loader import load_story

    try:
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as Loader  # type: ignore[assignment]

    loads, cpus, composes = [], [], []
    story = findings = None
    for _ in range(repeats):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        story, findings = load_story(folder)
        loads.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
        del story
        gc.collect()
        started = time.perf_counter()
        for path in sorted(folder.glob("*.yaml")):
            yaml.compose(path.read_bytes().decode("utf-8"), Loader=Loader)
        composes.append(time.perf_counter() - started)
    story, findings = load_story(folder)
    return {
        "load": loads,
        "load_cpu": cpus,
        "compose": composes,
        "scenes": len(story.scenes) if story else 0,
        "errors": len(findings.errors),
        "warnings": len(findings.warnings),
    }


def run(repeats: int = 3, sizes: tuple[int, ...] = (1_000, 5_000, 10_000)) -> list[Result]:
    started = time.perf_counter()
    stories = generate(sizes=sizes)
    generated = time.perf_counter() - started
    env = bench_env()
    results = []
    per_1k: dict[int, float] = {}
    cpu_per_1k: dict[int, float] = {}
    try:
        for count, folder in stories.items():
            child = run_child(
                [PYTHON, "-m", "benchmarks.bench_scale", folder, str(repeats)], env=env
            )
            if child.returncode != 0:
                raise RuntimeError(child.stderr.decode(errors="replace")[-800:])
            data = json.loads(child.stdout)
            value, reference = median(data["load"]), median(data["compose"])
            assert value is not None
            per_1k[count] = value / count * 1000
            cpu_per_1k[count] = (median(data["load_cpu"]) or 0) / count * 1000
            result = Result(
                key={1_000: "4a", 5_000: "4b", 10_000: "4c"}.get(count, f"4-{count}"),
                figure=f"load + validate {count:,} scenes (load_story)",
                value=value,
                unit="s",
                reference=reference,
                reference_label="PyYAML C compose of the same files",
                target=f"<= {TARGET_PER_1K} s per 1k scenes",
                samples=data["load"],
                reference_samples=data["compose"],
                notes=(
                    f"{per_1k[count]:.3f} s per 1k scenes ({cpu_per_1k[count]:.3f} s CPU); "
                    f"{story_bytes(folder) / 1e6:.1f} MB "
                    f"of YAML; {data['scenes']} scenes, {data['errors']} errors, "
                    f"{data['warnings']} warnings; median of {repeats}"
                ),
            )
            result.ok = check(per_1k[count], at_most=TARGET_PER_1K) and data["errors"] == 0
            results.append(result)
        small, big = min(per_1k), max(per_1k)
        if small != big:
            linearity = Result(
                key="4d",
                figure=f"linearity: CPU s per 1k scenes at {big:,} vs {small:,}",
                value=cpu_per_1k[big],
                unit="s",
                reference=cpu_per_1k[small],
                reference_label=f"CPU s per 1k scenes at {small:,}",
                target=f"ratio <= {TARGET_LINEARITY}",
                notes=(
                    f"CPU time (process_time), steadier than wall time on a shared machine; "
                    f"wall: {per_1k[big]:.3f} vs {per_1k[small]:.3f} s per 1k; "
                    f"stories generated in {generated:.1f} s"
                ),
            )
            linearity.ok = check(linearity.value, linearity.ratio, ratio_at_most=TARGET_LINEARITY)
            results.append(linearity)
        validate = [PYTHON, "-m", "game", "validate", "--scenes"]
        run_child([*validate, shipped_scenes()], env=env)  # warm-up
        shipped = run_child([*validate, shipped_scenes()], env=env)
        biggest = run_child([*validate, stories[big]], env=env)
        rss = Result(
            key="4e",
            figure=f"peak RSS of `python -m game validate`, {big:,} scenes",
            value=float(biggest.max_rss_kb),
            unit="KiB",
            reference=float(shipped.max_rss_kb),
            reference_label="the same on the shipped story",
            target=f"<= {TARGET_RSS_KB // 1024} MiB",
            notes=f"ru_maxrss through wait4; exit {biggest.returncode}, {biggest.seconds:.2f} s wall",
        )
        rss.ok = check(rss.value, at_most=TARGET_RSS_KB) and biggest.returncode == 0
        results.append(rss)
    finally:
        for folder in stories.values():
            shutil.rmtree(folder.parent, ignore_errors=True)
    return results


if __name__ == "__main__":  # the worker: python -m benchmarks.bench_scale DIR REPEATS
    print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]))))
