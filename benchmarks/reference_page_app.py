"""Bare Textual doing what a scene change does: figure 2's reference for a key.

A Header, a VerticalScroll holding a Static, an OptionList and a Footer. Pressing 1 swaps a
whole page of wrapped text (about 900 characters, as long as a scene of the shipped story)
with `Static.update`, scrolls it home, and replaces the menu's three options with
`OptionList.clear_options` and `add_options`: the least any Textual app pays to change a page
on a key. `python benchmarks/reference_page_app.py`. Like reference_app.py, it imports
nothing from the game or the benchmarks.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static

# kept equal to benchmarks.common.PAGE_FIRST_TEXT and PAGE_REPLACED
FIRST_TEXT = "Page reference ready"
REPLACED = "Page number {}."
WORDS = (
    "The delegates argued through the night in the smoky hall while the printers waited for "
    "copy, and every faction counted its votes again before the morning session began. "
)


def page(number: int) -> str:
    """A page of wrapped text that differs at every press (its number, first and last)."""
    body = WORDS * 5  # about 900 characters, wrapped over several lines
    return f"{REPLACED.format(number)} {body}End of page {number}."


def options(number: int) -> list[str]:
    return [f"{n}. Choice {n} of page {number}" for n in range(1, 4)]


class PageReferenceApp(App[None]):
    BINDINGS = [Binding("1", "swap", "Swap"), Binding("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(f"{FIRST_TEXT}. {WORDS * 5}", id="text", markup=False)
        yield OptionList(*options(0), id="menu")
        yield Footer()

    def action_swap(self) -> None:
        self.presses += 1
        self.query_one("#text", Static).update(page(self.presses))
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        menu = self.query_one("#menu", OptionList)
        menu.clear_options()
        menu.add_options(options(self.presses))


if __name__ == "__main__":
    PageReferenceApp().run()
