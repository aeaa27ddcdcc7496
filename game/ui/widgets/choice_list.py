"""The numbered choices of a scene, or the one way on after a note."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.events import Click, MouseEvent, MouseMove
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from game.i18n import N_
from game.ui.widgets.cursor import CursorWidget
from game.ui.widgets.wrap_once import keep

Options = tuple[tuple[str, str], ...]  # (id, label) of each option
STEADY_ROWS = 30  # screens this tall keep the list's reserved height (see `reserve`)


class ChoiceList(CursorWidget, ScrollView, inherit_bindings=False):
    """One widget drawing every option as one text, so a new scene repaints it and is laid
    out once: Textual's OptionList measured itself a second time after every change.
    It scrolls itself (Textual's Line API) when the screen is too small for every option:
    a scrolling box around it cost every key ~9% more calls (one more widget to arrange,
    and the list measured twice)."""

    ALLOW_MAXIMIZE = False

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        overflow-x: hidden;
        overflow-y: auto;
        padding: 0 0 0 1;  /* and one blank cell on the right: see `_lines` */
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
        self.options: Options = ()
        self.rows = 0  # the least height in lines, kept whatever the options (see `reserve`)
        # Small caches, so that a list shown again (the note's one way on) or prepared while
        # the player reads (the next scene's) is neither wrapped nor painted on the key.
        self._wrapped: dict[tuple[Options, int], list[tuple[int, Content]]] = {}
        self._painted: dict[tuple[object, ...], list[Strip]] = {}

    def show(self, options: Sequence[tuple[str, str]]) -> None:
        """Offer these (id, label) options, the first highlighted."""
        width = self._width()
        before = len(self._lines(width))
        self.options = tuple(options)
        self.set_reactive(ChoiceList.highlighted, 0)  # repainted below, with the options
        if self.scroll_offset.y:
            self.scroll_to(y=0, animate=False, immediate=True)
        after = len(self._lines(width))
        steady = self._steady() and max(before, after) <= self.rows
        if steady and not self.show_vertical_scrollbar and self.size.width:
            # The box keeps its height (see `reserve`): repaint the lines that change, not
            # the border around them (in tmux every byte of a frame costs time).
            self.refresh(Region(0, 0, self.size.width, max(before, after)))
        else:
            self.refresh(layout=True)

    def reserve(self, rows: int) -> None:
        """Keep at least `rows` lines, so the list (and the page above it) keeps one height
        from scene to note to scene: a key then repaints the text and the options, not the
        whole screen around a box that grew or shrank (headless, 120x40: a key's layout and
        render took 4.4 ms, then 3.4)."""
        if rows != self.rows:
            self.rows = rows
            self.refresh(layout=True)

    def prepare(self, options: Sequence[tuple[str, str]]) -> None:
        """Wrap and paint a list that may come next, as `show` will show it (see
        WrapOnce.prepare)."""
        if self.size.width:
            self._paint(tuple(options), self._width(), 0)

    def _lines(self, width: int, options: Options | None = None) -> list[tuple[int, Content]]:
        """(option index, line) of every line drawn at this content width; wrapped once per
        width, since layout, every render and every mouse move need them. The last cell stays
        blank, a right padding that keeps a scrollbar beside the border, not inside it."""
        key = (self.options if options is None else options, max(1, width - 1))
        lines = self._wrapped.get(key)
        if lines is None:
            wrapped = [
                (index, line)
                for index, (_, label) in enumerate(key[0])
                for line in Content(label).wrap(key[1])
            ]
            lines = keep(self._wrapped, key, wrapped)
        return lines

    def watch_highlighted(self) -> None:
        self.refresh()
        self.show_highlighted()

    def show_highlighted(self) -> None:
        """Scroll (on small screens) to the highlighted option."""
        if not self.is_mounted or not self.size.width:
            return
        lines = self._lines(self._width())
        rows = [y for y, (index, _) in enumerate(lines) if index == self.highlighted]
        if rows:
            region = Region(0, rows[0], 1, len(rows))
            self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def _width(self) -> int:
        """The content's width, less the scrollbar when it shows."""
        return max(1, self.scrollable_content_region.width)

    def _set_virtual_size(self, width: int) -> None:
        """Tell the scrolling how many lines there are (a line-API widget counts its own):
        the reserved height on a steady screen, so that it changes with the options no more
        than the box does."""
        lines = len(self._lines(width))
        size = Size(width, max(lines, self.rows) if self._steady() else lines)
        if size != self.virtual_size:
            self.virtual_size = size
            self._scroll_update(size)

    def _strips(self) -> list[Strip]:
        return self._paint(self.options, self._width(), self.highlighted)

    def _paint(self, options: Options, width: int, highlighted: int) -> list[Strip]:
        """Every line painted, once for each list, width, highlight, focus and theme."""
        style = self.visual_style
        # a new theme reaches notify_style_update, which forgets the strips
        key = (options, width, highlighted, self.has_focus, style)
        strips = self._painted.get(key)
        if strips is None:
            cursor = self.get_visual_style("choice-list--highlighted")  # with focus or without
            text = Content("\n").join(
                line.pad_right(width - 1 - line.cell_length).stylize(cursor)
                if index == highlighted
                else line
                for index, line in self._lines(width, options)
            )
            strips = keep(self._painted, key, Visual.to_strips(self, text, width, None, style))
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        self._set_virtual_size(self._width())
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        strips = self._strips()
        line = self.scroll_offset.y + y
        if 0 <= line < len(strips):
            return strips[line]
        return Strip.blank(self._width(), self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        self._painted.clear()  # new styles: the same options in new colours
        super().notify_style_update()

    def _steady(self) -> bool:
        """On a small screen every line of text counts: the reserve only from STEADY_ROWS up."""
        return self.app.size.height >= STEADY_ROWS

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        lines = len(self._lines(width))
        return max(self.rows, lines) if self._steady() else lines

    @property
    def item_count(self) -> int:
        return len(self.options)

    def take(self, index: int) -> None:
        self.post_message(self.Selected(self.options[index][0]))

    def _option_at(self, event: MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:  # on the border or the scrollbar
            return None
        y = offset.y + self.scroll_offset.y
        lines = self._lines(self._width())
        return lines[y][0] if 0 <= y < len(lines) else None

    def on_mouse_move(self, event: MouseMove) -> None:
        index = self._option_at(event)
        if index is not None:
            self.highlighted = index

    def on_click(self, event: Click) -> None:
        index = self._option_at(event)
        if index is not None:
            self.action_choose(index)
