"""The Textual application: owns the story and the saves folder, and switches screens."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from game.engine.errors import GameError
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.ui.screens.scene import SceneScreen
from game.ui.screens.title import TitleScreen


class TrotskyApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Trotsky: The Prophet's Road"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, story: Story, saves: SaveFolder, resume: str | None = None) -> None:
        super().__init__()
        self.story = story
        self.saves = saves
        self.resume = resume  # "newest", a slot name, or None for the title screen
        self.title = story.title

    def on_mount(self) -> None:
        self.push_screen(TitleScreen())
        if self.resume == "newest":
            self.continue_game()
        elif self.resume:
            self.load_game(self.resume)

    def new_game(self) -> None:
        self.play(Session.new(self.story))

    def continue_game(self) -> None:
        newest = self.saves.newest()
        if newest is None:
            self.notify("There is no saved game to continue yet.", title="Continue", markup=False)
            return
        self.load_game(newest.path)

    def load_game(self, target: str | Path) -> None:
        """Load a save and play it; a bad save is reported and left as it is."""
        try:
            loaded = self.saves.load(target)
        except GameError as err:
            self.notify(
                err.message,
                title="Cannot load this save",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        for notice in loaded.notices:
            self.notify(notice, title="Save carried forward", timeout=8, markup=False)
        self.play(loaded.session(self.story))

    def play(self, session: Session) -> None:
        while isinstance(self.screen, SceneScreen):  # one game at a time
            self.pop_screen()
        self.push_screen(SceneScreen(session))
