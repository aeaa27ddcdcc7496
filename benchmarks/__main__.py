"""`python -m benchmarks`: run every figure, print the table, write benchmarks/results.json.

    python -m benchmarks                 # everything, about 1 to 2 minutes on 2 cores
    python -m benchmarks --only 1 4      # figures 1 and 4
    python -m benchmarks --only 2d       # one lettered figure alone (`--only 2` runs 2 and 2d)
    python -m benchmarks --quick         # fewer repeats, for a smoke test
    python -m benchmarks --profile       # also python -m benchmarks.profile (profiles/)

Each figure is a median of several runs, next to a reference measured in the same run;
`ratio` is value / reference (figure 7 also shows value - reference, which its target
bounds); `ok` says whether the value meets its target (issue 7's targets).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import (
    bench_coldstart,
    bench_faces,
    bench_frames,
    bench_hostile,
    bench_keys,
    bench_memory,
    bench_playtest,
    bench_saves,
    bench_scale,
)
from benchmarks.common import BENCH, Result, fmt

LETTERS = "abcdefghijklmnopqrstuvwxyz"  # `--only 2` also runs "2d", `--only 2d` runs it alone
FIGURES: dict[str, tuple[str, Callable[[bool], list[Result]]]] = {
    "1": ("cold start in tmux", lambda q: bench_coldstart.run(runs=3 if q else 7)),
    "2": ("key to screen in tmux", lambda q: bench_keys.run(launches=1 if q else 8)),
    "2d": ("longest frame during an autosave", lambda q: bench_frames.run(runs=1 if q else 2)),
    "3": ("faces without Textual", lambda q: bench_faces.run(runs=3 if q else 7)),
    "4": ("scale: big stories", lambda q: bench_scale.run(repeats=1 if q else 3)),
    "5": ("playtest throughput", lambda q: bench_playtest.run(repeats=1 if q else 3)),
    "6": ("saves", lambda q: bench_saves.run(repeats=5 if q else 25)),
    "7": ("memory of the TUI", lambda q: bench_memory.run(runs=1 if q else 3)),
    "8": ("hostile input refused", lambda q: bench_hostile.run(repeats=1 if q else 3)),
}


def table(results: list[Result]) -> str:
    header = ("", "figure", "value", "reference (same run)", "ratio", "target", "ok")
    rows = [header]
    for r in results:
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "-"
        if r.show_difference and r.difference is not None:
            sign = "+" if r.difference >= 0 else "-"
            size = abs(r.difference)
            shown = f"{size / 1024:.1f} MiB" if r.unit == "KiB" else fmt(size, r.unit)
            ratio += f" ({sign}{shown})"
        ok = "ERROR" if r.error else {True: "yes", False: "NO", None: "-"}[r.ok]
        reference = fmt(r.reference, r.unit)
        if r.reference_label and r.reference is not None:
            reference = f"{reference} ({r.reference_label})"
        rows.append((r.key, r.figure, fmt(r.value, r.unit), reference, ratio, r.target, ok))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def machine() -> dict[str, object]:
    from importlib.metadata import version

    import yaml

    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "textual": version("textual"),
        "pyyaml": yaml.__version__,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "bytecode": "cached in a temp PYTHONPYCACHEPREFIX (see common.bench_env)",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", nargs="+", choices=sorted(FIGURES), metavar="N")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (smoke test)")
    parser.add_argument("--profile", action="store_true", help="also write the profiles")
    parser.add_argument("--output", type=Path, default=BENCH / "results.json")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    if load_before > 0.7 * (os.cpu_count() or 1):
        print(
            f"note: load average {load_before:.1f} on {os.cpu_count()} cores: other programs "
            "are running, wall times will be noisy (the CPU times in the notes much less so)"
        )
    started = time.perf_counter()
    results: list[Result] = []
    for number, (title, measure) in FIGURES.items():
        if args.only and number not in args.only and number.rstrip(LETTERS) not in args.only:
            continue
        print(f"[{time.perf_counter() - started:5.1f} s] figure {number}: {title}", flush=True)
        try:
            results += measure(args.quick)
        except Exception as err:  # one broken figure must not hide the others
            results.append(
                Result(
                    key=number,
                    figure=title,
                    value=None,
                    unit="",
                    error=f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=3)}",
                )
            )
    elapsed = time.perf_counter() - started
    print()
    print(table(results))
    for r in results:
        if r.error:
            print(f"\n{r.key} {r.figure}: ERROR {r.error}")
    print(f"\n{len(results)} figures in {elapsed:.0f} s; details in {args.output}")
    args.output.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "seconds": round(elapsed, 1),
                "quick": args.quick,
                "machine": machine(),
                "load_average": {"before": load_before, "after": os.getloadavg()[0]},
                "results": [r.to_json() for r in results],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    if args.profile:
        from benchmarks import profile

        profile.main([])
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
