"""Dev mode: how the scenes folder is watched, and the screen that shows a broken story."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine.findings import Finding, plural
from game.i18n import N_


def fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every YAML file: cheap to take twice a second."""
    found = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class StoryErrorsScreen(ModalScreen[None]):
    """The validation errors of the files just saved; the game goes on with the last good story."""

    BINDINGS = [Binding("escape", "close", N_("Keep playing"))]

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__()
        self.findings = findings

    def compose(self) -> ComposeResult:
        errors = [f for f in self.findings if f.severity == "error"]
        with Vertical(id="dev-box"):
            yield Static(
                f"The story files have {plural(len(errors), 'error')}; still playing the last good story.",
                id="dev-heading",
                markup=False,
            )
            with VerticalScroll(id="dev-list"):
                yield Static("\n".join(f.render() for f in self.findings), markup=False)
            yield Static(
                "Fix the file and save it: the game reloads by itself. Escape hides this.",
                classes="muted",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
