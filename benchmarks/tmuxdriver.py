"""Driving terminal programs in tmux: launch, type, and poll the screen every ~0.5 ms.

Every benchmark run gets its own tmux server (`-L trotsky-bench-PID`, no user config), so a
person's own tmux is never touched; `close()` ends that server and only it.

The screen is read and keys are typed through one control-mode client (`tmux -C`,
attached to the holder session), which answers a command in ~0.03 ms without starting a
process. A `tmux capture-pane` process per read took ~1.7 ms and allowed a read every ~5 ms, so
a key's ~9 ms fell into buckets 5 ms apart: the one-line and page references, the note and
the next scene all read 8.4 ms on a quiet machine, and one late sample moved a median by
half. A `tmux send-keys` process likewise put ~1.7 ms of its own start between the time a
key was stamped and the key reaching the program, in the game's figure and the reference's
alike, which pulled every ratio towards 1. If the control client cannot start, each read and
key falls back to a process of its own.

The first read after a key comes at a random point of the poll period (dither). With reads on
a fixed 1 ms grid starting at the key, every reading was rounded up to that grid: on a quiet
machine the page reference and the game's keys fell into two clusters, 4.6 and 5.6 ms, and a
median of 12-16 of them flipped from one to the other between runs (2a read 1.00, 1.08, 1.14
and 1.22 in four runs of the same code).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import random
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from benchmarks.common import NEUTRAL_CWD, bench_env

POLL_SECONDS = 0.0005
WIDTH, HEIGHT = 120, 40


_servers = itertools.count(1)


class ScreenTimeout(RuntimeError):
    pass


@dataclass
class Seen:
    """When a text became visible: the midpoint of the capture that first showed it."""

    at: float
    screen: str
    polls: int


class Tmux:
    def __init__(
        self,
        width: int = WIDTH,
        height: int = HEIGHT,
        env: Mapping[str, str] | None = None,
        pin: bool = False,
    ) -> None:
        self.socket = f"trotsky-bench-{os.getpid()}-{next(_servers)}"
        self.env = dict(env) if env is not None else bench_env()
        self.width, self.height = width, height
        self._count = 0
        # pin: this driver and the tmux server on the first core, the programs on the last
        # (see `pinned`); without it the scheduler places them as it likes.
        self._restore: set[int] | None = None
        self._core: int | None = None
        cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        if pin and len(cores) >= 2 and shutil.which("taskset"):
            self._restore = set(cores)
            os.sched_setaffinity(0, {cores[0]})
            self._core = cores[-1]
        # A holder session keeps the server up between runs, so no run pays its start.
        self._tmux("new-session", "-d", "-s", "hold", "-x", str(width), "-y", str(height), "cat")
        self._control = Control(self._argv("-C", "attach-session", "-t", "hold"), self.env)

    def _argv(self, *args: str) -> list[str]:
        return ["tmux", "-L", self.socket, "-f", "/dev/null", *args]

    def _tmux(self, *args: str, capture: bool = False) -> str:
        done = subprocess.run(
            self._argv(*args),
            capture_output=True,
            check=False,
            env=self.env,
        )
        if done.returncode != 0 and not capture:
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.decode(errors='replace')}")
        return done.stdout.decode("utf-8", errors="replace")

    def launch(
        self,
        argv: Sequence[str | Path],
        env: Mapping[str, str] | None = None,
        stderr: Path | None = None,
    ) -> tuple[str, float]:
        """Start a command in a new session; returns its name and the time just before."""
        self._count += 1
        name = f"run{self._count}"
        if self._core is not None:
            argv = ["taskset", "-c", str(self._core), *argv]
        command = "exec " + " ".join(shlex.quote(str(a)) for a in argv)
        if stderr is not None:
            command += " 2> " + shlex.quote(str(stderr))
        extra = [item for key, value in (env or {}).items() for item in ("-e", f"{key}={value}")]
        size = ["-x", str(self.width), "-y", str(self.height)]
        started = time.perf_counter()
        where = ["-c", str(NEUTRAL_CWD)]
        self._tmux("new-session", "-d", "-s", name, *where, *size, *extra, command)
        return name, started

    def capture(self, name: str) -> str:
        answer = self._control.command(f"capture-pane -p -t {shlex.quote(name)}")
        if answer is not None:
            return answer
        return self._tmux("capture-pane", "-p", "-t", name, capture=True)

    def pid(self, name: str) -> int:
        return int(self._tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def send(self, name: str, *keys: str) -> float:
        """Type keys (tmux key names: `1`, `Enter`, `n`); returns the time just before."""
        started = time.perf_counter()
        line = " ".join(shlex.quote(word) for word in ("send-keys", "-t", name, *keys))
        if self._control.command(line) is None:
            self._tmux("send-keys", "-t", name, *keys)
        return started

    def wait_for(
        self,
        name: str,
        shown: Callable[[str], bool] | str,
        timeout: float = 20.0,
    ) -> Seen:
        """Poll the pane every POLL_SECONDS until `shown(screen)` (or the text) is there; the
        first read after a random part of a period, so that readings are not rounded to a
        grid that starts at the key (see the module's notes)."""
        test = (lambda screen: shown in screen) if isinstance(shown, str) else shown
        deadline = time.perf_counter() + timeout
        polls = 0
        screen = ""
        time.sleep(random.uniform(0, POLL_SECONDS))
        while True:
            before = time.perf_counter()
            screen = self.capture(name)
            after = time.perf_counter()
            polls += 1
            if test(screen):
                return Seen((before + after) / 2, screen, polls)
            if after > deadline:
                raise ScreenTimeout(f"not seen within {timeout} s; the screen was:\n{screen}")
            pause = POLL_SECONDS - (time.perf_counter() - before)
            if pause > 0:
                time.sleep(pause)

    def stop(self, name: str, pid: int | None = None) -> None:
        """End one run's session and wait until its program has exited."""
        pid = pid if pid is not None else self._pid_or_none(name)
        self._tmux("kill-session", "-t", name, capture=True)
        if pid is None:
            return
        deadline = time.perf_counter() + 5
        while _alive(pid):
            if time.perf_counter() > deadline:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)  # the program this run started, by its id
                break
            time.sleep(0.01)

    def _pid_or_none(self, name: str) -> int | None:
        try:
            return self.pid(name)
        except (RuntimeError, ValueError):
            return None

    def close(self) -> None:
        self._control.close()
        self._tmux("kill-server", capture=True)
        if self._restore is not None:
            os.sched_setaffinity(0, self._restore)
        base = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        with contextlib.suppress(OSError):
            (base / self.socket).unlink()  # the socket file a stopped server leaves

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class Control:
    """One `tmux -C` client: a command line in, its `%begin` ... `%end` block out.

    Blocks come back in the order the commands were sent; tmux's notifications (lines
    starting with `%` outside a block) are skipped. `command` returns None on an error
    answer, when the client is gone, or when TIMEOUT passes between lines without an
    answer; the caller then runs the command as a process of its own.
    """

    TIMEOUT = 5.0

    def __init__(self, argv: Sequence[str], env: Mapping[str, str]) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        try:
            self._process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=dict(env),
            )
        except OSError:
            return
        if self.command("display-message -p control-ready") != "control-ready\n":
            self.close()

    def command(self, line: str) -> str | None:
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            return None
        try:
            process.stdin.write(line.encode("utf-8") + b"\n")
            process.stdin.flush()
            return self._block(process.stdout)
        except (OSError, ValueError):
            self._process = None
            return None

    def _block(self, stdout: IO[bytes]) -> str | None:
        """The next answer to one of our commands, or None on an error or a closed pipe.

        A block whose `%begin` flags are not 1 did not come from a command of ours (tmux
        answers the attach itself with one, at a moment of its choosing): taken for an
        answer, it would make every later answer the one to the command before."""
        deadline = time.perf_counter() + self.TIMEOUT
        lines: list[bytes] | None = None
        ours = False
        while time.perf_counter() < deadline:
            raw = stdout.readline()
            if not raw:
                self._process = None
                return None
            if lines is None:
                if raw.startswith(b"%begin "):
                    lines, ours = [], raw.split()[-1:] == [b"1"]
                continue  # a notification between blocks
            if raw.startswith((b"%end ", b"%error ")):
                if not ours:
                    lines = None
                    continue
                if raw.startswith(b"%error "):
                    return None
                return b"".join(lines).decode("utf-8", errors="replace")
            lines.append(raw)
        return None

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError, ValueError):
            if process.stdin is not None:
                process.stdin.close()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ")[-1][:1] not in ("Z", "X")
    except OSError:
        return False


def status_kb(pid: int, field: str) -> int | None:
    """A `kB` line of /proc/PID/status, e.g. VmHWM (peak RSS) or VmRSS."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """CPU time a process has run so far, all its threads, from /proc/PID/task/*/schedstat.

    Unlike wall time, it hardly moves when other programs share the cores, so A/B
    comparisons on a busy machine read it next to the wall time.
    """
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int((task / "schedstat").read_text().split()[0])
    except OSError:
        return None
    return total / 1e9


def snippet(text: str, length: int = 24) -> str:
    """The first words of a text, as they appear on one screen line."""
    words = " ".join(text.split()).split(" ")
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > length and out:
            break
        out = f"{out} {word}" if out else word
    return out
