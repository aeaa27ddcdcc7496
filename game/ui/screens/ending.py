"""The end of the story (or of the chapters written so far): the epilogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine.model import flowed
from game.engine.session import Session
from game.i18n import N_, _
from game.present.ending import ending_view
from game.present.milestones import ending_line
from game.ui.screens.learning import PathDialog

if TYPE_CHECKING:
    from game.ui.app import TrotskyApp


class EndingScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("enter", "close", N_("Back to the title")),
        Binding("escape", "close", N_("Back to the title"), show=False),
        Binding("p", "path", N_("Your path against history")),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        view = ending_view(self.session)
        with Vertical(id="ending-box"):
            yield Static(view.heading, id="ending-heading", markup=False)
            with VerticalScroll(id="ending-scroll"):
                yield Static(flowed(view.text), id="ending-text", markup=False)
                for weighing in view.weighing:  # what the count alone would not ask
                    yield Static(flowed(weighing), classes="ending-weigh", markup=False)
            yield Static(view.score, id="ending-score", markup=False)
            if view.quiz:
                yield Static(view.quiz, id="ending-quiz", markup=False)
            keeper = cast("TrotskyApp", self.app).keeper
            line = ending_line(self.session.story, keeper.profile, keeper.this_run)
            yield Static(line, id="ending-milestones", markup=False)
            yield Static(
                _("p: your path against history · Enter: back to the title"),
                classes="muted",
                markup=False,
            )

    def action_path(self) -> None:
        self.app.push_screen(PathDialog(self.session))

    def action_close(self) -> None:
        if not self.is_current:  # a second Enter while the first is still closing it
            return
        self.dismiss(None)
