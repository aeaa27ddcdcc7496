"""Where a cold start's time goes: time stamps from inside the process, run in tmux.

    python -m benchmarks.startup_probe OUT.json trotsky [trotsky args...]
    python -m benchmarks.startup_probe OUT.json reference

With STARTUP_PROBE_PROFILE=FILE in the environment it also runs pyinstrument from the
script's first line to that first frame and writes its text report to FILE (and the
session next to it, as FILE.pyisession), so the profile holds no idle time after the frame.

With STARTUP_PROBE_TTY=1, Textual is pointed at /dev/tty instead of standard error, so
that `python -X importtime -m benchmarks.startup_probe ... 2> FILE` can keep the import
trace (written by the interpreter to file descriptor 2) apart from the screen.

It starts the game exactly as the `trotsky` script does (`game.launch.main`: the collector
paused, then `game.cli.main`), wrapping the
story load to stamp it and to hook Textual's driver, and stamps the moment Textual hands the
first frame holding the expected text to its writer thread. time.perf_counter() is
CLOCK_MONOTONIC on Linux, so these stamps compare with the launcher's own clock; the
launcher (benchmarks.profile) adds "launched" and "visible in tmux".
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before any other import: the script's own first moment
STARTED_CPU = time.process_time()  # CPU used by the interpreter's start (site, runpy)

import importlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

MARKS: list[tuple[str, float, float]] = [
    ("script running (interpreter and site ready)", STARTED, STARTED_CPU)
]
PROFILE = os.environ.get("STARTUP_PROBE_PROFILE")
PROFILER: Any = None
if PROFILE:
    from pyinstrument import Profiler

    PROFILER = Profiler(interval=0.0005)
    PROFILER.start()


def mark(name: str) -> None:
    MARKS.append((name, time.perf_counter(), time.process_time()))


def hook_first_paint(out: Path, text: str) -> None:
    """Stamp the first frame containing `text` that Textual's driver is asked to write."""
    from textual.drivers.linux_driver import LinuxDriver

    original = LinuxDriver.write
    painted = False

    def write(self: Any, data: str) -> None:
        nonlocal painted
        original(self, data)
        if not painted and text in data:
            painted = True
            mark("first frame with the text written")
            if PROFILER is not None:
                PROFILER.stop()
                assert PROFILE is not None
                Path(PROFILE).write_text(
                    PROFILER.output_text(unicode=True, color=False, show_all=False),
                    encoding="utf-8",
                )
                PROFILER.last_session.save(PROFILE + ".pyisession")
            out.write_text(json.dumps(MARKS), encoding="utf-8")

    LinuxDriver.write = write  # type: ignore[method-assign]


def probe_trotsky(out: Path, args: list[str], text: str) -> None:
    import gc

    gc.disable()  # as game.launch.main does before it imports game.cli
    import game.cli

    mark("game.cli imported (engine, yaml, argparse)")
    real_load = game.cli.load_story_or_raise

    def load(folder: Path, *rest: Any) -> Any:
        story = real_load(folder, *rest)
        mark("story loaded and validated")
        # what main() imports next (cached by the time it gets there)
        importlib.import_module("game.ui.app")
        mark("game.ui imported (Textual, screens)")
        hook_first_paint(out, text)
        return story

    game.cli.load_story_or_raise = load  # type: ignore[assignment]
    sys.argv = ["trotsky", *args]
    game.cli.main(args)


def probe_reference(out: Path, text: str) -> None:
    import runpy

    from textual.app import App  # noqa: F401  # what the reference app imports first

    mark("textual imported")
    hook_first_paint(out, text)
    here = Path(__file__).resolve().parent
    runpy.run_path(str(here / "reference_app.py"), run_name="__main__")


def main() -> None:
    if os.environ.get("STARTUP_PROBE_TTY"):
        sys.__stderr__ = sys.stderr = open("/dev/tty", "w")  # noqa: SIM115
    out = Path(sys.argv[1])
    kind = sys.argv[2]
    text = sys.argv[3]
    if kind == "reference":
        probe_reference(out, text)
    else:
        probe_trotsky(out, sys.argv[4:], text)


if __name__ == "__main__":
    main()
