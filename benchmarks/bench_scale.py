"""Figure 4: loading and validating big stories (1k, 5k, 10k generated scenes).

Each size is measured in a fresh interpreter (`python -m benchmarks.bench_scale DIR N`):
`game.engine.loader.load_story` (read, check, link, analyse: everything `validate` does)
and, as the reference, composing the same files with PyYAML's C loader alone, the floor
under any loader that reads YAML. Issue 7's target is on 5,000 scenes (4b: under 1 s);
1k and 10k are points of the curve, and 4d checks that it is a line. Then the peak RSS of
`python -m game validate` on the 10k story, against the same command on the shipped story.

4f is the load of the 5k story through the parsed-story cache, as the game starts
(`game.engine.storecache.load_story_or_raise(folder, paths.cache_dir())`, TROTSKY_CACHE
pointing into a scratch folder), in a fresh interpreter
(`python -m benchmarks.bench_scale DIR N cache`): the first call fills the cache, the next
ones are timed. Its reference is reading the cache file alone (`json.loads` of its bytes),
the floor under any cache kept as JSON; the notes compare it with the cold load (4b).
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
    scratch,
    shipped_scenes,
)
from benchmarks.generate import generate, story_bytes

TARGET_SCENES = 5_000  # issue 7: load + full validation of 5,000 scenes ...
TARGET_SECONDS = 1.0  # ... under 1 s cold
TARGET_CACHED_SECONDS = 0.15  # ... and under 0.15 s from the cache
TARGET_LINEARITY = 1.25  # s/1k at 10k over s/1k at 1k
TARGET_RSS_BYTES = 150_000_000  # issue 7: `validate` on 10,000 scenes under 150 MB
KEYS = {1_000: "4a", 5_000: "4b", 10_000: "4c"}


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


def measure_cached(folder: Path, repeats: int) -> dict[str, object]:
    """In this process: loads through the story cache the game uses (TROTSKY_CACHE)."""
    from game import paths
    from game.engine.storecache import load_story_or_raise

    cache = paths.cache_dir()
    if cache is None:
        raise SystemExit("TROTSKY_CACHE is not set to a folder")
    gc.collect()
    started = time.perf_counter()
    story = load_story_or_raise(folder, cache)  # a miss: the full load, then the cache write
    fill = time.perf_counter() - started
    scenes = len(story.scenes)
    del story
    files = sorted(cache.glob("*.json"))
    if not files:
        raise SystemExit(f"the first load wrote no cache file into {cache}")
    loads, cpus, reads = [], [], []
    for _ in range(repeats):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        story = load_story_or_raise(folder, cache)
        loads.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
        del story
        gc.collect()
        started = time.perf_counter()
        json.loads(files[0].read_bytes())
        reads.append(time.perf_counter() - started)
    return {
        "fill": fill,
        "load": loads,
        "load_cpu": cpus,
        "read": reads,
        "scenes": scenes,
        "cache_bytes": sum(f.stat().st_size for f in files),
    }


def run(repeats: int = 3, sizes: tuple[int, ...] = (1_000, 5_000, 10_000)) -> list[Result]:
    started = time.perf_counter()
    stories = generate(sizes=sizes)
    generated = time.perf_counter() - started
    env = bench_env()
    results = []
    per_1k: dict[int, float] = {}
    cpu_per_1k: dict[int, float] = {}
    loads: dict[int, float] = {}
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
            loads[count] = value
            per_1k[count] = value / count * 1000
            cpu_per_1k[count] = (median(data["load_cpu"]) or 0) / count * 1000
            clean = data["errors"] == 0
            result = Result(
                key=KEYS.get(count, f"4-{count}"),
                figure=f"load + validate {count:,} scenes (load_story), cold",
                value=value,
                unit="s",
                reference=reference,
                reference_label="PyYAML C compose of the same files",
                samples=data["load"],
                reference_samples=data["compose"],
                notes=(
                    f"{per_1k[count]:.3f} s per 1k scenes ({cpu_per_1k[count]:.3f} s CPU); "
                    f"{story_bytes(folder) / 1e6:.1f} MB "
                    f"of YAML; {data['scenes']} scenes, {data['errors']} errors, "
                    f"{data['warnings']} warnings; median of {repeats}"
                ),
            )
            if count == TARGET_SCENES:
                result.target = f"<= {TARGET_SECONDS:g} s"
                result.ok = check(value, at_most=TARGET_SECONDS) and clean
            else:  # a point of the curve (4d judges its shape); only errors fail it
                result.target = "curve point (4d)"
                result.ok = None if clean else False
            results.append(result)
        small, big = min(per_1k), max(per_1k)
        if small != big:
            curve = ", ".join(
                f"{count:,}: {per_1k[count]:.3f} s ({cpu_per_1k[count]:.3f} s CPU)"
                for count in sorted(per_1k)
            )
            linearity = Result(
                key="4d",
                figure=f"linearity: CPU s per 1k scenes at {big:,} vs {small:,}",
                value=cpu_per_1k[big],
                unit="s",
                reference=cpu_per_1k[small],
                reference_label=f"CPU s per 1k scenes at {small:,}",
                target=f"ratio <= {TARGET_LINEARITY}",
                notes=(
                    f"the curve, s per 1k scenes (wall, CPU): {curve}; CPU time "
                    f"(process_time) is steadier than wall time on a shared machine; "
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
            target=f"<= {TARGET_RSS_BYTES / 1e6:.0f} MB ({TARGET_RSS_BYTES / 2**20:.0f} MiB)",
            notes=(
                f"{biggest.max_rss_kb * 1024 / 1e6:.1f} MB (1 MB = 10^6 bytes); ru_maxrss "
                f"through wait4; exit {biggest.returncode}, {biggest.seconds:.2f} s wall"
            ),
        )
        rss.ok = check(rss.value * 1024, at_most=TARGET_RSS_BYTES) and biggest.returncode == 0
        results.append(rss)
        if TARGET_SCENES in stories:
            results.append(cached(stories[TARGET_SCENES], repeats, loads.get(TARGET_SCENES)))
    finally:
        for folder in stories.values():
            shutil.rmtree(folder.parent, ignore_errors=True)
    return results


def cached(folder: Path, repeats: int, cold: float | None) -> Result:
    """4f: the same story through the parsed-story cache, in a fresh interpreter."""
    cache = scratch("cache")
    child = run_child(
        [PYTHON, "-m", "benchmarks.bench_scale", folder, str(max(repeats, 5)), "cache"],
        env=bench_env(TROTSKY_CACHE=str(cache)),
    )
    if child.returncode != 0:
        raise RuntimeError(child.stderr.decode(errors="replace")[-800:])
    data = json.loads(child.stdout)
    value = median(data["load"])
    assert value is not None
    faster = f"{cold / value:.1f}x faster than the cold load (4b, {cold:.2f} s); " if cold else ""
    result = Result(
        key="4f",
        figure=f"load {data['scenes']:,} scenes from the parsed-story cache",
        value=value,
        unit="s",
        reference=median(data["read"]),
        reference_label="json.loads of the cache file alone",
        target=f"<= {TARGET_CACHED_SECONDS:g} s",
        samples=data["load"],
        reference_samples=data["read"],
        notes=(
            f"storecache.load_story_or_raise(folder, paths.cache_dir()), TROTSKY_CACHE in a "
            f"scratch folder; warm calls after one that filled it ({data['fill']:.2f} s); "
            f"{(median(data['load_cpu']) or 0):.3f} s CPU; cache file "
            f"{data['cache_bytes'] / 1e6:.1f} MB; {faster}median of {len(data['load'])}"
        ),
    )
    result.ok = check(value, at_most=TARGET_CACHED_SECONDS)
    return result


if __name__ == "__main__":  # the worker: python -m benchmarks.bench_scale DIR REPEATS [cache]
    worker = measure_cached if sys.argv[3:] == ["cache"] else measure
    print(json.dumps(worker(Path(sys.argv[1]), int(sys.argv[2]))))
