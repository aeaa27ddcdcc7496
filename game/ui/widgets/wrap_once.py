"""A text widget that wraps its text once per change, not once to measure and once to paint,
and can wrap the text it will show next while the player is still reading."""

from __future__ import annotations

from typing import TypeVar

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

K = TypeVar("K")
V = TypeVar("V")
PREPARED = 8  # texts wrapped ahead, kept until used or pushed out (a scene offers up to ~5)


def keep(cache: dict[K, V], key: K, value: V, most: int = PREPARED) -> V:
    """Put `value` in a small cache of at most `most` entries, dropping the oldest first."""
    while len(cache) >= most:
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


class WrapOnce(Widget):
    """Textual wraps a widget's text twice for each new text: to measure its height (layout),
    then again to paint it. This widget keeps the strips it wrapped to measure and paints
    them (Textual's Line API): Enter's key cost ~7% fewer calls with the page and the note
    made so. Subclasses call `rewrap` where they would refresh the layout, and `prepare`
    with a text they are likely to show next."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._version = 0  # bumped by every new text
        self._strips: tuple[tuple[object, ...], list[Strip]] | None = None  # (key, strips)
        self._prepared: dict[tuple[object, ...], list[Strip]] = {}  # see `prepare`

    def rewrap(self) -> None:
        """The text changed: wrap it again at the next layout."""
        self._version += 1
        self.refresh(layout=True)

    def prepare(self, text: Content) -> None:
        """Wrap a text this widget may show next. Called while the player reads, it takes
        the wrapping (0.4-1.2 ms a page) off the next key's frame; a text shown at another
        width or in other colours is simply wrapped again."""
        style = self.visual_style
        for width in self._widths_ahead():
            key = self._prepared_key(text, width, style)
            if key not in self._prepared:
                keep(self._prepared, key, Visual.to_strips(self, text, width, None, style))

    def _widths_ahead(self) -> set[int]:
        """The widths this widget's text may have when next shown. Hidden now (its size is
        then 0), it will take its parent's width, with or without the parent's scrollbar,
        up to its max-width, less its own border and padding."""
        parent = self.parent
        if not isinstance(parent, Widget) or not parent.size:
            return set()
        room = parent.content_region
        widths = set()
        for width in (room.width, room.width - parent.styles.scrollbar_size_vertical):
            most = self.styles.max_width
            if most is not None:
                width = min(width, int(most.resolve(room.size, self.app.size)))
            width -= self.styles.gutter.width
            if width > 0:
                widths.add(width)
        return widths

    @staticmethod
    def _prepared_key(text: Content, width: int, style: Style) -> tuple[object, ...]:
        return (text.plain, tuple(text.spans), width, style)

    def _wrapped(self, width: int) -> list[Strip]:
        style = self.visual_style
        selection = self.text_selection
        # a new theme reaches notify_style_update, which forgets the strips
        key = (self._version, width, style, selection)
        held = self._strips
        if held is None or held[0] != key:
            visual = self._render()
            strips = None
            if selection is None and isinstance(visual, Content):
                strips = self._prepared.pop(self._prepared_key(visual, width, style), None)
            if strips is None:
                strips = Visual.to_strips(self, visual, width, None, style)
            held = self._strips = (key, strips)
        return held[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._wrapped(width)) if width else 0

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        strips = self._wrapped(width)
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        self._strips = None  # new styles: the same words in new colours
        self._prepared.clear()
        super().notify_style_update()
