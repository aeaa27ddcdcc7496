"""The optional typewriter reveal: the first key completes the text and does nothing else."""

from __future__ import annotations

from pathlib import Path

from game.engine.model import Story, flowed
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.engine.settings import Settings
from game.ui.app import TrotskyApp
from game.ui.screens.scene import SceneScreen
from game.ui.widgets.scene_page import ScenePage
from tests.ui.test_app import note_open


def typed(page: ScenePage) -> list[str]:
    """The words of the scene's text shown so far, below its title and place."""
    return str(page.render()).split("\n\n", 1)[1].split()


async def test_any_key_completes_the_text_first(story: Story, saves_dir: Path) -> None:
    saves_dir.mkdir()
    Settings(typewriter=True).save(saves_dir / ".settings.json")
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, SceneScreen)
        page = app.screen.query_one(ScenePage)
        full = flowed(story.scenes[story.start].text)
        assert typed(page) != full.split()  # still typing
        await pilot.press("1")
        assert isinstance(app.screen, SceneScreen)  # the key completed the text, no more
        assert app.screen.session.state.choices == []
        assert typed(page) == full.split()
        await pilot.press("1")
        assert note_open(app)


async def test_a_resumed_game_types_too(story: Story, saves_dir: Path) -> None:
    """When resuming, the game is the app's first screen: the setting holds there too."""
    saves = SaveFolder(saves_dir, story)
    session = Session.new(story)
    session.choose(1)
    saves.autosave(session)
    Settings(typewriter=True).save(saves_dir / ".settings.json")
    app = TrotskyApp(story, saves, resume="newest")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SceneScreen)
        page = app.screen.query_one(ScenePage)
        full = flowed(session.scene.text)
        assert typed(page) != full.split()  # still typing
        await pilot.press("space")
        assert typed(page) == full.split()
