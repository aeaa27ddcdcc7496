"""The TUI as a newcomer meets it: keys that do not clash (the quiz is a numbered offer, q
asks, Ctrl+Q quits), numbers that choose in every list, one Tab to the glossary row, a
layout that keeps the text and the Help key on small terminals, notices clear of dialogs,
readable save times, and a failed save on quitting told and returned as the exit status."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import ConfirmDialog, LoadDialog
from game.ui.screens.learning import JournalDialog
from game.ui.screens.quiz import QuizDialog
from game.ui.screens.scene import SceneScreen
from game.ui.widgets.choice_list import ChoiceList
from game.ui.widgets.key_bar import KeyBar
from game.ui.widgets.term_row import TermRow


def at(story: Story, scene: str) -> Session:
    session = Session.new(story)
    session.state.scene = scene
    return session


async def until(pilot: Pilot[None], holds: Callable[[], bool], limit: float = 30) -> None:
    """Let the app work until the condition holds (a generous ceiling, never a fixed pause)."""
    give_up = time.monotonic() + limit
    while not holds():
        assert time.monotonic() < give_up, "the screen never got there"
        await pilot.pause()


def labels(app: TrotskyApp) -> list[str]:
    return [label for _, label in app.screen.query_one(ChoiceList).options]


def toasts(app: TrotskyApp) -> str:
    return "\n".join(toast.render().plain for toast in app.screen.query("Toast"))


async def test_the_quiz_is_a_numbered_offer_and_a_number_answers_at_once(
    story: Story, tmp_path: Path
) -> None:
    chapter = story.chapters[0]
    app = TrotskyApp(story, SaveFolder(tmp_path, story), start=at(story, "sib_samara"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(labels(app)))
        assert labels(app)[-1] == f"2. Check your understanding: {len(chapter.quiz)} questions"
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, QuizDialog))
        quiz = app.screen
        for question in chapter.quiz:
            await pilot.press(str(question.answer))  # one key: answered and explained
            assert str(quiz.query_one("#quiz-verdict", Static).content).startswith("✓ Right.")
            await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        assert app.screen.session.state.quiz[chapter.id] == [q.answer for q in chapter.quiz]
        assert labels(app) == ["1. Continue to chapter 2: London and Iskra"]


async def test_q_asks_and_ctrl_q_quits_saving_the_game(story: Story, tmp_path: Path) -> None:
    app = TrotskyApp(story, SaveFolder(tmp_path, story), start=Session.new(story))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(labels(app)))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # a stray q never ends the game
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        assert app.is_running
        await pilot.press("1", "enter")
        where = app.screen.session.scene.id
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    saved = json.loads((tmp_path / "autosave.json").read_text())
    assert saved["state"]["scene"] == where != story.start


async def test_q_then_y_quits(story: Story, tmp_path: Path) -> None:
    app = TrotskyApp(story, SaveFolder(tmp_path, story), start=Session.new(story))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(labels(app)))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    assert (tmp_path / "autosave.json").is_file()


async def test_a_failed_save_on_quitting_is_told_and_is_the_exit_status(
    story: Story, tmp_path: Path
) -> None:
    damaged = tmp_path / "autosave.json"
    damaged.write_text("{ not a save")
    app = TrotskyApp(story, SaveFolder(tmp_path, story), start=Session.new(story))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await until(pilot, lambda: bool(labels(app)))
        await pilot.press("ctrl+q")
        await until(pilot, lambda: "Your game is not saved" in toasts(app))
        assert "Quit again (Ctrl+Q) to leave without saving." in toasts(app)
        assert app.is_running  # the player has read it before anything is lost
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert damaged.read_text() == "{ not a save"


async def test_one_tab_reaches_the_glossary_row_and_shows_it(story: Story, tmp_path: Path) -> None:
    app = TrotskyApp(story, SaveFolder(tmp_path, story), start=at(story, "isk_congress"))
    async with app.run_test(size=(80, 24)) as pilot:
        row = app.screen.query_one(TermRow)
        await until(pilot, lambda: bool(row.terms) and row.display)
        before = row.styles.background
        assert isinstance(app.focused, ChoiceList)
        await pilot.press("tab")
        assert app.focused is row
        assert row.styles.background != before  # the row shows it has the keys
        assert "reverse" in str(row.render().spans)  # and its first term is highlighted


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_the_text_keeps_half_the_screen_and_the_help_key_stays(
    story: Story, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = TrotskyApp(story, SaveFolder(tmp_path, story), start=Session.new(story))
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: bool(labels(app)))
        body = app.screen.query_one("#scene-body")
        assert body.region.height >= size[1] // 2
        bar = app.screen.query_one(KeyBar)
        assert "? Help" in bar.render().plain
        assert bar.region.y == size[1] - 1


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_a_notice_leaves_the_bottom_of_a_dialog_clear(
    story: Story, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = TrotskyApp(story, SaveFolder(tmp_path, story), start=Session.new(story))
    async with app.run_test(size=size, notifications=True) as pilot:
        await until(pilot, lambda: bool(labels(app)))
        await pilot.press("1", "enter", "j")
        await until(pilot, lambda: isinstance(app.screen, JournalDialog))
        app.notify("A notice over the journal", title="Test")
        await until(pilot, lambda: "A notice over the journal" in toasts(app))
        box = app.screen.query_one(".dialog-box")
        hint = box.query(".muted").last()
        assert hint.region.bottom <= size[1]  # the journal's keys line is on the screen
        for toast in app.screen.query("Toast"):
            assert not toast.region.overlaps(hint.region)
            assert toast.region.bottom <= box.region.y + box.region.height // 2


async def test_numbers_load_a_save_and_its_time_is_local(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        folder = SaveFolder(tmp_path, story)
        folder.save("first", at(story, "isk_congress"))
        stamp = json.loads((tmp_path / "first.json").read_text())["updated"]
        local = datetime.fromisoformat(stamp).astimezone()
        app = TrotskyApp(story, folder, start=Session.new(story))
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: bool(labels(app)))
            await pilot.press("l")
            await until(pilot, lambda: isinstance(app.screen, LoadDialog))
            option = app.screen.query_one(OptionList).get_option_at_index(0)
            text = str(option.prompt)
            assert text.startswith("1. first")
            assert f"saved {local.day} {local:%b %Y, %H:%M}" in text
            assert "UTC" not in text and stamp[:16].replace("T", " ") not in text
            await pilot.press("1")
            await until(pilot, lambda: isinstance(app.screen, SceneScreen))
            await until(pilot, lambda: app.screen.session.scene.id == "isk_congress")
    finally:
        monkeypatch.undo()
        time.tzset()


SHOWN = {
    "ctrl+s": "Ctrl+S",
    "ctrl+q": "Ctrl+Q",
    "question_mark": "?",
    "backspace": "Backspace",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "space": "Space",
    "escape": "Escape",
}


def test_help_and_readme_name_every_key_of_a_scene() -> None:
    from textual.binding import Binding

    from game.ui.screens.dialogs import HELP

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    playing = readme.split("## Playing", 1)[1].split("\n## ", 1)[0]
    keys = {b.key for b in Binding.make_bindings(SceneScreen.BINDINGS)} | {"ctrl+q"}
    for key in sorted(keys):
        key_text = "1-9" if key.isdigit() else SHOWN.get(key, key)
        assert re.search(rf"(?<![\w+]){re.escape(key_text)}(?![\w+])", HELP), key
        assert key_text.replace("-", "`-`") in playing or f"`{key_text}`" in playing, key


async def test_page_down_scrolls_the_scene_text(story: Story, tmp_path: Path) -> None:
    app = TrotskyApp(story, SaveFolder(tmp_path, story), start=Session.new(story))
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: bool(labels(app)))
        body = app.screen.query_one("#scene-body")
        assert body.scroll_y == 0
        await pilot.press("pagedown")
        await until(pilot, lambda: body.scroll_y > 0)
        await pilot.press("pageup")
        await until(pilot, lambda: body.scroll_y == 0)
        assert isinstance(app.focused, ChoiceList)  # the keys never moved the choices
