"""Every ending can be played to, in plain mode and in the TUI, by the keys a player presses."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.engine.walker import Graph
from game.ui.app import TrotskyApp
from game.ui.screens.ending import EndingScreen
from tests.conftest import SCENES
from tests.ui.support import until_shown

STORY = load_story_or_raise(SCENES)


def numbers_to(story: Story, ending: str) -> list[int]:
    """The on-screen numbers a player presses to reach `ending` (found by random walks)."""
    graph = Graph(story)
    for run in range(50_000):
        walk = graph.walk(random.Random(run))
        if walk.end == ending and not walk.error:
            session = Session.new(story)
            numbers = []
            for _scene, index in walk.path:
                option = next(o for o in session.options() if o.index == index)
                numbers.append(option.number)
                session.choose(option.number)
            assert session.scene.id == ending
            return numbers
    raise AssertionError(f"no walk reaches {ending}")


def historical_numbers(story: Story) -> list[int]:
    session = Session.new(story)
    numbers = []
    while not session.is_over:
        option = next(o for o in session.options() if o.choice is None or o.choice.history)
        numbers.append(option.number)
        session.choose(option.number)
    return numbers


ENDINGS = sorted(s.id for s in STORY.scenes.values() if s.ending)


@pytest.mark.parametrize("ending", ENDINGS)
def test_each_ending_plays_in_plain_mode(ending: str, tmp_path: Path) -> None:
    numbers = historical_numbers(STORY) if ending == "mx_death" else numbers_to(STORY, ending)
    result = subprocess.run(
        [sys.executable, "-m", "game", "--plain", "--saves", str(tmp_path)],
        input="".join(f"{n}\n" for n in numbers) + "1\npath\n",  # 1: read the epilogue
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    kind = "The historical ending" if ending == "mx_death" else "A counterfactual ending"
    assert f"== {kind}" in result.stdout
    assert f"-- {STORY.scenes[ending].title} --" in result.stdout
    assert result.stdout.count("-- What really happened --") <= len(numbers)
    assert "of your choices matched history." in result.stdout


async def test_the_historical_path_plays_to_the_end_in_the_tui(tmp_path: Path) -> None:
    app = TrotskyApp(STORY, SaveFolder(tmp_path, STORY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        notes = 0
        for number in historical_numbers(STORY):
            await pilot.press(str(number))
            if app.screen.note_shown:
                notes += 1
                await pilot.press("enter")
        await pilot.press("1")  # "The end: read the epilogue"
        assert isinstance(app.screen, EndingScreen)
        session = app.screen.session
        assert session.scene.id == "mx_death"
        assert notes == len(session.journal()) >= 60
        made = [r for r in session.state.choices if r.index >= 0]
        assert all(r.history for r in made)


@pytest.mark.parametrize("ending", [e for e in ENDINGS if e != "mx_death"])
async def test_each_counterfactual_ending_plays_in_the_tui(ending: str, tmp_path: Path) -> None:
    app = TrotskyApp(STORY, SaveFolder(tmp_path, STORY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        for number in numbers_to(STORY, ending):
            await pilot.press(str(number))
            if app.screen.note_shown:
                await pilot.press("enter")
        await pilot.press("1")
        assert isinstance(app.screen, EndingScreen)
        assert app.screen.session.scene.id == ending
        await until_shown(pilot, "A counterfactual ending", words=True)
