"""The scene screen: where, when, the text, and the numbered choices."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Key
from textual.screen import Screen
from textual.timer import Timer

from game.engine.errors import GameError
from game.engine.model import Note, Scene, Story, flowed
from game.engine.saves import AUTOSAVE, PreparedSave
from game.engine.session import Session, Step
from game.i18n import N_, _
from game.present.milestones import content_notice
from game.present.offers import Offer, most_offers, offer, offers, quiz_on_offer
from game.present.quiz import score
from game.ui.screens.dialogs import ConfirmDialog, HelpDialog, LoadDialog, SaveDialog
from game.ui.screens.ending import EndingScreen
from game.ui.screens.learning import (
    GlossaryDialog,
    JournalDialog,
    StatsDialog,
    TermDialog,
    TimelineDialog,
)
from game.ui.screens.quiz import QuizDialog
from game.ui.widgets.choice_list import ChoiceList
from game.ui.widgets.key_bar import KeyBar
from game.ui.widgets.note_card import NoteCard
from game.ui.widgets.scene_page import ScenePage
from game.ui.widgets.term_row import TermRow
from game.ui.widgets.where_line import WhereLine

if TYPE_CHECKING:
    from pathlib import Path

    from game.ui.app import TrotskyApp


CONTINUE_OPTION = N_("Press Enter to continue")  # translated where shown
AFTER_FRAME = 0.05  # seconds: work put after a key's frame waits at most this long for it


class SceneScreen(Screen[None]):
    AUTO_FOCUS = "#scene-choices"  # not the glossary row: focusing it scrolls the text down
    BINDINGS = [
        *(Binding(str(n), f"choose({n})", N_("Choose"), show=False) for n in range(1, 10)),
        Binding("ctrl+s", "save", N_("Save")),
        Binding("l", "load", N_("Load"), show=False),
        Binding("j", "journal", N_("Journal")),
        Binding("g", "glossary", N_("Glossary")),
        Binding("t", "timeline", N_("Timeline")),
        Binding("s", "stats", N_("Stats")),
        Binding("u", "rewind", N_("Undo")),
        Binding("backspace", "rewind", N_("Undo"), show=False),
        Binding("question_mark", "help", N_("Help")),
        Binding("space", "close_note", N_("Continue"), show=False),
        Binding("escape", "title", N_("Title"), show=False),
        Binding("q", "ask_quit", N_("Quit"), show=False),
        Binding("pageup", "scroll_text(-1)", N_("Scroll up"), show=False),
        Binding("pagedown", "scroll_text(1)", N_("Scroll down"), show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._reveal_timer: Timer | None = None
        self._reveal_text = ""
        self._revealed = 0
        self.note_shown = False  # the note of the last choice is on the page
        self._pending_save: PreparedSave | None = None  # an autosave waiting for its frame
        self._after_frame: list[Callable[[], object]] = []  # see after_frame
        self._rows_for: Story | None = None  # the story the choices' height was counted for
        # Held, not queried: a key fills these, and query_one walked the DOM ~12 times a key
        # (a third of the handler's time).
        self.where = WhereLine(id="scene-where")
        self.body = VerticalScroll(id="scene-body", can_focus=False)
        self.page = ScenePage(id="scene-text")
        self.terms = TermRow(id="scene-terms")
        self.note_card = NoteCard(id="scene-note")
        self.choices = ChoiceList(id="scene-choices")
        self.keys = KeyBar()

    @property
    def game(self) -> TrotskyApp:
        return cast("TrotskyApp", self.app)

    def restart(self, session: Session) -> None:
        """Play another game on this screen (when it is the app's first screen)."""
        self.session = session
        self.show_scene()

    def adopt(self, story: Story) -> None:
        """Go on with a reloaded story (dev mode) or the same one in another language,
        keeping the place, the variables and the note on screen."""
        state = self.session.state
        state.scene = story.resolve_scene_id(state.scene) or state.scene
        for name, variable in story.variables.items():
            state.variables.setdefault(name, variable.default)
        self.session.story = story
        self.keys.refresh()  # its words, in the language of now
        note = self.note_on_screen()
        if note is None:
            self.show_scene()
            return
        self.show_where(story.scenes.get(self.session.state.choices[-1].scene))
        self.note_card.show(note)
        self._set_choices([("continue", _(CONTINUE_OPTION))])

    def note_on_screen(self) -> Note | None:
        """The note of the last choice while it is shown, as the story now tells it."""
        choices = self.session.state.choices
        if not self.note_shown or not choices:
            return None
        return self.session.note(f"{choices[-1].scene}#{choices[-1].index}")

    def compose(self) -> ComposeResult:
        yield self.where
        # The scene and the note share the page: each step fills widgets that stay mounted,
        # so a key repaints text instead of building a screen.
        # Not focusable, so one Tab from the choices reaches the glossary row; Page Up/Down
        # scroll it instead.
        with self.body:
            yield self.page
            yield self.terms
            yield self.note_card
        yield self.choices
        yield self.keys

    def on_mount(self) -> None:
        self.screen_layout_refresh_signal.subscribe(self, self._frame_out, immediate=True)
        if self.is_current:  # a key may have closed this screen before it was mounted
            self.show_scene()

    def show_scene(self) -> None:
        self._show_page(note=False)
        self._reserve_rows()
        session = self.session
        scene = session.scene
        self.show_where()
        self._show_heading()
        self.reveal(flowed(scene.text))
        self.after_frame(self._show_terms)  # not needed for the text's first frame
        self._set_choices(self._offered())
        self.after_frame(self._prepare_notes)

    def _offered(self) -> list[tuple[str, str]]:
        return [(str(o.number), o.line) for o in offers(self.session)]

    def _prepare_notes(self) -> None:
        """While the player reads the scene, wrap the notes its choices may bring, and the
        one way on under them: the choice key then only swaps pages (see WrapOnce.prepare)."""
        if not self.is_attached or self.note_shown:
            return
        for option in self.session.options():
            if option.choice is not None and option.choice.note is not None:
                self.note_card.prepare_note(option.choice.note)
        self.choices.prepare([("continue", _(CONTINUE_OPTION))])

    def _prepare_scene(self) -> None:
        """While the player reads the note, wrap the scene that comes after it (the choice
        has already moved the game there) and its choices."""
        if not self.is_attached or not self.note_shown or self.game.settings.typewriter:
            return
        scene = self.session.scene
        notice = content_notice(scene, self.game.settings.content_notes)
        self.page.prepare_scene(scene, notice, flowed(scene.text))
        self.choices.prepare(self._offered())

    def _reserve_rows(self) -> None:
        """The choices keep the height of the story's longest list (counted once a story)."""
        story = self.session.story
        if self._rows_for is not story:
            self._rows_for = story
            self.choices.reserve(most_offers(story))

    def show_where(self, scene: Scene | None = None) -> None:
        """The line above the page: the chapter, and when the scene happens (the scene on
        screen; under a note, the one the choice was made in)."""
        scene = scene or self.session.scene
        chapter = self.session.story.chapter(scene.chapter)
        line = _("Chapter {number}: {title}").format(number=chapter.number, title=chapter.title)
        self.where.show(line, scene.shown_date)

    def show_content_note(self) -> None:
        """Show or hide the brief content note now, after the setting changed."""
        self._show_heading()
        self.page.show_text(self.page.text)

    def _show_heading(self) -> None:
        scene = self.session.scene
        notice = content_notice(scene, self.game.settings.content_notes)
        self.page.show_heading(scene, notice)

    def _show_terms(self) -> None:
        if self.is_attached and not self.note_shown:
            scene = self.session.scene
            self.terms.show(self.session.story.lexicon.terms_in(scene.text))

    def show_note(self, step: Step) -> None:
        """The historical note of the choice just made, in place of the scene."""
        assert step.note is not None
        self.stop_reveal()
        self.note_card.show(step.note)
        self._show_page(note=True)
        self._set_choices([("continue", _(CONTINUE_OPTION))])
        self.after_frame(self._prepare_scene)

    def _show_page(self, note: bool) -> None:
        if note != self.note_shown:
            self.note_shown = note
            self.page.display = not note
            self.note_card.display = note
            if note and self.terms.display:  # they come back with the scene (show_scene)
                self.terms.display = False
        # immediate: deferred, a scroll queues a callback on every key, even at the top
        self.body.scroll_home(animate=False, immediate=True)

    def _set_choices(self, options: list[tuple[str, str]]) -> None:
        self.choices.show(options)
        if not self.choices.has_focus:
            self.choices.focus()

    def on_note_card_closed(self) -> None:
        self.action_close_note()

    def action_close_note(self) -> None:
        if self.note_shown and self.app.screen is self:
            self.show_scene()

    def reveal(self, text: str) -> None:
        """Show the text at once, or letter by letter when the player chose the typewriter."""
        self.stop_reveal()
        if not self.game.settings.typewriter:
            self.page.show_text(text)
            return
        self._reveal_text, self._revealed = text, 0
        self.page.show_text("")  # not the last scene's text under this heading
        self._reveal_timer = self.set_interval(1 / 60, self._reveal_step)

    def _reveal_step(self) -> None:
        self._revealed += 4
        self.page.show_text(self._reveal_text[: self._revealed])
        if self._revealed >= len(self._reveal_text):
            self.stop_reveal()

    def stop_reveal(self) -> bool:
        """Show the whole text now; True if it was still being revealed."""
        timer, self._reveal_timer = self._reveal_timer, None
        if timer is None:
            return False
        timer.stop()
        self.page.show_text(self._reveal_text)
        return True

    def on_key(self, event: Key) -> None:
        if self.stop_reveal():  # any key completes the text, and only that:
            event.stop()  # stopped here, it never reaches the bindings

    def on_term_row_chosen(self, event: TermRow.Chosen) -> None:
        self.app.push_screen(TermDialog(event.term))

    def on_choice_list_selected(self, event: ChoiceList.Selected) -> None:
        event.stop()
        if event.option_id == "continue":
            self.action_close_note()
            return
        self.action_choose(int(event.option_id))

    def action_quiz(self) -> None:
        chapter = quiz_on_offer(self.session)
        if chapter is not None:
            self.app.push_screen(QuizDialog(chapter), self._quiz_done)

    def _quiz_done(self, answers: list[int] | None) -> None:
        chapter = quiz_on_offer(self.session)
        if answers is None or chapter is None:
            return
        right, total = self.session.answer_quiz(chapter.id, answers)
        self.autosave()
        self.notify(score(right, total), title=_("Quiz"), markup=False)
        self.game.observe_milestones(self.session)
        self.show_scene()

    def action_journal(self) -> None:
        self.app.push_screen(JournalDialog(self.session))

    def action_glossary(self) -> None:
        self.app.push_screen(GlossaryDialog(self.session))

    def action_timeline(self) -> None:
        self.app.push_screen(TimelineDialog(self.session))

    def action_stats(self) -> None:
        self.app.push_screen(StatsDialog(self.session))

    def action_rewind(self) -> None:
        if self.app.screen is not self:
            return
        try:
            record = self.session.rewind()
        except GameError as err:
            self.notify(err.message, title=_("Undo"), severity="warning", markup=False)
            return
        self.autosave()
        self.show_scene()
        self.notify(
            _("Taken back: {choice}").format(choice=self.session.chosen_text(record)),
            title=_("Undo"),
            markup=False,
        )

    def action_choose(self, number: int) -> None:
        if self.app.screen is not self or self.note_shown:  # a dialog or the note is open
            return
        if self.stop_reveal():  # a click on a choice while the text is still coming
            return
        taken: Offer | None = offer(self.session, number)
        if taken is None:
            self.app.bell()
            return
        if taken.kind == "end":
            self.show_ending()
            return
        if taken.kind == "quiz":
            self.action_quiz()
            return
        try:
            step = self.session.choose(number)
        except GameError:
            self.app.bell()
            return
        self.autosave()
        self.after_frame(partial(self.game.observe_milestones, self.session))
        if step.note is not None:
            self.show_note(step)
        else:
            self.show_scene()

    def show_ending(self) -> None:
        self.game.observe_milestones(self.session)  # a game resumed at its ending counts too
        self.app.push_screen(EndingScreen(self.session), self._ending_closed)

    def _ending_closed(self, _result: object) -> None:
        self.game.show_title()

    # -- saving ---------------------------------------------------------------------------

    def autosave(self) -> None:
        try:
            prepared = self.game.saves.prepare(AUTOSAVE, self.session)
        except GameError as err:
            self.notify(err.message, title=_("Autosave failed"), severity="warning", markup=False)
            return
        # The snapshot is taken now; its writing thread starts once the key's frame is out.
        self._pending_save = prepared
        self.after_frame(self._write_pending)

    def _write_pending(self) -> None:
        prepared, self._pending_save = self._pending_save, None
        if prepared is not None:
            self._write(prepared)

    def after_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the frame that answers this key is out, or after AFTER_FRAME
        if no layout comes. Work begun sooner competes with that frame: a save's thread
        for the GIL, a milestone's toast for the layout (the first note came 4-10 ms later).
        (`call_after_refresh` is no help: it runs as soon as the queue is idle.)"""
        if not self._after_frame:  # one fallback timer for all the key's work
            self.set_timer(AFTER_FRAME, self._run_after_frame)
        self._after_frame.append(callback)

    def _frame_out(self, _screen: object) -> None:
        """The frame is laid out and handed to Textual's writer thread; give that thread one
        frame's time to put it on the terminal before the key's other work begins."""
        if self._after_frame:
            self.set_timer(1 / 60, self._run_after_frame)

    def _run_after_frame(self) -> None:
        callbacks, self._after_frame = self._after_frame, []
        for callback in callbacks:
            callback()

    def on_unmount(self) -> None:
        prepared, self._pending_save = self._pending_save, None
        if prepared is not None:  # leaving before its frame: written now, on this thread
            with suppress(GameError):  # the quit's own save reports a failing folder
                self.game.saves.write(prepared)

    @work(thread=True, group="saves")
    def _write(self, prepared: PreparedSave) -> None:
        """Write a snapshot off the UI thread so a slow disk never holds a frame."""
        try:
            self.game.saves.write(prepared)
        except GameError as err:
            self.app.call_from_thread(
                self.notify,
                err.message,
                title=_("Could not save"),
                severity="warning",
                timeout=8,
                markup=False,
            )

    def action_save(self) -> None:
        self.app.push_screen(SaveDialog(), self._save_named)

    def _save_named(self, name: str | None) -> None:
        if not name:
            return
        if self.game.saves.exists(name):
            held = self.game.saves.existing_name(name) or name.strip()
            question = _("Replace the save “{name}” with this game?").format(name=held)
            self.app.push_screen(
                ConfirmDialog(question),
                lambda yes: self._write_named(name, replace=True) if yes else None,
            )
            return
        self._write_named(name)

    def _write_named(self, name: str, replace: bool = False) -> None:
        try:
            self.game.saves.save(name, self.session, replace=replace)
        except GameError as err:
            self.notify(
                err.message, title=_("Not saved"), severity="error", timeout=8, markup=False
            )
            return
        self.notify(
            _("Saved as “{name}”.").format(name=name.strip()), title=_("Saved"), markup=False
        )

    def action_load(self) -> None:
        self.app.push_screen(LoadDialog(self.game.saves), self._load_chosen)

    def _load_chosen(self, target: Path | None) -> None:
        if target is not None:
            self.game.load_game(target)

    def action_help(self) -> None:
        self.app.push_screen(HelpDialog())

    def action_title(self) -> None:
        if self.note_shown:  # Escape closes the note, as Enter does
            self.action_close_note()
            return
        self.autosave()
        self.game.show_title()

    def action_scroll_text(self, pages: int) -> None:
        body = self.body
        if pages < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    def action_ask_quit(self) -> None:
        """q asks first: a stray key must not end a game (Ctrl+Q quits at once)."""
        if self.app.screen is not self:
            return
        self.app.push_screen(
            ConfirmDialog(
                _("Quit the game? It is saved: Continue on the title screen resumes it.")
            ),
            lambda yes: self.game.quit_game() if yes else None,
        )

    def final_save(self) -> str | None:
        """Autosave on leaving (it keeps the play time); the reason when it failed."""
        try:
            self.game.saves.autosave(self.session)
        except GameError as err:
            return err.message
        return None
