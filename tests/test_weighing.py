"""The ending asks the player to weigh a counter's decisions (a variable's `weigh:`), in both
faces, instead of only counting how many choices matched history."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Static

from game.engine.loader import load_story_or_raise
from game.engine.saves import SaveFolder
from game.ui.app import TrotskyApp
from game.ui.screens.ending import EndingScreen
from game.ui.screens.scene import SceneScreen
from tests.conftest import MINI, play_plain

QUESTION = "Was the courage worth the risk?"


def weighed_story(tmp_path: Path) -> Path:
    """The small story, its `courage` counter given a question for the ending."""
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    manifest = folder / "story.yaml"
    text = manifest.read_text(encoding="utf-8")
    old = "label: Courage, visible: true }"
    assert old in text
    manifest.write_text(
        text.replace(old, f'label: Courage, visible: true, weigh: "{QUESTION}" }}'),
        encoding="utf-8",
    )
    return folder


def test_plain_lists_the_decisions_and_asks_the_question(tmp_path: Path) -> None:
    result = play_plain("1\n2\n1\n", tmp_path / "saves", scenes=weighed_story(tmp_path))
    assert result.returncode == 0, result.stderr
    ending = result.stdout.rsplit("\n== ", 1)[1]  # from the ending's heading on
    assert "Courage: raised by 1 of your decisions." in ending
    assert "- October 1900, The hut: Go outside" in ending
    assert QUESTION in ending


def test_plain_asks_nothing_when_the_counter_never_grew(tmp_path: Path) -> None:
    result = play_plain("2\n", tmp_path / "saves", scenes=weighed_story(tmp_path))
    assert result.returncode == 0, result.stderr
    assert QUESTION not in result.stdout


async def test_the_ending_screen_asks_the_question(tmp_path: Path) -> None:
    story = load_story_or_raise(weighed_story(tmp_path))
    app = TrotskyApp(story, SaveFolder(tmp_path / "saves", story))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "1", "enter", "2", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        await pilot.press("1")
        assert isinstance(app.screen, EndingScreen)
        (weigh,) = app.screen.query(".ending-weigh").results(Static)
        shown = str(weigh.content)
        assert "Courage: raised by 1 of your decisions." in shown
        assert "October 1900, The hut: Go outside" in shown
        assert QUESTION in shown
        assert weigh.display
