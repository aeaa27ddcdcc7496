"""The Textual UI in Spanish: the scene, its choices, the note card and the chapter line."""

from __future__ import annotations

from pathlib import Path

from game import i18n
from game.engine.findings import Findings
from game.engine.model import Story
from game.engine.overlay import apply_overlay, load_overlay
from game.engine.saves import SaveFolder
from game.ui.app import TrotskyApp
from game.ui.screens.scene import SceneScreen
from game.ui.widgets.note_card import NoteCard
from tests.conftest import SCENES


def texts(app: TrotskyApp) -> str:
    """The text of every text widget on the active screen, as it renders it."""
    widgets = app.screen.query("Static, WhereLine, ScenePage, NoteCard")
    return "\n".join(str(widget.render()) for widget in widgets)


async def test_a_new_game_in_spanish(story: Story, tmp_path: Path) -> None:
    spanish = apply_overlay(story, load_overlay(SCENES, "es", Findings()))
    with i18n.speaking("es"):
        app = TrotskyApp(spanish, SaveFolder(tmp_path, spanish))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, SceneScreen)
            shown = texts(app)
            assert "Capítulo 1: El destierro en Siberia" in shown
            assert "Desembarco en Ust-Kut" in shown
            await pilot.press("1")
            await pilot.pause()
            shown = texts(app)
            assert app.screen.query_one(NoteCard).border_title == "Lo que pasó en realidad"
            assert "Fuente: Leon Trotsky, My Life (1930), ch. 9" in shown
