"""The Textual face: a notification when a milestone is earned, the Milestones dialog from the
title, the line on the ending screen, and the content note above a tagged scene only when on."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from game.engine.loader import load_story_or_raise
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.engine.settings import SETTINGS_FILE, Settings
from game.ui.app import TrotskyApp
from game.ui.screens.ending import EndingScreen
from game.ui.screens.milestones import MilestonesDialog
from game.ui.screens.scene import SceneScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.scene_page import ScenePage
from tests.ui.test_newcomer_keys import labels, toasts, until

SIZE = (80, 24)


def words_of(app: TrotskyApp) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def page_text(app: TrotskyApp) -> str:
    """The scene's page as shown: content note, title, place and text."""
    return str(app.screen.query_one(ScenePage).render())


async def test_a_milestone_is_notified_once_and_listed_from_the_title(
    tagged: Path, tmp_path: Path
) -> None:
    story = load_story_or_raise(tagged)
    app = TrotskyApp(story, SaveFolder(tmp_path / "saves", story))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen) and bool(labels(app)))
        await pilot.press("1")
        await until(pilot, lambda: "Milestone earned: First note. Read a note." in toasts(app))
        assert toasts(app).count("First note") == 1
        await pilot.press("escape")  # the note first closes; then the title
        await until(
            pilot, lambda: isinstance(app.screen, SceneScreen) and not app.screen.note_shown
        )
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, TitleScreen))
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MilestonesDialog))
        shown = words_of(app)
        assert "1 of 5 milestones earned" in shown
        assert "✓ First note" in shown
        assert "A hidden milestone" in shown
        assert "The sea at last" not in shown  # an ending's milestone is never named unearned
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, TitleScreen))
    assert (tmp_path / "saves" / ".profile.json").is_file()


async def test_the_ending_screen_names_this_game_s_milestones(tagged: Path, tmp_path: Path) -> None:
    story = load_story_or_raise(tagged)
    session = Session.new(story)
    session.state.scene = "finale"
    app = TrotskyApp(story, SaveFolder(tmp_path / "saves", story), start=session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: bool(labels(app)))
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, EndingScreen))
        line = str(app.screen.query_one("#ending-milestones", Static).render())
        assert "This time: The sea at last." in line
        await until(pilot, lambda: "Milestone earned: The sea at last." in toasts(app))


@pytest.mark.parametrize("enabled", [False, True])
async def test_the_content_note_shows_before_a_tagged_scene_only_when_on(
    tagged: Path, tmp_path: Path, enabled: bool
) -> None:
    story = load_story_or_raise(tagged)
    saves = tmp_path / "saves"
    saves.mkdir()
    Settings(content_notes=enabled).save(saves / SETTINGS_FILE)
    session = Session.new(story)
    app = TrotskyApp(story, SaveFolder(saves, story), start=session)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(labels(app)))
        assert "Content note" not in page_text(app)  # the hut carries no note
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen) and app.screen.note_shown)
        await pilot.press("space")
        await until(pilot, lambda: session.scene.id == "yard" and not app.screen.note_shown)
        note = "Content note: this scene depicts imprisonment."
        assert page_text(app).startswith(f"{note}\n") is enabled
        if enabled:
            app.toggle_content_notes()  # the palette's command: off again at once
            await until(pilot, lambda: "Content note" not in page_text(app))
            assert page_text(app).startswith(session.scene.title)
