"""The Textual UI driven by the Pilot: what the player presses, and what the screen then shows."""

from __future__ import annotations

import json
from pathlib import Path

from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import HelpDialog, LoadDialog, SaveDialog
from game.ui.screens.ending import EndingScreen
from game.ui.screens.scene import SceneScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.choice_list import ChoiceList
from tests.ui.support import SIZE, flat, notices, settle, shown, until, until_screen, until_shown

__all__ = ["SIZE", "flat", "note_open", "notices", "settle", "shown"]  # shared with other tests


def note_open(app: TrotskyApp) -> bool:
    """The historical note is on the page: after a choice it takes the scene's place."""
    return isinstance(app.screen, SceneScreen) and app.screen.note_shown


async def test_title_screen_offers_the_menu(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, TitleScreen)
        items = ("New game", "Continue", "Load a saved game", "Quit", "No saved game yet.")
        await until_shown(pilot, *items, "? Help")


async def test_a_new_game_choice_note_and_next_scene(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until_screen(pilot, SceneScreen)
        first = story.scenes[story.start]
        await until_shown(pilot, first.title, "Chapter 1: Siberian Exile", "1. ", "2. ")
        await pilot.press("1")
        await until(pilot, lambda: note_open(app))
        note = first.choices[0].note
        assert note is not None
        opening = " ".join(note.text.split()[:8])
        await until_shown(
            pilot, "What really happened", opening, f"Source: {note.source}", words=True
        )
        await pilot.press("1")  # keys other than Enter do not skip the note
        assert note_open(app)
        await pilot.press("enter")
        second = story.scenes[first.choices[0].goto]
        await until_shown(pilot, second.title)
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        saved = json.loads((saves_dir / "autosave.json").read_text())
        assert saved["state"]["scene"] == second.id


async def test_arrows_and_enter_choose_too(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "down", "enter")
        await until(pilot, lambda: note_open(app))
        await until_shown(pilot, "He did not stay in", words=True)
        await pilot.press("space")
        await until(pilot, lambda: not note_open(app))
        assert app.screen.session.state.choices[0].text == "Stay in"  # type: ignore[attr-defined]


async def test_the_mouse_chooses_too(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until_screen(pilot, SceneScreen)
        choices = app.screen.query_one(ChoiceList)
        labels = [label for _, label in choices.options]
        # offsets from the list's corner, on its rounded border: its lines begin at y=1
        await pilot.hover(ChoiceList, offset=(4, 2))  # the pointer moves the highlight
        await until(pilot, lambda: choices.highlighted == 1)
        await pilot.press("end", "home")
        await until(pilot, lambda: choices.highlighted == 0)
        await pilot.click(ChoiceList, offset=(4, 2))  # a click on the second line takes it
        await until(pilot, lambda: note_open(app))
        assert app.screen.session.state.choices[0].text == labels[1].split(". ", 1)[1]  # type: ignore[attr-defined]
        await pilot.click(ChoiceList, offset=(4, 0))  # the border takes nothing
        await pilot.click(ChoiceList, offset=(4, 1))  # and "Press Enter to continue"
        await until(pilot, lambda: not note_open(app))


async def test_text_that_looks_like_markup_is_shown_as_written(
    mini: Story, saves_dir: Path
) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until_shown(pilot, "Snow falls on the hut. [bold]Brackets[/] stay literal.")


async def test_save_then_load_in_a_fresh_app(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "2", "enter")
        await until(pilot, lambda: app.screen.session.state.choices)  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("ctrl+s")
        await until_screen(pilot, SaveDialog)
        await pilot.press(*"Hay [cart]", "enter")
        await until(pilot, lambda: "Saved: Saved as “Hay [cart]”." in notices(pilot))
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        expected = app.screen.session.state.to_json()
    assert (saves_dir / "hay-cart.json").is_file()

    fresh = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await until_screen(pilot, LoadDialog)
        assert isinstance(fresh.screen, LoadDialog)
        await until_shown(pilot, "Hay [cart]", "1. Siberian Exile")
        index = [s.name for s in fresh.screen.slots].index("Hay [cart]")
        await pilot.press(*["down"] * index, "enter")
        await until_screen(pilot, SceneScreen)
        await settle(pilot)
        assert isinstance(fresh.screen, SceneScreen)
        state = fresh.screen.session.state.to_json()
        assert {**state, "play_seconds": 0} == {**expected, "play_seconds": 0}
        await until_shown(pilot, story.scenes[state["scene"]].title)


async def test_continue_resumes_where_the_player_quit(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "1", "enter")
        await until(pilot, lambda: app.screen.session.state.choices)  # type: ignore[attr-defined]
        await settle(pilot)
        where = app.screen.session.scene  # type: ignore[attr-defined]
        await pilot.press("q")
    again = TrotskyApp(story, SaveFolder(saves_dir, story), resume="newest")
    async with again.run_test(size=SIZE) as pilot:
        assert isinstance(again.screen, SceneScreen)
        assert again.screen.session.scene.id == where.id
        await until_shown(pilot, where.title)
        assert not any(isinstance(s, TitleScreen) for s in again.screen_stack)  # no title built
        await pilot.press("l")  # loading from there replaces the game...
        await until_screen(pilot, LoadDialog)
        await pilot.press("enter")
        await until_screen(pilot, SceneScreen)
        await settle(pilot)
        await pilot.press("escape")  # ...and Escape still reaches the title
        await until_screen(pilot, TitleScreen)
        await until_shown(pilot, f"Continue: 1. Siberian Exile, {where.shown_date}", words=True)
        await pilot.press("c")
        await until_screen(pilot, SceneScreen)
        await pilot.press("escape")  # the title is below the game now
        await until_screen(pilot, TitleScreen)
    title = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with title.run_test(size=SIZE) as pilot:
        await until_shown(pilot, f"Continue: 1. Siberian Exile, {where.shown_date}", words=True)
        await pilot.press("c")
        await until_screen(pilot, SceneScreen)
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
        assert isinstance(app.screen, TitleScreen)  # nothing to continue: the title stays
        await pilot.press("l")
        await until_shown(pilot, "cannot be loaded: autosave.json is damaged", words=True)
        await pilot.press("escape", "n", "1", "enter")
        said = "Could not save: autosave.json is not a save this game can replace"
        await until(pilot, lambda: said in notices(pilot))
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
    assert broken.read_bytes() == b'{"format": "trotsky-save", "format_vers'


async def test_help_and_ending(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "question_mark")
        await until_screen(pilot, HelpDialog)
        await until_shown(pilot, "take that choice")
        await pilot.press("escape", "1", "enter", "2", "enter")
        await until_shown(pilot, "The guard hears you.", "1. The end: read the epilogue")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)  # the ending scene is read first
        await pilot.press("1")
        await until_screen(pilot, EndingScreen)
        await until_shown(
            pilot,
            "A counterfactual ending",
            "You are caught. In truth he escaped.",
            "You made 2 choices; 1 of them was what Trotsky did.",
            words=True,
        )
        await pilot.press("enter")
        await until_screen(pilot, TitleScreen)


async def test_work_put_after_the_frame_runs_even_when_nothing_is_laid_out(
    mini: Story, saves_dir: Path
) -> None:
    """A key's save and milestones wait for the frame that answers it; when a key lays
    nothing out, they still run (after AFTER_FRAME), in the order they were put."""
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until_screen(pilot, SceneScreen)
        screen = app.screen
        assert isinstance(screen, SceneScreen)
        await settle(pilot)
        ran: list[str] = []
        screen.after_frame(lambda: ran.append("first"))
        screen.after_frame(lambda: ran.append("second"))
        await until(pilot, lambda: ran == ["first", "second"])
        await settle(pilot)
        assert ran == ["first", "second"]  # once each
