"""The served game's login, driven by the Pilot: a new name picks a PIN, a known one needs it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from game.classroom.served import ClassroomApp, LoginScreen
from game.classroom.students import RECORD, open_student, student_folder
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session

SIZE = (80, 24)


async def until(pilot: Pilot[Any], condition: Callable[[], object], ceiling: float = 30) -> None:
    """Let the app run until the condition holds (fail after `ceiling` seconds)."""
    deadline = time.monotonic() + ceiling
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await pilot.pause(0.02)


def text(app: ClassroomApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def type_line(pilot: Pilot[Any], words: str) -> None:
    await pilot.press(*words, "enter")


async def test_a_new_name_picks_a_pin_and_starts_in_its_own_folder(
    tmp_path: Path, story: Story
) -> None:
    app = ClassroomApp(story, SaveFolder(tmp_path, story))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await type_line(pilot, "Zoë <b>")
        await until(pilot, lambda: "Pick a PIN" in text(app, "#login-prompt"))
        assert "Zoë <b>" in text(app, "#login-prompt")  # shown literally, never as markup
        await type_line(pilot, "2468")
        await type_line(pilot, "2469")
        await until(pilot, lambda: "differ" in text(app, "#login-message"))
        await type_line(pilot, "2468")
        await type_line(pilot, "2468")
        await until(pilot, lambda: app.student is not None)
        assert app.saves.folder == student_folder(tmp_path, "Zoë <b>")
        assert open_student(tmp_path, "Zoë <b>").check_pin("2468")
    assert "2468" not in (student_folder(tmp_path, "Zoë <b>") / RECORD).read_text()
    assert [p.name for p in tmp_path.iterdir()] == [student_folder(tmp_path, "Zoë <b>").name]


async def test_a_known_name_needs_its_pin_and_resumes_the_game(
    tmp_path: Path, story: Story
) -> None:
    from game.classroom.students import enrol, set_pin
    from game.ui.screens.scene import SceneScreen

    student = set_pin(enrol(tmp_path, "Vera"), "1357")
    session = Session.new(story)
    session.choose(1)
    SaveFolder(student.folder, story).autosave(session)
    app = ClassroomApp(story, SaveFolder(tmp_path, story))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await type_line(pilot, "Vera")
        await until(pilot, lambda: "Type your PIN" in text(app, "#login-prompt"))
        await type_line(pilot, "0000")
        await until(pilot, lambda: "not right" in text(app, "#login-message"))
        assert app.student is None
        await until(pilot, lambda: not app.screen.query_one("#login-pin", Input).disabled)
        await type_line(pilot, "1357")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        assert app.screen.session.state.scene == session.state.scene
        (student.folder / "autosave.json").unlink()
    # Leaving (the tab closed, the server stopped) saves the game once more.
    resumed = SaveFolder(student.folder, story).load("autosave")
    assert resumed.state.scene == session.state.scene


async def test_before_login_the_palette_offers_no_game(tmp_path: Path, story: Story) -> None:
    app = ClassroomApp(story, SaveFolder(tmp_path, story))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LoginScreen))
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "New game" not in titles and "Continue" not in titles and "Quit" in titles
        await type_line(pilot, "\x07")  # a control character is not a name
        await type_line(pilot, "   ")
        await until(pilot, lambda: "needs a name" in text(app, "#login-message"))
    assert list(tmp_path.iterdir()) == []


async def test_a_game_whose_server_is_already_gone_ends_at_once(
    tmp_path: Path, story: Story
) -> None:
    """A game the pool started just as the server was killed has init for a parent: it
    knows its server by the PID it was given, not by whoever its parent is at start."""
    import os

    app = ClassroomApp(story, SaveFolder(tmp_path, story), server_pid=os.getppid() + 1_000_000)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


async def test_a_game_whose_server_lives_plays_on(tmp_path: Path, story: Story) -> None:
    import os

    app = ClassroomApp(story, SaveFolder(tmp_path, story), server_pid=os.getppid())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LoginScreen))
        app.watch_server()
        await pilot.pause()
        assert app.return_code is None and app.is_running
