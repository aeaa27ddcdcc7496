"""Dialogs over the game: save under a name, load a slot, and the help card."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.errors import SaveError
from game.engine.saves import MAX_NAME, SaveSlot, slot_filename

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A framed modal with a heading; Escape closes it with no result."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Close")]
    HEADING = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.HEADING, classes="dialog-heading", markup=False)
            yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def action_cancel(self) -> None:
        self.dismiss(None)


class SaveDialog(Dialog[str]):
    HEADING = "Save the game"

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="a name for this save", max_length=MAX_NAME, id="save-name")
        yield Static("Enter saves, Escape cancels.", id="save-message", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            slot_filename(event.value)
        except SaveError as err:
            self.query_one("#save-message", Static).update(err.message)
            return
        self.dismiss(event.value)


def describe(slot: SaveSlot) -> str:
    """One line (or two) of the Load list, as literal text."""
    if slot.error:
        return f"{slot.name}  (cannot be loaded: {slot.error})"
    when = slot.updated.replace("T", " ")[:16]
    minutes = int(slot.play_seconds // 60)
    return f"{slot.name}\n  {slot.chapter} · {slot.date} · {slot.place}\n  saved {when} UTC · played {minutes} min"


class LoadDialog(Dialog[Path]):
    HEADING = "Load a saved game"

    def __init__(self, slots: list[SaveSlot]) -> None:
        super().__init__()
        self.slots = slots

    def compose_body(self) -> ComposeResult:
        if not self.slots:
            yield Static("There are no saves yet.", markup=False)
            return
        yield OptionList(
            *(
                Option(describe(slot), id=str(index), disabled=slot.error is not None)
                for index, slot in enumerate(self.slots)
            ),
            id="load-list",
            markup=False,
        )
        yield Static("Enter loads, Escape cancels.", classes="muted", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.slots[int(event.option.id or 0)].path)


HELP = """\
On a scene
  1-9            take that choice (or arrows and Enter, or click it)
  Tab, Enter     reach a glossary term under the text and read it
  j              journal: every historical note read; p there: your path vs history
  g              glossary of the terms met so far
  t              timeline of Trotsky's life, and where you are in it
  s              where you stand (the story's counters, and the last change)
  u, Backspace   undo the last choice (as far back as the chapter's start)
  Ctrl+S / l     save under a name / load a saved game
  Escape         back to the title screen (the game is autosaved)
  q              quit (the game is autosaved after every choice)
  Ctrl+P         the command palette: every action, and the themes

After a choice
  Enter, Space   close the historical note and go on

At the end of a chapter
  Q. Check your understanding: a short quiz on the chapter's notes (optional)

On the title screen
  n  new game    c  continue the newest save    l  load    q  quit

Resume from the command line with `trotsky --continue`, or play line by
line with `trotsky --plain` (type `help` there)."""


class HelpDialog(Dialog[None]):
    HEADING = "Keys"
    BINDINGS = [Binding("question_mark", "cancel", "Close", show=False)]

    def compose_body(self) -> ComposeResult:
        yield Static(HELP, id="help-text", markup=False)
