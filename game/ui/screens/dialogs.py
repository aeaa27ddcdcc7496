"""Dialogs over the game: save under a name, load a slot, and the help card."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.errors import SaveError
from game.engine.sanitize import clean
from game.engine.saves import MAX_NAME, SaveFolder, SaveSlot, slot_filename
from game.i18n import N_, _
from game.present.dates import saved_when

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A framed modal with a heading; Escape closes it with no result."""

    BINDINGS = [Binding("escape", "cancel", N_("Close"))]
    HEADING = ""  # marked with N_ where set: shown in the language of the moment

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(_(self.HEADING), classes="dialog-heading", markup=False)
            yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog[bool]):
    """A yes/no question: y or Enter on Yes confirms; n or Escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.HEADING = N_("Are you sure?")
        self.question = question

    def compose_body(self) -> ComposeResult:
        yield Static(self.question, id="confirm-question", markup=False)
        yield OptionList(
            Option(_("Yes (y)"), id="yes"),
            Option(_("No (n)"), id="no"),
            id="confirm-options",
            markup=False,
        )

    def on_mount(self) -> None:
        self.query_one("#confirm-options", OptionList).highlighted = 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class SaveDialog(Dialog[str]):
    HEADING = N_("Save the game")

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=_("a name for this save"), max_length=MAX_NAME, id="save-name")
        yield Static(_("Enter saves, Escape cancels."), id="save-message", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            slot_filename(event.value)
        except SaveError as err:
            self.query_one("#save-message", Static).update(err.message)
            return
        self.dismiss(event.value)


def describe(number: int, slot: SaveSlot) -> str:
    """One line (or three) of the Load list, as literal text."""
    if slot.error:
        return clean(
            _("{number}. {name}  (cannot be loaded: {error})").format(
                number=number, name=slot.name, error=slot.error
            )
        )
    minutes = int(slot.play_seconds // 60)
    return clean(  # the fields come from a file: no control character may pass
        f"{number}. {slot.name}\n   {slot.chapter} · {slot.date} · {slot.place}\n   "
        + _("saved {when} · played {minutes} min").format(
            when=saved_when(slot.updated), minutes=minutes
        )
    )


class LoadDialog(Dialog[Path]):
    HEADING = N_("Load a saved game")
    BINDINGS = [
        Binding("d", "delete", N_("Delete")),
        Binding("escape", "cancel", N_("Close")),
        # As on a scene, a number loads that save at once.
        *(Binding(str(n), f"take({n})", N_("Load"), show=False) for n in range(1, 10)),
    ]

    def __init__(self, folder: SaveFolder) -> None:
        super().__init__()
        self.folder = folder
        self.slots = folder.slots()

    def compose_body(self) -> ComposeResult:
        if not self.slots:
            yield Static(_("There are no saves yet."), markup=False)
            return
        yield OptionList(
            *(
                Option(describe(index + 1, slot), id=str(index), disabled=slot.error is not None)
                for index, slot in enumerate(self.slots)
            ),
            id="load-list",
            markup=False,
        )
        yield Static(
            _("1-9 or Enter loads · d deletes · Escape cancels"), classes="muted", markup=False
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.slots[int(event.option.id or 0)].path)

    def action_take(self, number: int) -> None:
        if 1 <= number <= len(self.slots) and self.slots[number - 1].error is None:
            self.dismiss(self.slots[number - 1].path)

    def action_delete(self) -> None:
        options = self.query("#load-list").first(OptionList) if self.slots else None
        if options is None or options.highlighted is None:
            return
        slot = self.slots[options.highlighted]
        if slot.error:
            self.notify(
                _(
                    "A save that cannot be loaded is never deleted by the game; "
                    "remove the file by hand."
                ),
                title=_("Not deleted"),
                severity="warning",
                markup=False,
            )
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.folder.delete(slot.path)
            except SaveError as err:
                self.notify(err.message, title=_("Not deleted"), severity="error", markup=False)
                return
            self.notify(
                _("Deleted “{name}”.").format(name=slot.name), title=_("Deleted"), markup=False
            )
            self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                _("Delete the save “{name}”? This cannot be undone.").format(name=slot.name)
            ),
            confirmed,
        )


HELP = N_("""\
On a scene
  1-9            take that choice (or arrows and Enter, or click it)
  Tab ←/→ Enter  reach a glossary term under the text and read it (or click it)
  j              journal: every historical note read; p there: your path vs history
  g              glossary of the terms met so far
  t              timeline of Trotsky's life, and where you are in it
  s              where you stand (the story's counters, and the last change)
  u, Backspace   undo the last choice (as far back as the chapter's start)
  Ctrl+S / l     save under a name / load a saved game
  PgUp / PgDn    scroll a long scene
  Escape         back to the title screen (the game is autosaved)
  q / Ctrl+Q     quit, after asking / at once (the game is autosaved)
  Ctrl+P         the command palette: every action, the themes, the language
  ?              this card (Escape closes it)

After a choice
  the historical note takes the scene's place: what really happened, when,
  where, and the source (j, g, t, s still work while it is up)
  Enter, Space   close the note and go on (Escape too)

At the end of a chapter
  the last numbered choice: Check your understanding, a short quiz on the
  chapter's notes (optional); 1-9 answers, Enter goes on

On the title screen
  n  new game    c  continue the newest save    l  load    q  quit
  In the Load list, 1-9 loads that save (d deletes it)

Resume from the command line with `trotsky --continue`, or play line by
line with `trotsky --plain` (type `help` there).""")


class HelpDialog(Dialog[None]):
    HEADING = N_("Keys")
    BINDINGS = [Binding("question_mark", "cancel", N_("Close"), show=False)]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(_(HELP), id="help-text", markup=False)
