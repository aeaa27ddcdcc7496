"""The Milestones dialog: what was learnt across games, and what is left to find."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.engine.model import Story
from game.engine.profile import Profile
from game.i18n import N_, _
from game.present import milestones as words
from game.ui.screens.dialogs import Dialog


class MilestonesDialog(Dialog[None]):
    """Earned milestones with their date, the rest with what earns them (never an ending's
    name before it is found), as game.present.milestones lists them."""

    HEADING = words.HEADING
    BINDINGS = [
        Binding("enter", "cancel", N_("Close"), show=False),
        Binding("m", "cancel", N_("Close"), show=False),
    ]

    def __init__(self, story: Story, profile: Profile) -> None:
        super().__init__()
        self.story = story
        self.profile = profile

    def compose_body(self) -> ComposeResult:
        yield Static(words.tally(self.story, self.profile), id="milestones-tally", markup=False)
        with VerticalScroll(id="milestones-list"):
            for row in words.rows(self.story, self.profile):
                yield Static(
                    f"{'✓' if row.earned else '·'} {row.title}\n  {row.detail}",
                    classes="milestone-earned" if row.earned else "milestone-open",
                    markup=False,
                )
        yield Static(_("Escape: close"), classes="muted", markup=False)
