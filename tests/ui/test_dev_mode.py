"""Hot reload: rewrite a scene file while the game runs, as an author in --dev mode does."""

from __future__ import annotations

from pathlib import Path

from game.engine.loader import load_story_or_raise
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.ui.app import TrotskyApp
from game.ui.screens.dev import StoryErrorsScreen
from game.ui.screens.scene import SceneScreen
from tests.ui.test_app import SIZE, flat, shown


async def reloaded(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait past one watch interval and the reload worker."""
    await pilot.pause(0.7)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_edits_reload_in_place_and_errors_keep_the_last_good_story(
    mini_copy: Path, tmp_path: Path
) -> None:
    story = load_story_or_raise(mini_copy)
    start = Session.new(story)
    start.choose(1)  # courage 1, now in the yard
    app = TrotskyApp(story, SaveFolder(tmp_path / "saves", story), start=start, watch=mini_copy)
    chapter = mini_copy / "one.yaml"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "The yard" in shown(pilot)
        chapter.write_text(chapter.read_text().replace("title: The yard", "title: The muddy yard"))
        await reloaded(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert "The muddy yard" in shown(pilot)
        assert app.screen.session.state.variables["courage"] == 1  # the player's state is kept
        assert "2. Boast of your courage" in shown(pilot)

        chapter.write_text(chapter.read_text().replace("goto: road_end", "goto: road_edn"))
        await reloaded(pilot)
        assert isinstance(app.screen, StoryErrorsScreen)
        words = flat(pilot)
        assert "still playing the last good story" in words
        assert "names no scene; did you mean `road_end`?" in words
        await pilot.press("escape", "1")  # still playable on the last good story
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        assert app.screen.session.scene.id == "road_end"  # type: ignore[attr-defined]

        chapter.write_text(chapter.read_text().replace("goto: road_edn", "goto: road_end"))
        await reloaded(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert app.story is not story
