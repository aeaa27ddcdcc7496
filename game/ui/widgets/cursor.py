"""The part the choice list and the glossary row share: items, one of them highlighted."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget


class CursorWidget(Widget, can_focus=True):
    """A focusable widget over `item_count` items; the keys that move `highlighted` are the
    subclass's bindings (`move(±1)`, `move_to(0 | -1)`), `take(index)` is what choosing does."""

    highlighted: reactive[int] = reactive(0)

    @property
    def item_count(self) -> int:
        raise NotImplementedError

    def take(self, index: int) -> None:
        raise NotImplementedError

    def watch_highlighted(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()  # the highlight looks different with and without focus

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.item_count:
            self.highlighted = (self.highlighted + step) % self.item_count

    def action_move_to(self, index: int) -> None:
        if self.item_count:
            self.highlighted = index % self.item_count

    def action_choose(self, index: int) -> None:
        if 0 <= index < self.item_count:
            self.highlighted = index
            self.take(index)

    def action_select(self) -> None:
        self.action_choose(self.highlighted)
