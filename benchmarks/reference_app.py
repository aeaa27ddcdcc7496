"""The smallest Textual app that looks like the game: what a cold start and a key cost anyway.

A Header, a Static text, an OptionList and a Footer; pressing 1 replaces the Static's text
(with a counter, so every press shows new text). `python benchmarks/reference_app.py`.
It imports nothing from the game, so it is launched the same way as the `trotsky` script.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList, Static

# kept equal to benchmarks.common.REFERENCE_FIRST_TEXT and REFERENCE_REPLACED
FIRST_TEXT = "Reference app ready"
REPLACED = "Replaced text number {}"


class ReferenceApp(App[None]):
    BINDINGS = [Binding("1", "replace", "Replace"), Binding("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(FIRST_TEXT, id="text", markup=False)
        yield OptionList("New game", "Continue", "Load a saved game", "Quit", id="menu")
        yield Footer()

    def action_replace(self) -> None:
        self.presses += 1
        self.query_one("#text", Static).update(REPLACED.format(self.presses))


if __name__ == "__main__":
    ReferenceApp().run()
