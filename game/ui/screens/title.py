"""The title screen: New game, Continue, Load, Quit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.i18n import N_, _
from game.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from game.engine.model import Story
    from game.ui.app import TrotskyApp

SUBTITLE = N_("Leon Trotsky's road, from Siberian exile to Coyoacán, 1900-1940")


class TitleScreen(Screen[None]):
    BINDINGS = [
        ("n", "menu('new')", N_("New game")),
        ("c", "menu('continue')", N_("Continue")),
        ("l", "menu('load')", N_("Load")),
        ("m", "menu('milestones')", N_("Milestones")),
        ("question_mark", "help", N_("Help")),
        ("q", "menu('quit')", N_("Quit")),
    ]

    @property
    def game(self) -> TrotskyApp:
        return cast("TrotskyApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(self.game.story.title, id="title-name", markup=False)
            yield Static(_(SUBTITLE), id="title-subtitle", markup=False)
            with Center():
                yield OptionList(id="title-menu", markup=False)
            yield Static("", id="title-newest", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_menu()

    def on_screen_resume(self) -> None:
        self.refresh_menu()

    def adopt(self, story: Story) -> None:
        """The same title in the story's language now (see TrotskyApp.adopt_story)."""
        self.query_one("#title-name", Static).update(story.title)
        self.query_one("#title-subtitle", Static).update(_(SUBTITLE))
        self.refresh_menu()
        self.query_one(KeyBar).refresh()

    def refresh_menu(self) -> None:
        newest = self.game.saves.newest()
        menu = self.query_one("#title-menu", OptionList)
        menu.clear_options()
        menu.add_options(
            [
                Option(_("New game"), id="new"),
                Option(_("Continue"), id="continue", disabled=newest is None),
                Option(_("Load a saved game"), id="load"),
                Option(_("Milestones"), id="milestones"),
                Option(_("Quit"), id="quit"),
            ]
        )
        menu.highlighted = 1 if newest else 0
        where = self.query_one("#title-newest", Static)
        if newest:
            from game.present.dates import within_sentence  # only with a save to resume

            where.update(
                _("Continue: {chapter}, {date}, {place}").format(
                    chapter=newest.chapter, date=within_sentence(newest.date), place=newest.place
                )
            )
        else:
            where.update(_("No saved game yet."))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_menu(event.option.id or "")

    def action_menu(self, choice: str) -> None:
        if not self.is_current:  # a second Enter before the game's screen is up
            return
        if choice == "new":
            self.game.new_game()
        elif choice == "continue":
            self.game.continue_game()
        elif choice == "load":
            from game.ui.screens.dialogs import LoadDialog  # not needed to show the title

            self.app.push_screen(LoadDialog(self.game.saves), self._load_chosen)
        elif choice == "milestones":
            self.game.show_milestones()
        elif choice == "quit":
            self.game.quit_game()

    def _load_chosen(self, target: object) -> None:
        if target is not None:
            self.game.load_game(cast("Path", target))

    def action_help(self) -> None:
        from game.ui.screens.dialogs import HelpDialog

        self.app.push_screen(HelpDialog())
