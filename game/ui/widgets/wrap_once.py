"""A text widget that wraps its text once per change, not once to measure and once to paint."""

from __future__ import annotations

from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget


class WrapOnce(Widget):
    """Textual wraps a widget's text twice for each new text: to measure its height (layout),
    then again to paint it. This widget keeps the strips it wrapped to measure and paints
    them (Textual's Line API): Enter's key cost ~7% fewer calls with the page and the note
    made so. Subclasses call `rewrap` where they would refresh the layout."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._version = 0  # bumped by every new text
        self._strips: tuple[tuple[object, ...], list[Strip]] | None = None  # (key, strips)

    def rewrap(self) -> None:
        """The text changed: wrap it again at the next layout."""
        self._version += 1
        self.refresh(layout=True)

    def _wrapped(self, width: int) -> list[Strip]:
        style = self.visual_style
        # a new theme reaches notify_style_update, which forgets the strips
        key = (self._version, width, style, self.text_selection)
        held = self._strips
        if held is None or held[0] != key:
            held = self._strips = (key, Visual.to_strips(self, self._render(), width, None, style))
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
        super().notify_style_update()
