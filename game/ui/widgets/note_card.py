"""The historical note shown after every choice: what really happened, when, where, source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from game.engine.model import Note, flowed
from game.i18n import N_, _

HEADING = N_("What really happened")  # translated where shown: the language is chosen later


class NoteCard(Vertical):
    """Kept mounted and filled in place: a new note repaints text, it builds no widgets."""

    DEFAULT_CSS = """
    NoteCard {
        height: auto;
        max-width: 90;
        border: thick $accent;
        border-title-color: $accent;
        border-title-style: bold;
        padding: 0 1;
        & #note-when { color: $text-muted; margin-bottom: 1; }
        & #note-source { margin-top: 1; text-style: italic; }
    }
    """

    class Closed(Message):
        """The player clicked the note: read, go on."""

    def compose(self) -> ComposeResult:
        yield Static(id="note-when", markup=False)
        yield Static(id="note-text", markup=False)
        yield Static(id="note-source", markup=False)

    def on_mount(self) -> None:
        self.border_title = _(HEADING)

    def show(self, note: Note) -> None:
        self.border_title = _(HEADING)  # the language may have changed since the last note
        self.query_one("#note-when", Static).update(f"{note.date} · {note.place}")
        self.query_one("#note-text", Static).update(flowed(note.text))
        self.query_one("#note-source", Static).update(
            _("Source: {source}").format(source=note.source)
        )

    def on_click(self) -> None:
        self.post_message(self.Closed())
