"""Helper process of test_fuzz.py: load one story folder in a fresh process and report, as one
line of JSON, how long it took, the process's peak memory and the findings. A fresh process
measures the real peak (C allocations of libyaml included) and survives nothing worse than
itself if the loader crashes.

    python load_probe.py STORY_FOLDER [--no-trace]

tracemalloc (the peak of Python allocations) slows the loader several times over; --no-trace
leaves it off to time a big input fairly.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from game.engine.loader import load_story  # noqa: E402


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM is per process image; ru_maxrss is not
    used first because Linux carries it over exec() from the forking parent (pytest)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    folder = Path(sys.argv[1])
    before = peak_rss_mb()
    trace = "--no-trace" not in sys.argv[2:]
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        story, findings = load_story(folder)
        raised = None
    except BaseException as err:  # reported, not hidden: the test fails on it
        story, findings, raised = None, None, f"{type(err).__name__}: {err}"[:500]
    elapsed = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    peak = peak_rss_mb()
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 3),
                "peak_mb": round(peak, 1),
                "baseline_mb": round(before, 1),
                "traced_peak_mb": round(traced_peak / 2**20, 1),
                "loaded": story is not None,
                "raised": raised,
                "error_count": len(findings.errors) if findings else 0,
                "errors": [str(f) for f in findings.errors[:50]] if findings else [],
                "codes": [f.code for f in findings.errors[:50]] if findings else [],
            }
        )
    )


if __name__ == "__main__":
    main()
