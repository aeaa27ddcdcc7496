"""Hot reload: rewrite a scene file while the game runs, as an author in --dev mode does."""

from __future__ import annotations

from pathlib import Path

from game.engine.loader import load_story_or_raise
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.ui.app import TrotskyApp
from game.ui.screens.dev import StoryErrorsScreen
from game.ui.screens.scene import SceneScreen
from tests.ui.support import SIZE, notices, settle, until, until_screen, until_shown


def edit(chapter: Path, old: str, new: str) -> None:
    """Rewrite the file as an editor does; each edit here changes its size as well as its
    content, so the watch sees it whatever the file system's time resolution."""
    text = chapter.read_text()
    assert old in text and len(old) != len(new)
    chapter.write_text(text.replace(old, new))


def reloads(pilot) -> int:  # type: ignore[no-untyped-def]
    return notices(pilot).count("Dev mode: Story reloaded")


async def test_edits_reload_in_place_and_errors_keep_the_last_good_story(
    mini_copy: Path, tmp_path: Path
) -> None:
    story = load_story_or_raise(mini_copy)
    start = Session.new(story)
    start.choose(1)  # courage 1, now in the yard
    app = TrotskyApp(story, SaveFolder(tmp_path / "saves", story), start=start, watch=mini_copy)
    chapter = mini_copy / "one.yaml"
    async with app.run_test(size=SIZE) as pilot:
        await until_shown(pilot, "The yard")
        edit(chapter, "title: The yard", "title: The muddy yard")
        await until(pilot, lambda: reloads(pilot) == 1)
        await until_shown(pilot, "The muddy yard", "2. Boast of your courage")
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.session.state.variables["courage"] == 1  # the player's state is kept

        edit(chapter, "goto: road_end", "goto: road_ends")
        await until_screen(pilot, StoryErrorsScreen)
        words = await until_shown(
            pilot,
            "still playing the last good story",
            "names no scene; did you mean `road_end`?",
            words=True,
        )
        assert "road_ends" in words
        await pilot.press("escape", "1")  # still playable on the last good story
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.session.scene.id == "road_end")  # type: ignore[attr-defined]
        await settle(pilot)

        edit(chapter, "goto: road_ends", "goto: road_end")
        await until(pilot, lambda: reloads(pilot) == 2)
        assert isinstance(app.screen, SceneScreen)
        assert app.story is not story
