"""`trotsky serve` over its real websocket protocol: the school page, login and resume,
a full server, Ctrl+C and kill -9. (The same in a real browser: test_browser.py.)"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from benchmarks.serve_client import Player, running_server
from game.classroom.students import open_student, student_folder
from tests.classroom.test_report import external_references

pytestmark = pytest.mark.slow


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


def saved_choices(classroom: Path, name: str) -> int:
    """The choices in the student's autosave (0 while there is none)."""
    path = student_folder(classroom, name) / "autosave.json"
    try:
        return len(json.loads(path.read_text())["state"]["choices"])
    except (OSError, ValueError):
        return 0


async def until(condition: object, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(0.05)


async def play(player: Player, choices: int) -> None:
    """Take choice 1 `choices` times, closing each note with Space."""
    for _ in range(choices):
        await player.send("1")
        await player.send(" ")


def test_the_school_page_shows_no_command_line_and_fetches_only_from_the_server(
    tmp_path: Path,
) -> None:
    with running_server(tmp_path / "class") as (_, url):
        status, page = asyncio.run(get(url))
        listing, _ = asyncio.run(get(url + "static/"))
        css_status, css = asyncio.run(get(url + "static/css/xterm.css"))
    assert status == 200 and "The Prophet" in page
    for secret in (sys.executable, "--served", "-m game", str(tmp_path), "python"):
        assert secret not in page
    assert [ref for ref in external_references(page) if not ref.startswith("static/")] == []
    assert not re.search(r"https?://", page)
    assert listing in (403, 404)  # no folder listing of the server's files
    assert css_status == 200 and not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css)


def test_a_student_logs_in_plays_and_finds_the_game_again(tmp_path: Path) -> None:
    classroom = tmp_path / "class"

    async def scenario(url: str) -> None:
        async with aiohttp.ClientSession() as session:
            first = Player(session, url)
            await first.connect()
            await first.login("Nadia", "2580", new=True)
            await first.wait_for("New game")
            await first.send("n")
            await first.wait_for("Chapter 1")
            await play(first, 3)
            await until(lambda: saved_choices(classroom, "Nadia") == 3)
            await first.close()

            thief = Player(session, url)
            await thief.connect()
            await thief.login("Nadia", "0000", new=False)
            await thief.wait_for("not right")
            await thief.close()

            again = Player(session, url)
            await again.connect()
            await again.login("Nadia", "2580", new=False)
            await again.wait_for("Chapter 1")  # straight back into the game, no title first
            await again.close()

    with running_server(classroom) as (_, url):
        asyncio.run(scenario(url))
    assert open_student(classroom, "Nadia").check_pin("2580")
    assert saved_choices(classroom, "Nadia") == 3


def test_a_full_server_answers_with_a_page_not_a_hang(tmp_path: Path) -> None:
    async def scenario(url: str) -> None:
        async with aiohttp.ClientSession() as session:
            first = Player(session, url)
            await first.connect()
            await first.wait_for("Type your name")
            status, page = await get(url)
            assert status == 503 and "The class is full" in page
            late = Player(session, url)
            await late.connect()
            await late.wait_for("The class is full", timeout=10)
            await late.wait_closed(timeout=10)
            await first.close()
            deadline = time.monotonic() + 30
            while (await get(url))[0] != 200:
                assert time.monotonic() < deadline, "the place never came back"
                await asyncio.sleep(0.1)

    with running_server(tmp_path / "class", "--max-players", "1") as (_, url):
        asyncio.run(scenario(url))


@pytest.mark.parametrize("how", ["ctrl-c", "kill-9"])
def test_stopping_the_server_keeps_every_saved_choice(tmp_path: Path, how: str) -> None:
    classroom = tmp_path / "class"

    async def scenario(url: str, process: object) -> None:
        async with aiohttp.ClientSession() as session:
            player = Player(session, url)
            await player.connect()
            await player.login("Lev", "1917", new=True)
            await player.wait_for("New game")
            await player.send("n")
            await player.wait_for("Chapter 1")
            await play(player, 2)
            await until(lambda: saved_choices(classroom, "Lev") == 2)
            pid = process.pid  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGINT if how == "ctrl-c" else signal.SIGKILL)
            await player.wait_closed(timeout=30)

    with running_server(classroom) as (process, url):
        asyncio.run(scenario(url, process))
        code = process.wait(30)
        output = process.stdout.read() if process.stdout else ""
    if how == "ctrl-c":
        assert code == 0 and "Stopped." in output and "Traceback" not in output
    assert saved_choices(classroom, "Lev") == 2
    leftovers = [
        p.name for p in student_folder(classroom, "Lev").iterdir() if p.name.endswith(".tmp")
    ]
    assert leftovers == []
    if Path("/proc").is_dir():  # no game process is left behind, even after kill -9
        deadline = time.monotonic() + 30
        while games_running(classroom):
            assert time.monotonic() < deadline, "a game outlived its server"
            time.sleep(0.1)


def games_running(classroom: Path) -> list[int]:
    """Processes whose command line names this class folder (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(classroom).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def served_games(classroom: Path) -> list[int]:
    """The game processes (`--served DIR`) of this class folder."""
    return [
        pid
        for pid in games_running(classroom)
        if b"--served" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts processes in /proc (Linux)")
def test_games_wait_ready_before_the_students_come(tmp_path: Path) -> None:
    classroom = tmp_path / "class"

    async def scenario(url: str) -> None:
        await until(lambda: len(served_games(classroom)) == 2)  # started with no tab open
        async with aiohttp.ClientSession() as session:
            players = [Player(session, url), Player(session, url), Player(session, url)]
            for player, size in zip(players, [(80, 24), (120, 40), (100, 30)], strict=True):
                await player.connect(*size)  # two waiting games, then one started for the tab
            for player in players:
                await player.wait_for("Type your name")
            await until(lambda: len(served_games(classroom)) == 5)  # 3 playing, 2 waiting again
            for player in players:
                await player.close()

    with running_server(classroom, "--warm", "2") as (_, url):
        asyncio.run(scenario(url))


def test_a_class_served_in_spanish_speaks_spanish_from_the_page_to_the_game(
    tmp_path: Path,
) -> None:
    classroom = tmp_path / "class"

    async def scenario(url: str) -> None:
        status, page = await get(url)
        assert status == 200 and 'lang="es"' in page and "Iniciando tu partida" in page
        assert "Trotski: el camino del profeta" in page  # the story's title, translated
        async with aiohttp.ClientSession() as session:
            player = Player(session, url)
            await player.connect()
            await player.wait_for("Escribe tu nombre")
            await player.send("Ana\r")
            await player.wait_for("Elige un PIN")

    with running_server(classroom, "--lang", "es") as (_, url):
        asyncio.run(scenario(url))
