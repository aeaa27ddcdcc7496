"""Figure 3: the faces that must not import Textual, their wall time and their imports.

`trotsky validate`, `trotsky playtest --runs 1`, `trotsky graph` and `trotsky --plain` with
empty standard input, each run to its end (median wall time), then once more under
`python -X importtime` to check that no `textual` module is imported and to sum the import
time. Reference: the bare interpreter (`python -c pass`), the floor of any command.
"""

from __future__ import annotations

import re

from benchmarks.common import PYTHON, TROTSKY, Result, bench_env, check, median, run_child, scratch

FACES = {
    "3a": ("trotsky validate", ["validate"]),
    "3b": ("trotsky playtest --runs 1", ["playtest", "--runs", "1"]),
    "3c": ("trotsky graph", ["graph"]),
    "3d": ("trotsky --plain < /dev/null", ["--plain"]),
}
TARGET_SECONDS = 0.15  # issue 7: start in under 150 ms
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def imports(stderr: bytes) -> list[tuple[int, int, int, str]]:
    """(self us, cumulative us, depth, module) for each line of -X importtime output."""
    rows = []
    for line in stderr.decode("utf-8", errors="replace").splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            rows.append((int(match[1]), int(match[2]), (len(match[3]) - 1) // 2, match[4]))
    return rows


def run(runs: int = 5) -> list[Result]:
    saves = scratch()
    env = bench_env(TROTSKY_SAVES=str(saves))
    floor_argv = [PYTHON, "-c", "pass"]
    run_child(floor_argv, env=env)  # warm-up
    floor: list[float] = []
    times: dict[str, list[float]] = {key: [] for key in FACES}
    for _, args in FACES.values():  # warm-up: bytecode cache
        run_child([TROTSKY, *args], env=env)
    for _ in range(runs):
        floor.append(run_child(floor_argv, env=env).seconds)
        for key, (_, args) in FACES.items():
            times[key].append(run_child([TROTSKY, *args], env=env).seconds)
    reference = median(floor)
    results = []
    for key, (label, args) in FACES.items():
        traced = run_child([PYTHON, "-X", "importtime", TROTSKY, *args], env=env)
        rows = imports(traced.stderr)
        textual = sorted({m for *_, m in rows if m == "textual" or m.startswith("textual.")})
        total_ms = sum(r[0] for r in rows) / 1000
        heaviest = sorted(
            ((c, m) for _, c, depth, m in rows if depth == 0 or m.startswith("game.")),
            reverse=True,
        )[:5]
        value = median(times[key])
        result = Result(
            key=key,
            figure=f"{label}: wall time",
            value=value,
            unit="s",
            reference=reference,
            reference_label="bare interpreter (python -c pass)",
            target=f"<= {TARGET_SECONDS * 1000:.0f} ms, no textual import",
            samples=times[key],
            reference_samples=floor,
            notes=(
                f"exit {traced.returncode}; textual imported: "
                f"{'YES: ' + ', '.join(textual[:3]) if textual else 'no'}; "
                f"imports {total_ms:.0f} ms in all, heaviest: "
                + ", ".join(f"{m} {c / 1000:.0f} ms" for c, m in heaviest)
            ),
        )
        result.ok = check(value, at_most=TARGET_SECONDS) and not textual
        if traced.returncode not in (0, 1):
            result.error = traced.stderr.decode(errors="replace")[-500:]
        results.append(result)
    return results
