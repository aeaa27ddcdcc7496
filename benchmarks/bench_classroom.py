"""Load: N simulated students on one `trotsky serve`, over textual-serve's websocket protocol.

    python -m benchmarks.bench_classroom --players 30 --seconds 120    # issue 13's run
    python -m benchmarks.bench_classroom --players 10 --seconds 20     # a quick look

Not part of `python -m benchmarks` (one run takes minutes). Each player joins at a random
moment within --join seconds, logs in (new name, PIN), starts a new game, then presses a
key every 2-5 s: choice 1, Space to close its note, `u` (undo) at an ending. A copy of the
game's Session follows each player's keys, so the expected autosave is known; after the
server is stopped with SIGINT (Ctrl+C), a save that is missing, unreadable or behind the
player's last choice counts as lost.

Figures: key-to-screen-update latency (a key sent to the first frame back) p50/p95/max over
keys sent once every player has joined; peak RSS and PSS of the server and its games
(/proc, Linux); their CPU time; the load average before and after (the box may be shared).
Targets (issue 13): p95 < 100 ms at 30 players, RSS < 2.5 GiB, 0 lost saves.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.serve_client import Player, running_server
from game.engine.errors import GameError
from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session

ROOT = Path(__file__).resolve().parent.parent
QUIET = 0.2  # before a key: no frame for this long, so the first frame after it is its own
SETTLE = 2.0  # after the last key: no frame for this long before the server is stopped
FRAME_WAIT = 5.0
JOIN_WAIT = 300.0  # a game starting on a crowded machine may take long: measured, not failed  # a key with no frame back within this long counts as unanswered
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Student:
    name: str
    session: Session
    note_open: bool = False
    joined_at: float = 0.0
    login_seconds: float = 0.0
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (sent at, seconds)
    unanswered: int = 0
    error: str = ""


async def quiet(player: Player, seconds: float, ceiling: float = 30) -> None:
    """Until no frame has arrived for `seconds` (at most `ceiling` seconds)."""
    deadline = time.monotonic() + ceiling
    while time.monotonic() < deadline:
        last = player.frames[-1] if player.frames else 0.0
        if time.monotonic() - last >= seconds:
            return
        await asyncio.sleep(0.02)


def next_key(student: Student) -> str:
    """The key a student presses next, and the same step on the mirror session."""
    session = student.session
    if student.note_open:
        student.note_open = False
        return " "
    if session.is_over and session.can_rewind:
        session.rewind()
        return "u"
    step = session.choose(1)
    student.note_open = step.note is not None
    return "1"


async def play(
    student: Student, url: str, story: Story, start_in: float, until: float, rng: random.Random
) -> None:
    await asyncio.sleep(start_in)
    async with aiohttp.ClientSession() as http:
        player = Player(http, url)
        try:
            began = time.monotonic()
            await player.connect()
            await player.login(student.name, "2468", new=True, timeout=JOIN_WAIT)
            await player.wait_for("New game", timeout=JOIN_WAIT)
            await player.send("n")
            await player.wait_for("Chapter 1", timeout=JOIN_WAIT)
            student.joined_at = time.monotonic()
            student.login_seconds = student.joined_at - began
            while time.monotonic() + 2 < until:
                await asyncio.sleep(rng.uniform(2, 5))
                await quiet(player, QUIET)  # the last update has fully arrived
                frames = len(player.frames)
                sent = await player.send(next_key(student))
                deadline = sent + FRAME_WAIT
                while len(player.frames) == frames and time.monotonic() < deadline:
                    await asyncio.sleep(0.002)
                if len(player.frames) > frames:
                    student.latencies.append((sent, player.frames[frames] - sent))
                else:
                    student.unanswered += 1
            # A key still in flight when the tab closes was never played (Textual may handle
            # the quit first): the student waits for the answer, and so does the check.
            await quiet(player, SETTLE)
        except (AssertionError, aiohttp.ClientError, OSError) as err:
            student.error = str(err)[:200]
        finally:
            await player.close()


def tree(root: int) -> list[int]:
    """The process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def memory(pids: list[int]) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in bytes; PSS shares common pages fairly between processes."""
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            times[pid] = (int(fields[11]) + int(fields[12])) / TICKS
        except (OSError, IndexError, ValueError):
            continue
    return times


async def sample(root: int, stop: asyncio.Event, out: dict[str, Any]) -> None:
    """Peak memory and the CPU time of every process seen, every second."""
    cpu: dict[int, float] = {}
    while not stop.is_set():
        pids = tree(root)
        rss, pss = memory(pids)
        out["rss_peak"] = max(out.get("rss_peak", 0), rss)
        out["pss_peak"] = max(out.get("pss_peak", 0), pss)
        out["processes_peak"] = max(out.get("processes_peak", 0), len(pids))
        cpu.update(cpu_seconds(pids))
        out["cpu_seconds"] = sum(cpu.values())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def lost_saves(classroom: Path, story: Story, students: list[Student]) -> list[str]:
    from game.classroom.students import student_folder

    lost = []
    for student in students:
        if not student.joined_at:
            continue
        folder = SaveFolder(student_folder(classroom, student.name), story)
        expected = student.session.state
        try:
            state = folder.load("autosave").state
        except GameError as err:
            lost.append(f"{student.name}: {err.message}")
            continue
        if (state.scene, len(state.choices)) != (expected.scene, len(expected.choices)):
            lost.append(
                f"{student.name}: saved {state.scene} after {len(state.choices)} choices, "
                f"played {expected.scene} after {len(expected.choices)}"
            )
    return lost


async def run(
    players: int, seconds: float, join: float, seed: int, classroom: Path, warm: int
) -> dict[str, Any]:
    story = load_story_or_raise(ROOT / "scenes")
    rng = random.Random(seed)
    students = [Student(f"player {n:02d}", Session.new(story)) for n in range(1, players + 1)]
    figures: dict[str, Any] = {
        "players": players,
        "seconds": seconds,
        "join_window": join,
        "warm": warm,
    }
    figures["loadavg_before"] = os.getloadavg()
    server_args = ["--max-players", str(players + 5), "--warm", str(warm)]
    with running_server(classroom, *server_args) as (process, url):
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample(process.pid, stop, figures))
        warming = time.monotonic()
        # The pool starts its games one after another; the class comes once they wait.
        while len(tree(process.pid)) < warm + 1 and time.monotonic() - warming < 600:
            await asyncio.sleep(0.5)
        await asyncio.sleep(3 if warm else 0)  # the last one started is drawing its login
        figures["warm_up_seconds"] = round(time.monotonic() - warming, 1)
        begin = time.monotonic()
        until = begin + join + seconds
        await asyncio.gather(
            *(
                play(s, url, story, rng.uniform(0, join), until, random.Random(seed + i))
                for i, s in enumerate(students)
            )
        )
        figures["loadavg_after"] = os.getloadavg()
        stop.set()
        await sampler
        process.send_signal(signal.SIGINT)  # the teacher's Ctrl+C
        figures["stop_code"] = process.wait(60)
    joined = [s for s in students if s.joined_at]
    all_in = max((s.joined_at for s in joined), default=begin)
    steady = [lat for s in joined for sent, lat in s.latencies if sent >= all_in]
    every = [lat for s in joined for _, lat in s.latencies]
    figures.update(
        joined=len(joined),
        all_joined_after=round(all_in - begin, 1),
        login_p50=round(statistics.median([s.login_seconds for s in joined]), 2)
        if joined
        else None,
        login_max=round(max((s.login_seconds for s in joined), default=0), 2),
        keys_steady=len(steady),
        keys_all=len(every),
        unanswered=sum(s.unanswered for s in students),
        p50_ms=round(1000 * percentile(steady, 0.5), 1),
        p95_ms=round(1000 * percentile(steady, 0.95), 1),
        max_ms=round(1000 * max(steady, default=float("nan")), 1),
        p95_all_ms=round(1000 * percentile(every, 0.95), 1),
        errors=[f"{s.name}: {s.error}" for s in students if s.error],
        lost=lost_saves(classroom, story, students),
        cpu_cores_avg=round(figures.get("cpu_seconds", 0) / (join + seconds), 2),
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_classroom")
    parser.add_argument("--players", type=int, default=30)
    parser.add_argument(
        "--seconds", type=float, default=120, help="play time after the join window"
    )
    parser.add_argument(
        "--join", type=float, default=10, help="players join within this many seconds"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--warm", type=int, default=4, help="trotsky serve --warm N (default 4, as serve)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="trotsky-class-") as scratch:
        figures = asyncio.run(
            run(
                args.players, args.seconds, args.join, args.seed, Path(scratch) / "class", args.warm
            )
        )
    gib = 2**30
    print(f"warm games {figures['warm']} (waiting after {figures['warm_up_seconds']} s)")
    print(
        f"players {figures['players']} (joined {figures['joined']}, all in after {figures['all_joined_after']} s; "
        f"login p50 {figures['login_p50']} s, max {figures['login_max']} s)"
    )
    print(
        f"key to screen update, all joined: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"max {figures['max_ms']} ms over {figures['keys_steady']} keys (p95 with the joining: "
        f"{figures['p95_all_ms']} ms); unanswered keys: {figures['unanswered']}"
    )
    print(
        f"memory peak: RSS {figures.get('rss_peak', 0) / gib:.2f} GiB, PSS {figures.get('pss_peak', 0) / gib:.2f} GiB "
        f"over {figures.get('processes_peak', 0)} processes; CPU {figures.get('cpu_seconds', 0):.0f} s "
        f"(avg {figures['cpu_cores_avg']} cores)"
    )
    print(f"load average before {figures['loadavg_before']}, after {figures['loadavg_after']}")
    print(
        f"lost autosaves: {len(figures['lost'])}; client errors: {len(figures['errors'])}; server exit {figures['stop_code']}"
    )
    for line in figures["lost"] + figures["errors"]:
        print("  " + line)
    ok = (
        figures["joined"] == figures["players"]
        and not figures["errors"]
        and figures["p95_ms"] < 100
        and figures.get("rss_peak", 0) < 2.5 * gib
        and not figures["lost"]
    )
    print("targets (p95 < 100 ms, RSS < 2.5 GiB, 0 lost):", "met" if ok else "NOT met")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
