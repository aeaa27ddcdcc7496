"""The glossary terms of a scene on one line: click one, or focus the row and press Enter."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.style import Style

from game.engine.model import GlossaryTerm
from game.i18n import N_, _
from game.ui.widgets.cursor import CursorWidget

LABEL = N_("Glossary: ")  # translated where shown


class TermRow(CursorWidget):
    """One widget, not a button per term, so a new scene only repaints a line."""

    DEFAULT_CSS = """
    TermRow {
        height: auto;
        margin-top: 1;
    }
    """
    BINDINGS = [
        Binding("left", "move(-1)", N_("Previous term"), show=False),
        Binding("right", "move(1)", N_("Next term"), show=False),
        Binding("enter", "select", N_("Define"), show=False),
    ]

    class Chosen(Message):
        """The player asked for a term's definition."""

        def __init__(self, term: GlossaryTerm) -> None:
            super().__init__()
            self.term = term

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.terms: tuple[GlossaryTerm, ...] = ()

    def show(self, terms: Sequence[GlossaryTerm]) -> None:
        """Show these terms (none hides the row)."""
        self.terms = tuple(terms)
        self.highlighted = 0
        self.display = bool(self.terms)
        self.refresh(layout=True)

    def render(self) -> Content:
        parts: list[str | tuple[str, str | Style]] = [(_(LABEL), "dim")]
        for index, term in enumerate(self.terms):
            look = (
                "reverse underline" if self.has_focus and index == self.highlighted else "underline"
            )
            # The term is the author's text: plain, with the click as style meta, never markup.
            parts += [
                (term.term, Style.parse(look) + Style.from_meta({"@click": f"choose({index})"})),
                "  ",
            ]
        return Content.assemble(*parts)

    @property
    def item_count(self) -> int:
        return len(self.terms)

    def take(self, index: int) -> None:
        self.post_message(self.Chosen(self.terms[index]))
