"""The scene's page: its content note, "What if" banner, title, place and text in one widget."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from game.engine.model import Scene
from game.ui.widgets.wrap_once import WrapOnce


class ScenePage(WrapOnce):
    """One widget, not one per part: a key lays out and paints a single block of text.
    With the page and the note as one widget each (they were six and four), a choice's
    frame took 6.5 ms instead of 7.6 and Enter's 7.4 instead of 9.3 (A/B, headless)."""

    DEFAULT_CSS = """
    ScenePage {
        height: auto;
        max-width: 90;  /* long lines are hard to read: keep the column near 90 characters */
        .scene-page--notice { color: $text-muted; text-style: italic; }
        .scene-page--banner { color: $text; background: $warning-muted; text-style: bold; }
        .scene-page--title { color: $accent; text-style: bold; }
        .scene-page--place { color: $text-muted; text-style: italic; }
    }
    """
    COMPONENT_CLASSES = {
        "scene-page--notice",
        "scene-page--banner",
        "scene-page--title",
        "scene-page--place",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._heading: tuple[str, str, str, str] = ("", "", "", "")
        self.text = ""  # the scene's text as now shown (the typewriter shows it in pieces)

    def show_heading(self, scene: Scene, notice: str = "") -> None:
        """The lines above the text: the content note (when asked for), the counterfactual
        banner (when the scene has one), title and place. The text comes with `show_text`."""
        self._heading = (notice, scene.banner, scene.title, scene.place)
        self.rewrap()

    def show_text(self, text: str) -> None:
        self.text = text
        self.rewrap()

    def prepare_scene(self, scene: Scene, notice: str, text: str) -> None:
        """Wrap the page of a scene that may come next (see WrapOnce.prepare)."""
        self.prepare(self._page((notice, scene.banner, scene.title, scene.place), text))

    def render(self) -> Content:
        # Built here, not when shown, so the styles follow the theme of now.
        return self._page(self._heading, self.text)

    def _page(self, heading: tuple[str, str, str, str], text: str) -> Content:
        notice, banner, title, place = heading
        style = self.get_visual_style
        parts: list[str | tuple[str, Style]] = []
        if notice:
            parts += [(notice, style("scene-page--notice")), "\n"]
        if banner:
            parts += [(f" {banner} ", style("scene-page--banner")), "\n\n"]
        parts += [(title, style("scene-page--title")), "\n", (place, style("scene-page--place"))]
        # assemble takes the story's text as plain text and strips its control codes
        return Content.assemble(*parts, "\n\n", text)
