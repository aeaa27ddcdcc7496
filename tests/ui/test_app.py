"""The Textual UI driven by the Pilot: what the player presses, and what the screen then shows."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot

from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import HelpDialog, LoadDialog, SaveDialog
from game.ui.screens.ending import EndingScreen
from game.ui.screens.scene import SceneScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.choice_list import ChoiceList

SIZE = (80, 24)


def shown(pilot: Pilot[None]) -> str:
    """The characters on the active screen, line by line, as the player sees them."""
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


def flat(pilot: Pilot[None]) -> str:
    """The screen's words with line breaks and borders removed, to find wrapped sentences."""
    return " ".join(
        part for line in shown(pilot).splitlines() for part in line.strip(" │█▌▊▎").split()
    )


def notices(pilot: Pilot[None]) -> str:
    """The notifications raised so far (toasts are not in the headless screen's strips)."""
    return "\n".join(f"{n.title}: {n.message}" for n in pilot.app._notifications)


def note_open(app: TrotskyApp) -> bool:
    """The historical note is on the page: after a choice it takes the scene's place."""
    return isinstance(app.screen, SceneScreen) and app.screen.note_shown


async def settle(pilot: Pilot[None]) -> None:
    """Let saves finish and notifications appear."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause(0.05)


async def test_title_screen_offers_the_menu(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        text = shown(pilot)
        for item in ("New game", "Continue", "Load a saved game", "Quit", "No saved game yet."):
            assert item in text
        assert "? Help" in text


async def test_a_new_game_choice_note_and_next_scene(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, SceneScreen)
        first = story.scenes[story.start]
        text = shown(pilot)
        assert first.title in text
        assert "Chapter 1: Siberian Exile" in text
        assert "1. " in text and "2. " in text
        await pilot.press("1")
        assert note_open(app)
        note = first.choices[0].note
        assert note is not None
        words = flat(pilot)
        assert "What really happened" in words
        assert " ".join(note.text.split()[:8]) in words
        assert f"Source: {note.source}" in words
        await pilot.press("1")  # keys other than Enter do not skip the note
        assert note_open(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        second = story.scenes[first.choices[0].goto]
        assert second.title in shown(pilot)
        saved = json.loads((saves_dir / "autosave.json").read_text())
        assert saved["state"]["scene"] == second.id


async def test_arrows_and_enter_choose_too(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "down", "enter")
        assert note_open(app)
        assert "He did not stay in" in flat(pilot)
        await pilot.press("space")
        assert app.screen.session.state.choices[0].text == "Stay in"  # type: ignore[attr-defined]


async def test_the_mouse_chooses_too(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        choices = app.screen.query_one(ChoiceList)
        labels = [label for _, label in choices.options]
        await pilot.hover(ChoiceList, offset=(4, 1))  # the pointer moves the highlight
        assert choices.highlighted == 1
        await pilot.press("end", "home")
        assert choices.highlighted == 0
        await pilot.click(ChoiceList, offset=(4, 1))  # a click on the second line takes it
        assert note_open(app)
        assert app.screen.session.state.choices[0].text == labels[1].split(". ", 1)[1]  # type: ignore[attr-defined]
        await pilot.click(ChoiceList, offset=(4, 0))  # and "Press Enter to continue"
        assert not note_open(app)


async def test_text_that_looks_like_markup_is_shown_as_written(
    mini: Story, saves_dir: Path
) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert "Snow falls on the hut. [bold]Brackets[/] stay literal." in shown(pilot)


async def test_save_then_load_in_a_fresh_app(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "2", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SaveDialog)
        await pilot.press(*"Hay [cart]", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        expected = app.screen.session.state.to_json()
        assert "Saved: Saved as “Hay [cart]”." in notices(pilot)
    assert (saves_dir / "hay-cart.json").is_file()

    fresh = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert isinstance(fresh.screen, LoadDialog)
        assert "Hay [cart]" in shown(pilot)
        assert "1. Siberian Exile" in shown(pilot)
        index = [s.name for s in fresh.screen.slots].index("Hay [cart]")
        await pilot.press(*["down"] * index, "enter")
        await settle(pilot)
        assert isinstance(fresh.screen, SceneScreen)
        state = fresh.screen.session.state.to_json()
        assert {**state, "play_seconds": 0} == {**expected, "play_seconds": 0}
        assert story.scenes[state["scene"]].title in shown(pilot)


async def test_continue_resumes_where_the_player_quit(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "1", "enter")
        await settle(pilot)
        where = app.screen.session.scene  # type: ignore[attr-defined]
        await pilot.press("q")
    again = TrotskyApp(story, SaveFolder(saves_dir, story), resume="newest")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, SceneScreen)
        assert again.screen.session.scene.id == where.id
        assert where.title in shown(pilot)
        assert not any(isinstance(s, TitleScreen) for s in again.screen_stack)  # no title built
        await pilot.press("l")  # loading from there replaces the game...
        assert isinstance(again.screen, LoadDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(again.screen, SceneScreen)
        await pilot.press("escape")  # ...and Escape still reaches the title
        assert isinstance(again.screen, TitleScreen)
        assert f"Continue: 1. Siberian Exile, {where.shown_date}" in flat(pilot)
        await pilot.press("c")
        assert isinstance(again.screen, SceneScreen)
        await pilot.press("escape")  # the title is below the game now
        assert isinstance(again.screen, TitleScreen)
    title = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with title.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert f"Continue: 1. Siberian Exile, {where.shown_date}" in flat(pilot)
        await pilot.press("c")
        assert isinstance(title.screen, SceneScreen)
        assert title.screen.session.scene.id == where.id


async def test_a_broken_save_is_listed_with_its_problem_and_left_alone(
    mini: Story, saves_dir: Path
) -> None:
    saves_dir.mkdir()
    broken = saves_dir / "autosave.json"
    broken.write_bytes(b'{"format": "trotsky-save", "format_vers')
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini), resume="newest")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)  # nothing to continue: the title stays
        await pilot.press("l")
        assert "cannot be loaded: autosave.json is damaged" in flat(pilot)
        await pilot.press("escape", "n", "1", "enter")
        await settle(pilot)
        assert "Could not save: autosave.json is not a save this game can replace" in notices(pilot)
        assert isinstance(app.screen, SceneScreen)
    assert broken.read_bytes() == b'{"format": "trotsky-save", "format_vers'


async def test_help_and_ending(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "question_mark")
        assert isinstance(app.screen, HelpDialog)
        assert "take that choice" in shown(pilot)
        await pilot.press("escape", "1", "enter", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)  # the ending scene is read first
        assert "The guard hears you." in shown(pilot)
        assert "1. The end: read the epilogue" in shown(pilot)
        await pilot.press("1")
        assert isinstance(app.screen, EndingScreen)
        words = flat(pilot)
        assert "A counterfactual ending" in words
        assert "You are caught. In truth he escaped." in words
        assert "You made 2 choices; 1 of them was what Trotsky did." in words
        await pilot.press("enter")
        assert isinstance(app.screen, TitleScreen)
