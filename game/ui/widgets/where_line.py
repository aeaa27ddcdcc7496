"""The line above the page: the chapter on the left, when the scene happens on the right."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class WhereLine(Widget):
    """One widget of one line, repainted in place: the chapter and the date were two Statics
    in a Horizontal, which a new scene laid out again to measure the date's width."""

    DEFAULT_CSS = """
    WhereLine {
        height: 1;
        padding: 0 1;
        background: $primary-muted;
        .where-line--chapter { text-style: bold; }
        .where-line--when { color: $text-muted; }
    }
    """
    COMPONENT_CLASSES = {"where-line--chapter", "where-line--when"}
    GAP = 2  # cells at least between the chapter and the date

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chapter = ""
        self.when = ""

    def show(self, chapter: str, when: str) -> None:
        if (chapter, when) != (self.chapter, self.when):  # the same words: nothing to repaint
            self.chapter, self.when = chapter, when
            self.refresh()  # one line, whatever the words: no layout

    def render(self) -> Content:
        # assemble takes the story's words as plain text and strips their control codes
        style = self.get_visual_style
        when = Content.assemble((self.when, style("where-line--when")))
        chapter = Content.assemble((self.chapter, style("where-line--chapter")))
        room = max(0, self.content_region.width - when.cell_length - self.GAP)
        if chapter.cell_length > room:
            chapter = chapter.truncate(room, ellipsis=True)
        gap = self.content_region.width - chapter.cell_length - when.cell_length
        return Content.assemble(chapter, " " * max(self.GAP, gap), when)
