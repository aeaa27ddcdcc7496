"""Comfort: the command palette lists the game's actions; the theme is kept between runs;
saves ask before they replace or delete; the game stays usable at 60x20."""

from __future__ import annotations

from pathlib import Path

from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import ConfirmDialog, LoadDialog
from game.ui.screens.learning import JournalDialog
from game.ui.screens.scene import SceneScreen
from tests.ui.support import notices, settle, shown, until, until_screen, until_shown


async def test_the_command_palette_offers_the_game_actions(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "ctrl+p", *"Journal")
        await until_shown(pilot, "Every historical note read so far")  # the palette searches
        await pilot.press("enter")
        await until_screen(pilot, JournalDialog)


async def test_the_theme_is_remembered(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "high-contrast"
        settings = saves_dir / ".settings.json"
        await until(pilot, lambda: settings.is_file() and "high-contrast" in settings.read_text())
    assert '"theme": "high-contrast"' in (saves_dir / ".settings.json").read_text()
    again = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with again.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: again.theme == "high-contrast")
        assert SaveFolder(saves_dir, mini).slots() == []  # the settings file is not a save


async def test_a_damaged_settings_file_is_reported_and_kept(mini: Story, saves_dir: Path) -> None:
    saves_dir.mkdir()
    (saves_dir / ".settings.json").write_text("{broken")
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=(80, 24)) as pilot:
        said = "Settings: .settings.json is damaged; using the default settings"
        await until(pilot, lambda: said in notices(pilot))
    assert (saves_dir / ".settings.json").read_text() == "{broken"


async def test_replacing_and_deleting_a_save_ask_first(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "ctrl+s", *"first", "enter")
        await until(pilot, lambda: "Saved: Saved as “first”." in notices(pilot))
        await pilot.press("1", "enter")
        await until(pilot, lambda: app.screen.session.state.scene == "yard")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("ctrl+s", *"first", "enter")
        await until_screen(pilot, ConfirmDialog)
        await until_shown(pilot, "Replace the save “first” with this game?", words=True)
        await pilot.press("n")
        await until_screen(pilot, SceneScreen)
        await settle(pilot)
        assert SaveFolder(saves_dir, mini).load("first").state.scene == "hut"
        await pilot.press("ctrl+s", *"first", "enter")
        await until_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await until(pilot, lambda: SaveFolder(saves_dir, mini).load("first").state.scene == "yard")
        await pilot.press("l")
        await until_screen(pilot, LoadDialog)
        assert isinstance(app.screen, LoadDialog)
        index = [s.name for s in app.screen.slots].index("first")
        await pilot.press(*["down"] * index, "d")
        await until_shown(pilot, "Delete the save “first”? This cannot be undone.", words=True)
        await pilot.press("y")
        await until(pilot, lambda: not (saves_dir / "first.json").exists())


async def test_small_terminals_and_resizes(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n")
        await until_screen(pilot, SceneScreen)
        await until_shown(pilot, "1. ")
        for size in [(40, 12), (120, 40), (60, 20), (80, 24)]:
            await pilot.resize_terminal(*size)
            await until(pilot, lambda size=size: pilot.app.size == size)  # type: ignore[misc]
        await pilot.press("1")
        await pilot.press("enter")
        assert isinstance(app.screen, SceneScreen)
        await until(pilot, lambda: len(app.screen.session.state.notes_seen) == 1)  # type: ignore[attr-defined]


async def test_the_choices_scroll_to_the_highlight_on_a_small_screen(
    story: Story, saves_dir: Path
) -> None:
    """At 60x20 four wrapped choices are taller than their box: the list scrolls itself."""
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n")
        await until_shown(pilot, "1. Rent a hut")
        assert "4. Gather" not in shown(pilot)
        await pilot.press("end")
        await until_shown(pilot, "4. Gather")
        assert "1. Rent a hut" not in shown(pilot)
        await pilot.press("home")
        await until_shown(pilot, "1. Rent a hut")
        await pilot.press("4")  # a choice by number needs no scrolling
        await until_shown(pilot, "What really happened")


def box_top(screen: str) -> int:
    """The screen row where the choices' rounded box begins."""
    return next(y for y, line in enumerate(screen.splitlines()) if line.lstrip().startswith("╭"))


async def test_the_choices_keep_one_height_on_a_roomy_screen(story: Story, saves_dir: Path) -> None:
    """From 30 rows up the page does not jump: the box is as tall under a 3-choice scene and
    under a note as under the story's longest list; below that, every row goes to the text."""
    for size, steady in (((100, 30), True), ((60, 20), False)):
        app = TrotskyApp(story, SaveFolder(saves_dir / str(size), story))
        async with app.run_test(size=size) as pilot:
            await pilot.press("n")
            await until_shown(pilot, "Put ashore at Ust-Kut")  # a scene of 4 choices
            scene = shown(pilot)
            await pilot.press("1")
            note = await until_shown(pilot, "What really happened")
            await pilot.press("enter")
            await until(pilot, lambda: "What really happened" not in shown(pilot))
            following = shown(pilot)
        if steady:
            assert box_top(scene) == box_top(note) == box_top(following)
        else:
            assert box_top(note) > box_top(scene)
