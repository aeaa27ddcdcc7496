"""Switching language in the middle of a game, from the command palette: the same place, the
same note, the same choices, every word in the new language; the choice is remembered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game import i18n
from game.cli import saved_language
from game.engine.editions import Editions
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.settings import SETTINGS_FILE
from game.ui.app import TrotskyApp
from game.ui.screens.scene import SceneScreen
from tests.conftest import SCENES
from tests.ui.support import flat, record_notifications, until, until_screen

__all__ = ["record_notifications"]

SIZE = (110, 36)


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield
    i18n.set_language(i18n.ENGLISH)  # the switch sets the language of the process


async def test_the_palette_switches_language_mid_game_and_back(
    story: Story, tmp_path: Path
) -> None:
    editions = Editions(story, SCENES)
    spanish, _ = editions.story("es")
    first = story.scenes[story.start]
    note_en = first.choices[0].note
    note_es = spanish.scenes[story.start].choices[0].note
    assert note_en is not None and note_es is not None and note_en.text != note_es.text
    app = TrotskyApp(story, SaveFolder(tmp_path, story), editions=editions)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until_screen(pilot, SceneScreen)
        await pilot.press("1")
        await until(pilot, lambda: "What really happened" in flat(pilot))
        game = app.screen
        assert isinstance(game, SceneScreen)
        choices = list(game.session.state.choices)

        await pilot.press("ctrl+p", *"Language", "enter")
        await until(pilot, lambda: "Lo que pasó en realidad" in flat(pilot))
        shown = flat(pilot)
        assert " ".join(note_es.text.split())[:60] in shown  # the same note, in Spanish
        assert spanish.scenes[story.start].shown_date in shown  # when the choice was made
        assert "Guardar" in shown and "Pulsa Enter para seguir" in shown  # keys, the option
        assert app.screen is game and list(game.session.state.choices) == choices
        assert json.loads((tmp_path / SETTINGS_FILE).read_text())["language"] == "es"

        await pilot.press("enter")  # the note closes: the next scene, in Spanish
        scene_es = spanish.scenes[game.session.state.scene]
        await until(pilot, lambda: scene_es.title in flat(pilot))
        assert "Capítulo 1" in flat(pilot)

        await pilot.press("ctrl+p", *"Idioma", "enter")
        scene_en = story.scenes[game.session.state.scene]
        await until(pilot, lambda: scene_en.title in flat(pilot) and "Chapter 1" in flat(pilot))
        assert "Save" in flat(pilot) and i18n.current() == "en"
        assert list(game.session.state.choices) == choices
    assert json.loads((tmp_path / SETTINGS_FILE).read_text())["language"] == "en"


async def test_the_switch_closes_dialogs_and_relabels_the_title(
    story: Story, tmp_path: Path
) -> None:
    app = TrotskyApp(story, SaveFolder(tmp_path, story), editions=Editions(story, SCENES))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "New game" in flat(pilot))
        await pilot.press("ctrl+p", *"Language", "enter")
        await until(pilot, lambda: "Nueva partida" in flat(pilot))
        assert "Leon Trotsky's road" not in flat(pilot)


def test_the_language_chosen_in_the_game_is_the_next_start_s(tmp_path: Path) -> None:
    assert saved_language(tmp_path, "en") == "en"  # no settings yet
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"language": "es"}))
    assert saved_language(tmp_path, "en") == "es"
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"language": "xx"}))
    assert saved_language(tmp_path, "en") == "en"  # a language the game does not have


async def test_a_language_the_game_lacks_is_ignored(story: Story, tmp_path: Path) -> None:
    """A settings file may name anything: only a language the game has is used."""
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"language": "../scenes"}))
    app = TrotskyApp(story, SaveFolder(tmp_path, story), editions=Editions(story, SCENES))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "New game" in flat(pilot))
        for hostile in (app.settings.language, "xx", "../es", "ES/../es"):
            app.use_language(hostile)
            assert i18n.current() == "en" and app.story is story
    assert Editions(story, SCENES).story("../es") == (story, None)
