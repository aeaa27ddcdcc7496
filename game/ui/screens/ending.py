"""The end of the story (or of the chapters written so far): the epilogue."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine.model import flowed
from game.engine.session import Session
from game.ui.screens.learning import PathDialog

KIND = {
    "historical": "The historical ending",
    "counterfactual": "A counterfactual ending: history went otherwise",
}


class EndingScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("enter", "close", "Back to the title"),
        Binding("escape", "close", "Back to the title", show=False),
        Binding("p", "path", "Your path against history"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        scene = self.session.scene
        state = self.session.state
        matched = sum(1 for record in state.choices if record.history)
        made = sum(1 for record in state.choices if record.index >= 0)
        if scene.ending:
            heading, text = KIND[scene.ending], scene.epilogue
        else:
            heading = "To be continued"
            text = (
                f"{scene.title}: the story goes on in a chapter that is not written yet. "
                "Your game is saved; when the next chapter arrives, Continue takes you on."
            )
        with Vertical(id="ending-box"):
            yield Static(heading, id="ending-heading", markup=False)
            with VerticalScroll(id="ending-scroll"):
                yield Static(flowed(text), id="ending-text", markup=False)
                for weighing in self.session.weighing():  # what the count alone would not ask
                    yield Static(flowed(weighing.text), classes="ending-weigh", markup=False)
            yield Static(
                f"You made {made} choices; {matched} of them were what Trotsky did.",
                id="ending-score",
                markup=False,
            )
            right, total = self.session.quiz_totals()
            if total:
                yield Static(f"Quiz score: {right} of {total}.", markup=False)
            yield Static(
                "p: your path against history · Enter: back to the title",
                classes="muted",
                markup=False,
            )

    def action_path(self) -> None:
        self.app.push_screen(PathDialog(self.session))

    def action_close(self) -> None:
        if not self.is_current:  # a second Enter while the first is still closing it
            return
        self.dismiss(None)
