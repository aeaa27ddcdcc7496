"""The historical note shown after every choice: what really happened, when, where, source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine.model import flowed
from game.engine.session import Step


class NoteScreen(ModalScreen[Step]):
    AUTO_FOCUS = "#note-scroll"
    BINDINGS = [
        Binding("enter", "close", "Continue"),
        Binding("space", "close", "Continue", show=False),
        Binding("escape", "close", "Continue", show=False),
    ]

    def __init__(self, step: Step) -> None:
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        note = self.step.note
        assert note is not None
        with Vertical(id="note-box"):
            yield Static("What really happened", id="note-heading", markup=False)
            yield Static(f"{note.date} · {note.place}", id="note-when", markup=False)
            with VerticalScroll(id="note-scroll"):
                yield Static(flowed(note.text), id="note-text", markup=False)
                yield Static(f"Source: {note.source}", id="note-source", markup=False)
            yield Static("Press Enter to continue", id="note-continue", markup=False)

    def on_click(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(self.step)
