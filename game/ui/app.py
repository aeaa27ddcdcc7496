"""The Textual application: owns the story and the saves folder, and switches screens."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from game import i18n
from game.engine.editions import Editions
from game.engine.errors import GameError
from game.engine.findings import Finding, plural
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.settings import SETTINGS_FILE, Settings
from game.i18n import N_, _
from game.ui.idle_gc import CHECK_EVERY, IdleCollector
from game.ui.screens.title import TitleScreen

if TYPE_CHECKING:
    from game.engine.milestones import Keeper
    from game.engine.profile import ProfileSnapshot
    from game.engine.session import Session
    from game.ui.screens.scene import SceneScreen


def scene_screen() -> type[SceneScreen]:
    """The game's screen class, imported when first needed: a start at the title needs
    neither it nor the journal, quiz, ending and dialogs it brings."""
    from game.ui.screens.scene import SceneScreen

    return SceneScreen


WATCH_SECONDS = 0.5
SCENE_COMMANDS = [  # translated where shown: the language can change during a game
    (N_("Journal"), N_("Every historical note read so far (j)"), "journal"),
    (N_("Glossary"), N_("The terms met so far (g)"), "glossary"),
    (N_("Timeline"), N_("Trotsky's life and where you are in it (t)"), "timeline"),
    (N_("Where you stand"), N_("The story's counters and the last change (s)"), "stats"),
    (N_("Undo the last choice"), N_("Step back, as far as the chapter's start (u)"), "rewind"),
    (N_("Save the game"), N_("Save under a name (ctrl+s)"), "save"),
    (N_("Load a saved game"), N_("Choose a save to resume (l)"), "load"),
    (N_("Help: keys"), N_("Every key of the game (?)"), "help"),
]
# Textual's own palette words (App.get_system_commands), so that they speak the game's
# language too; a word Textual adds later simply stays in English.
TEXTUAL_WORDS = [
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
]
# For players who need the strongest contrast: pure black and white, yellow highlights.
HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffffff",
    secondary="#ffff00",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    dark=True,
)


class TrotskyApp(App[None]):
    # Every screen's .tcss, loaded once: a screen's own CSS_PATH would make Textual re-parse
    # the whole stylesheet the first time it is shown. The rules are scoped by screen class,
    # so a start at the title reads only TITLE_CSS before its first frame and the rest right
    # after it (`read_all_css`), in this order.
    CSS_PATH = [
        "app.tcss",
        *(
            f"screens/{name}.tcss"
            for name in ("dev", "dialogs", "ending", "milestones", "scene", "title")
        ),
    ]
    TITLE_CSS: ClassVar[list[str | PurePath]] = [
        Path(__file__).parent / name for name in ("app.tcss", "screens/title.tcss")
    ]
    TITLE = "Trotsky: The Prophet's Road"
    BINDINGS = [Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True)]

    def __init__(
        self,
        story: Story,
        saves: SaveFolder,
        resume: str | None = None,
        start: Session | None = None,
        watch: Path | None = None,
        editions: Editions | None = None,
    ) -> None:
        # At the title (no game asked for), only its sheets before the first frame.
        # A subclass with its own CSS_PATH (the classroom's) reads all of it at once.
        title_only = start is None and not resume and self.CSS_PATH is TrotskyApp.CSS_PATH
        super().__init__(css_path=self.TITLE_CSS if title_only else None)
        self.story = story
        self.saves = saves
        self.resume = resume  # "newest", a slot name, or None for the title screen
        self.start_session = start  # a session prepared by --start/--set
        self.watched = watch  # the scenes folder, in --dev mode
        self._seen: tuple[tuple[str, int, int], ...] = ()  # the scene files, in --dev mode
        if watch:
            from game.ui.screens.dev import fingerprint  # dev mode only

            self._seen = fingerprint(watch)
        self.title = story.title
        # Read now, so they exist whatever mounts first (when resuming, the game's screen
        # is the app's first screen, and its text may type).
        self.settings_path = saves.folder / SETTINGS_FILE
        self.settings, self._settings_problem = Settings.load(self.settings_path)
        self.unsaved_warned = False  # a failed save on quit was reported; quitting again leaves
        self._keeper: Keeper | None = None  # see `keeper`
        self.collector = IdleCollector()
        # The story in each language the player may switch to (none: this story only).
        self.editions = editions

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self._settings_problem:
            self.notify(
                self._settings_problem, title=_("Settings"), severity="warning", markup=False
            )
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        self.call_after_refresh(self.read_all_css)
        self.call_after_refresh(self.after_first_frame)
        self.collector.start()  # full collections in the player's pauses
        self.set_interval(CHECK_EVERY, self.collector.check)
        self.call_after_refresh(self.warm_story, self.story)
        if self.watched is not None:
            self.sub_title = f"dev mode: watching {self.watched}"
            self.set_interval(WATCH_SECONDS, self.check_scenes)

    def after_first_frame(self) -> None:
        """Collection starts again (game.launch paused it for the start), and what the start
        made is frozen out of its generations (see on_unmount). The milestones' profile is
        read now: the first frame does not show it."""
        gc.freeze()
        gc.enable()
        _ = self.keeper

    @property
    def keeper(self) -> Keeper:
        """The milestones, kept across games: read when first needed (after the first
        frame), and a damaged profile reported then."""
        if self._keeper is None:
            from game.engine.milestones import Keeper  # not needed for the first frame

            self._keeper = Keeper(self.story, self.saves.folder)
            if self._keeper.problem:
                self.notify(
                    self._keeper.problem, title=_("Milestones"), severity="warning", markup=False
                )
        return self._keeper

    def read_all_css(self) -> None:
        """Read and parse the sheets a start at the title left for after its first frame,
        keeping CSS_PATH's order (it breaks ties between equally specific rules)."""
        sheet = self.stylesheet
        here = Path(__file__).parent
        wanted = [str((here / name).resolve()) for name in self.CSS_PATH]
        missing = [Path(path) for path in wanted if not sheet.has_source(path)]
        if not missing:
            return
        sheet.read_all(missing)
        first = {(path, ""): index for index, path in enumerate(wanted)}
        order = sorted(sheet.source, key=lambda key: first.get(key, len(first)))  # stable
        sheet.source = {key: sheet.source[key] for key in order}
        sheet.parse()

    @work(thread=True, group="warm")
    def warm_story(self, story: Story) -> None:
        """Decode, off the UI thread, what the first choice would otherwise decode in its
        frame: the milestones count every chapter's notes, so every scene of the cache."""
        story.warm()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.collector.touched()
        await super().on_event(event)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """Every screen but the title finds its sheet read (see `read_all_css`), even when
        it comes before the first frame's call to it."""
        self.read_all_css()
        return super().push_screen(*args, **kwargs)

    def on_unmount(self) -> None:
        # What is alive once the first screen is up (the story, Textual, the screens) lives
        # as long as the game, so on_mount froze it out of the collector's generations: a
        # full collection in play then scans only what was made since, where one over
        # everything held the screen for about 50 ms. Thawed here: tests run many apps.
        gc.unfreeze()
        self.collector.restore()
        if self._keeper is not None:  # the profile's newest state, if its worker has not written it
            self._keeper.flush()

    def get_default_screen(self) -> Screen[Any]:
        """The title; when resuming, the game itself, so no title is built first (Escape
        then puts the title over the game; see `play` and `show_title`)."""
        first = self.first_session()
        return TitleScreen() if first is None else scene_screen()(first)

    def first_session(self) -> Session | None:
        """The game `--start`, `--continue` or `--load` asked for; None for the title."""
        if self.start_session is not None:
            return self.start_session
        if self.resume == "newest":
            return self.newest_session()
        if self.resume:
            return self.open_save(self.resume)
        return None

    async def action_quit(self) -> None:
        self.quit_game()

    def quit_game(self) -> None:
        """Leave, autosaving the game in progress; if that fails, say so and stay: the next
        quit leaves without it, with a non-zero exit status."""
        games = [s for s in self.screen_stack if isinstance(s, scene_screen())]
        problem = games[-1].final_save() if games else None
        if problem is None:
            self.exit()
            return
        if self.unsaved_warned:
            self.exit(return_code=1, message=f"trotsky: the game was not saved: {problem}")
            return
        self.unsaved_warned = True
        self.notify(
            _("{problem}. Quit again (Ctrl+Q) to leave without saving.").format(problem=problem),
            title=_("Your game is not saved"),
            severity="error",
            timeout=15,
            markup=False,
        )

    def toggle_typewriter(self) -> None:
        self.settings.typewriter = not self.settings.typewriter
        self.notify(
            _("Typewriter reveal on: any key shows the whole text.")
            if self.settings.typewriter
            else _("Typewriter reveal off."),
            title=_("Settings"),
            markup=False,
        )
        self.save_settings()

    def toggle_content_notes(self) -> None:
        self.settings.content_notes = not self.settings.content_notes
        self.notify(
            _("Content notes on: a brief note before each scene that has one.")
            if self.settings.content_notes
            else _("Content notes off."),
            title=_("Settings"),
            markup=False,
        )
        self.save_settings()
        for screen in self.screen_stack:
            if isinstance(screen, scene_screen()):
                screen.show_content_note()

    def observe_milestones(self, session: Session) -> None:
        """A notification for each milestone the game has just earned."""
        from game.present.milestones import notice

        earned, changed = self.keeper.take(session)
        for milestone in earned:
            self.notify(notice(milestone), title=_("Milestone earned"), timeout=6, markup=False)
        if changed is not None:
            self._write_profile(changed)

    @work(thread=True, group="profile")
    def _write_profile(self, changed: ProfileSnapshot) -> None:
        """Write the profile off the UI thread: its fsync must never hold a frame."""
        problem = self.keeper.write(changed)
        if problem:
            self.call_from_thread(
                self.notify,
                problem,
                title=_("Milestones not saved"),
                severity="warning",
                markup=False,
            )

    def show_milestones(self) -> None:
        from game.ui.screens.milestones import MilestonesDialog

        self.push_screen(MilestonesDialog(self.story, self.keeper.profile))

    def remember_theme(self, theme: Theme) -> None:
        self.settings.theme = theme.name
        self.save_settings()

    def save_settings(self) -> None:
        try:
            self.settings.save(self.settings_path)
        except GameError as err:
            self.notify(
                err.message, title=_("Settings not saved"), severity="warning", markup=False
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The game's own actions in the command palette, beside Textual's (themes, keys),
        all in the player's language."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":  # Textual's key panel: our help card (?) instead,
                continue  # which lists every key, in the player's language
            yield SystemCommand(_(command.title), _(command.help), command.callback)
        if isinstance(screen, scene_screen()):
            for title, help_text, action in SCENE_COMMANDS:
                yield SystemCommand(_(title), _(help_text), partial(screen.run_action, action))
        yield from self.language_commands()
        yield SystemCommand(
            _("Typewriter reveal"),
            _("Scene text appears letter by letter (now on)")
            if self.settings.typewriter
            else _("Scene text appears letter by letter (now off)"),
            self.toggle_typewriter,
        )
        yield SystemCommand(
            _("Content notes"),
            _("A brief note before scenes of violence, executions, suicide... (now on)")
            if self.settings.content_notes
            else _("A brief note before scenes of violence, executions, suicide... (now off)"),
            self.toggle_content_notes,
        )
        yield SystemCommand(
            _("Milestones"), _("What you have learnt across your games (m)"), self.show_milestones
        )
        yield SystemCommand(_("New game"), _("Start the story from the beginning"), self.new_game)
        yield SystemCommand(_("Continue"), _("Resume the newest save"), self.continue_game)

    def language_commands(self) -> Iterable[SystemCommand]:
        """One command per language the game can switch to. Its title is in both the current
        language and its own, so a player lost in a language they cannot read finds it."""
        if self.editions is None:
            return
        for code in self.languages():
            if code == i18n.current():
                continue
            name = i18n.NAMES.get(code, code)
            yield SystemCommand(
                f"{_('Language')}: {name}",
                _("Play on in {language}, at the same place").format(language=i18n.spoken(code)),
                partial(self.switch_language, code),
            )

    def languages(self) -> list[str]:
        """The languages the game can be played in: a story overlay or an interface catalog."""
        if self.editions is None:
            return [i18n.current()]
        return i18n.playable(self.editions.languages())

    def switch_language(self, language: str) -> None:
        """Go on in another language at the same place: the saves hold ids, never prose, so
        the game, its history and its saves are the same in every language."""
        while isinstance(self.screen, ModalScreen):  # open dialogs close; the game stays
            self.pop_screen()
        self.use_language(language)
        self.settings.language = language
        self.save_settings()
        self.notify(
            _("The game speaks {language} now.").format(language=i18n.spoken(language)),
            title=_("Language"),
            markup=False,
        )

    def use_language(self, language: str) -> None:
        """Speak `language`, in the interface and in the story (as far as it is translated)."""
        if self.editions is None or language not in self.languages():
            return  # a settings file may name anything; only a language the game has counts
        story, problem = self.editions.story(language)
        if problem:
            self.notify(problem, title=_("Language"), severity="warning", markup=False)
        i18n.set_language(language)
        self.adopt_story(story)

    def adopt_story(self, story: Story) -> None:
        """Play on with this story (reloaded, or in another language) on every screen."""
        self.story = story
        self.title = story.title
        self.saves.story = story
        self.keeper.adopt(story)
        self.warm_story(story)
        for screen in self.screen_stack:
            relabel = getattr(screen, "adopt", None)
            if callable(relabel):
                relabel(story)
        self.refresh_bindings()  # the key bar's words

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies); say what does, in the player's language."""
        self.notify(
            _("Press Ctrl+Q to quit; the game is saved."),
            title=_("Do you want to quit?"),
            markup=False,
        )

    def action_command_palette(self) -> None:
        """Textual's palette, with its placeholder in the player's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    def search_themes(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def new_game(self) -> None:
        from game.engine.session import Session  # not needed to show the title

        self.play(Session.new(self.story))

    def continue_game(self) -> None:
        session = self.newest_session()
        if session is not None:
            self.play(session)

    def load_game(self, target: str | Path) -> None:
        """Load a save and play it; a bad save is reported and left as it is."""
        session = self.open_save(target)
        if session is not None:
            self.play(session)

    def newest_session(self) -> Session | None:
        newest = self.saves.newest()
        if newest is None:
            self.notify(self.saves.why_none(), title=_("Continue"), markup=False, timeout=8)
            return None
        return self.open_save(newest.path)

    def open_save(self, target: str | Path) -> Session | None:
        """The saved game, or None after telling the player why it cannot be loaded."""
        try:
            loaded = self.saves.load(target)
        except GameError as err:
            self.notify(
                err.message,
                title=_("Cannot load this save"),
                severity="error",
                timeout=8,
                markup=False,
            )
            return None
        for notice in loaded.notices:
            self.notify(notice, title=_("Save carried forward"), timeout=8, markup=False)
        return loaded.session(self.story)

    def play(self, session: Session) -> None:
        """One game at a time: the new one replaces the game's screen, or is a new one."""
        game_screen = scene_screen()
        first = self.screen_stack[0]
        if isinstance(first, game_screen):  # the game came first; it is the bottom screen
            while len(self.screen_stack) > 1:
                self.pop_screen()
            first.restart(session)
            return
        while isinstance(self.screen, game_screen):
            self.pop_screen()
        self.push_screen(game_screen(session))

    def show_title(self) -> None:
        """Back to the title: below the game, or over it when the game came first."""
        if len(self.screen_stack) > 1 and isinstance(self.screen_stack[-2], TitleScreen):
            self.pop_screen()
        else:
            self.push_screen(TitleScreen())

    # -- dev mode: hot reload ----------------------------------------------------------------

    def check_scenes(self) -> None:
        assert self.watched is not None
        from game.ui.screens.dev import fingerprint

        now = fingerprint(self.watched)
        if now != self._seen:
            self._seen = now
            self.reload_story(self.watched)

    @work(thread=True, exclusive=True, group="reload")
    def reload_story(self, folder: Path) -> None:
        from game.engine.loader import load_story  # dev mode only: always the full check

        story, findings = load_story(folder)
        self.call_from_thread(self.apply_story, story, findings.sorted())

    def apply_story(self, story: Story | None, findings: list[Finding]) -> None:
        """Swap in a good story, keeping the player's place; show a broken one's errors."""
        from game.ui.screens.dev import StoryErrorsScreen  # dev mode only, as are its callers

        if isinstance(self.screen, StoryErrorsScreen):
            self.pop_screen()  # the newest findings replace the old ones
        if story is None:
            self.push_screen(StoryErrorsScreen(findings))
            return
        scenes = [s for s in self.screen_stack if isinstance(s, scene_screen())]
        for screen in scenes:
            if story.resolve_scene_id(screen.session.state.scene) is None:
                self.notify(
                    f"The scene `{screen.session.state.scene}` is gone; still playing the last good story.",
                    title="Not reloaded",
                    severity="warning",
                    markup=False,
                )
                return
        if self.editions is not None:  # the new English story, in the language being played
            self.editions = self.editions.with_english(story)
            story, _problem = self.editions.story(i18n.current())
        self.adopt_story(story)
        warnings = f" ({plural(len(findings), 'warning')})" if findings else ""
        self.notify(f"Story reloaded{warnings}.", title="Dev mode", markup=False)
