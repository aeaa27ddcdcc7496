"""What every benchmark module shares: results, medians, paths, child processes."""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # the checkout
BENCH = Path(__file__).resolve().parent
PYTHON = Path(sys.executable)
BIN = PYTHON.parent
TROTSKY = BIN / "trotsky"  # the installed console script, as a player starts it
REFERENCE_APP = BENCH / "reference_app.py"
# What the reference app shows (reference_app.py says the same; it imports nothing from here
# so that it starts exactly like a standalone Textual app).
REFERENCE_FIRST_TEXT = "Reference app ready"
REFERENCE_REPLACED = "Replaced text number {}"
# Figure 2's reference for a key: a whole page and the menu swapped (reference_page_app.py).
REFERENCE_PAGE_APP = BENCH / "reference_page_app.py"
PAGE_FIRST_TEXT = "Page reference ready"
PAGE_REPLACED = "Page number {}."


def scratch(prefix: str = "saves") -> Path:
    """A new temp folder, removed when the benchmark process exits."""
    folder = Path(tempfile.mkdtemp(prefix=f"trotsky-bench-{prefix}-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def shipped_scenes() -> Path:
    """The story the game itself plays: its scenes folder, as `trotsky` finds it.

    That is the checkout's scenes/ unless TROTSKY_SCENES says otherwise, or unless another
    copy of the code comes first on PYTHONPATH (to benchmark an experiment on a copy:
    `PYTHONPATH=/tmp/copy python -m benchmarks`; children get the same PYTHONPATH).
    """
    from game import paths

    return paths.scenes_dir()


@dataclass
class Result:
    """One row of the table: a figure, the reference measured in the same run, a target."""

    key: str  # stable id, e.g. "1a"
    figure: str
    value: float | None
    unit: str
    reference: float | None = None
    reference_label: str = ""
    target: str = ""  # as printed
    ok: bool | None = None  # None: no target, or not measurable
    samples: list[float] = field(default_factory=list)
    reference_samples: list[float] = field(default_factory=list)
    notes: str = ""
    error: str | None = None
    show_difference: bool = False  # the table also gives value - reference (a target on it)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.reference:
            return None
        return self.value / self.reference

    @property
    def difference(self) -> float | None:
        if self.value is None or self.reference is None:
            return None
        return self.value - self.reference

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        data["difference"] = self.difference
        return data


def check(
    value: float | None,
    ratio: float | None = None,
    *,
    at_most: float | None = None,
    at_least: float | None = None,
    ratio_at_most: float | None = None,
) -> bool | None:
    """Whether a value meets its target (every bound given must hold)."""
    if value is None:
        return None
    ok = True
    if at_most is not None:
        ok &= value <= at_most
    if at_least is not None:
        ok &= value >= at_least
    if ratio_at_most is not None:
        ok &= ratio is not None and ratio <= ratio_at_most
    return ok


def median(samples: Sequence[float]) -> float | None:
    return statistics.median(samples) if samples else None


def timed(function: Callable[[], object], repeats: int) -> list[float]:
    """Wall times of `repeats` calls."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


PYCACHE = Path(tempfile.gettempdir()) / "trotsky-bench-pycache"
# Children start here, not in the checkout, so that `python -m` finds the code through
# PYTHONPATH (where a copy under test may come first) rather than through the working folder.
NEUTRAL_CWD = Path(tempfile.gettempdir()) / "trotsky-bench-cwd"
NEUTRAL_CWD.mkdir(exist_ok=True)


def bench_env(*, bytecode_cache: bool = True, **extra: str) -> dict[str, str]:
    """The environment for child processes: this one, with the checkout importable.

    By default Python may cache bytecode, as on a player's machine, but in PYCACHE (a temp
    folder) so that nothing is written into the checkout; the first, unmeasured run of each
    command fills it. `bytecode_cache=False` is this sandbox's own setting
    (PYTHONDONTWRITEBYTECODE=1): the game's modules are compiled again at every start.
    """
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    given = env.get("PYTHONPATH")  # first, so that a copy of the code can be measured
    env["PYTHONPATH"] = (given + os.pathsep if given else "") + str(ROOT)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    env.update(extra)
    return env


@dataclass
class Run:
    seconds: float
    returncode: int
    max_rss_kb: int  # the child's own peak resident set size (ru_maxrss through wait4)
    stdout: bytes
    stderr: bytes


def run_child(
    argv: Sequence[str | Path],
    *,
    env: dict[str, str] | None = None,
    stdin: bytes = b"",
    cwd: Path | None = None,
) -> Run:
    """Run a command to its end: wall time, exit code, output and its own peak RSS."""
    with (
        tempfile.TemporaryFile() as given,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        given.write(stdin)
        given.seek(0)
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(a) for a in argv],
            stdin=given,
            stdout=out,
            stderr=err,
            env=env or bench_env(),
            cwd=cwd or NEUTRAL_CWD,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, process.returncode, int(usage.ru_maxrss), out.read(), err.read())


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "KiB":
        return f"{value / 1024:.1f} MiB" if value >= 10 * 1024 else f"{value:.0f} KiB"
    if unit == "B":  # in bytes, so that a size compares honestly with a target in bytes
        return f"{value:,.0f} B"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "bool":
        return "yes" if value else "no"
    return f"{value:.3g} {unit}".strip()
