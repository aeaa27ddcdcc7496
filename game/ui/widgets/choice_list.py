"""The numbered choices of a scene, or the one way on after a note."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.events import Click, MouseMove
from textual.geometry import Region, Size
from textual.message import Message
from textual.widget import Widget

from game.i18n import N_
from game.ui.widgets.cursor import CursorWidget

STEADY_ROWS = 30  # screens this tall keep the list's reserved height (see `reserve`)


class ChoiceList(CursorWidget):
    """One widget drawing every option as one text, so a new scene repaints it and is laid
    out once: Textual's OptionList measured itself a second time after every change."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        padding: 0 1;
        text-wrap: nowrap;
        background: $surface;
        .choice-list--highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus .choice-list--highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """
    COMPONENT_CLASSES = {"choice-list--highlighted"}
    BINDINGS = [
        Binding("up", "move(-1)", N_("Previous choice"), show=False),
        Binding("down", "move(1)", N_("Next choice"), show=False),
        Binding("home", "move_to(0)", N_("First choice"), show=False),
        Binding("end", "move_to(-1)", N_("Last choice"), show=False),
        Binding("enter", "select", N_("Choose"), show=False),
    ]

    class Selected(Message):
        """The player took an option (Enter, or a click)."""

        def __init__(self, option_id: str) -> None:
            super().__init__()
            self.option_id = option_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options: tuple[tuple[str, str], ...] = ()  # (id, label)
        self.rows = 0  # the least height in lines, kept whatever the options (see `reserve`)
        self._wrapped: tuple[int, list[tuple[int, Content]]] | None = None  # (width, lines)

    def show(self, options: Sequence[tuple[str, str]]) -> None:
        """Offer these (id, label) options, the first highlighted."""
        self.options = tuple(options)
        self._wrapped = None
        self.highlighted = 0
        self.refresh(layout=True)

    def reserve(self, rows: int) -> None:
        """Keep at least `rows` lines, so the list (and the page above it) keeps one height
        from scene to note to scene: a key then repaints the text and the options, not the
        whole screen around a box that grew or shrank (headless, 120x40: a key's layout and
        render took 4.4 ms, then 3.4)."""
        if rows != self.rows:
            self.rows = rows
            self.refresh(layout=True)

    def _lines(self, width: int) -> list[tuple[int, Content]]:
        """(option index, line) of every line drawn at this width; wrapped once per width,
        since layout, every render and every mouse move need them."""
        width = max(1, width)
        if self._wrapped is None or self._wrapped[0] != width:
            lines = [
                (index, line)
                for index, (_, label) in enumerate(self.options)
                for line in Content(label).wrap(width)
            ]
            self._wrapped = (width, lines)
        return self._wrapped[1]

    def watch_highlighted(self) -> None:
        self.refresh()
        self.call_after_refresh(self.show_highlighted)

    def show_highlighted(self) -> None:
        """Scroll the box around the list (small screens) to the highlighted option."""
        box = self.parent
        if self._wrapped is None or not isinstance(box, Widget) or not box.is_scrollable:
            return
        rows = [y for y, (index, _) in enumerate(self._wrapped[1]) if index == self.highlighted]
        if rows:
            top = self.virtual_region.y + rows[0]
            box.scroll_to_region(Region(0, top, 1, len(rows)), animate=False)

    def render(self) -> Content:
        width = max(1, self.content_region.width)
        cursor = self.get_visual_style("choice-list--highlighted")
        return Content("\n").join(
            line.pad_right(width - line.cell_length).stylize(cursor)
            if index == self.highlighted
            else line
            for index, line in self._lines(width)
        )

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        lines = len(self._lines(width))
        # On a small screen every line of text counts: the reserve only from STEADY_ROWS up.
        return max(self.rows, lines) if viewport.height >= STEADY_ROWS else lines

    @property
    def item_count(self) -> int:
        return len(self.options)

    def take(self, index: int) -> None:
        self.post_message(self.Selected(self.options[index][0]))

    def _option_at(self, y: int) -> int | None:
        lines = self._lines(self.content_region.width)
        return lines[y][0] if 0 <= y < len(lines) else None

    def on_mouse_move(self, event: MouseMove) -> None:
        index = self._option_at(event.y)
        if index is not None:
            self.highlighted = index

    def on_click(self, event: Click) -> None:
        index = self._option_at(event.y)
        if index is not None:
            self.action_choose(index)
