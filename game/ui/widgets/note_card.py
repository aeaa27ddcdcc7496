"""The historical note shown after every choice: what really happened, when, where, source."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message

from game.engine.model import Note, flowed
from game.i18n import N_, _
from game.ui.widgets.wrap_once import WrapOnce

HEADING = N_("What really happened")  # translated where shown: the language is chosen later


class NoteCard(WrapOnce):
    """Kept mounted and filled in place: a new note repaints one widget, it builds none."""

    DEFAULT_CSS = """
    NoteCard {
        height: auto;
        max-width: 90;
        border: thick $accent;
        border-title-color: $accent;
        border-title-style: bold;
        padding: 0 1;
        .note-card--when { color: $text-muted; }
        .note-card--source { text-style: italic; }
    }
    """
    COMPONENT_CLASSES = {"note-card--when", "note-card--source"}

    class Closed(Message):
        """The player clicked the note: read, go on."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.note: Note | None = None

    def on_mount(self) -> None:
        self.border_title = _(HEADING)

    def show(self, note: Note) -> None:
        self.border_title = _(HEADING)  # the language may have changed since the last note
        self.note = note
        self.rewrap()

    def prepare_note(self, note: Note) -> None:
        """Wrap a note that may come next (see WrapOnce.prepare)."""
        self.prepare(self._card(note))

    def render(self) -> Content:
        return Content() if self.note is None else self._card(self.note)

    def _card(self, note: Note) -> Content:
        # assemble takes the story's text as plain text and strips its control codes
        return Content.assemble(
            (f"{note.date} · {note.place}", self.get_visual_style("note-card--when")),
            "\n\n",
            flowed(note.text),
            "\n\n",
            (
                _("Source: {source}").format(source=note.source),
                self.get_visual_style("note-card--source"),
            ),
        )

    def on_click(self) -> None:
        self.post_message(self.Closed())
