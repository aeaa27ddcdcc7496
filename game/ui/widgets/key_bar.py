"""A screen's keys on one line at the bottom, each one clickable."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.events import Click
from textual.widget import Widget

from game.i18n import N_, _

PALETTE = N_("palette")


class KeyBar(Widget):
    """What Textual's Footer shows, as one widget: the Footer mounts a widget per key and
    builds them again whenever focus moves, which was a quarter of the first frame."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        text-overflow: clip;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
        }
    }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    ALLOW_SELECT = False

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each item shown

    def render(self) -> Content:
        key_style = self.get_visual_style("key-bar--key")
        text_style = self.get_visual_style("key-bar--description")
        app = self.app
        palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", PALETTE)
        items = [
            binding for binding in Binding.make_bindings(type(self.screen).BINDINGS) if binding.show
        ]
        shown = [
            (
                Content.assemble(
                    (f"{app.get_key_display(b)} ", key_style),
                    (_(b.description), text_style),  # in the language of now
                ),
                b.key,
            )
            for b in [*items, palette]
        ]
        *left, right = shown
        while len(left) > 1 and sum(c.cell_length + 2 for c, _ in left) - 2 > self.size.width:
            # Too narrow for every key: drop them from the end, but never Help's.
            drop = max(i for i, (_, key) in enumerate(left) if key != "question_mark")
            del left[drop]
        parts: list[str | Content] = []
        self._spans = []
        at = 0
        for index, (content, key) in enumerate(left):
            if index:
                parts.append("  ")
                at += 2
            parts.append(content)
            self._spans.append((at, at + content.cell_length, key))
            at += content.cell_length
        gap = self.size.width - at - 1 - right[0].cell_length
        if gap >= 1:  # the palette's key at the right, when there is room
            parts += [" " * gap, "▏", right[0]]
            at += gap + 1
            self._spans.append((at, at + right[0].cell_length, right[1]))
        return Content.assemble(*parts)

    def on_click(self, event: Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
