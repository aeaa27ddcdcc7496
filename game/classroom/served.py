"""The game as `trotsky serve` runs it in each browser tab: a login first, then the usual game
in the student's own folder.

A name used for the first time picks a PIN (kept only as a salted scrypt hash); later logins
with that name need it, so one student cannot open another's saves. Until someone has logged
in, the app offers nothing that reads or writes saves.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from game import i18n
from game.classroom.students import MAX_NAME, Student, StudentError, claim_pin, open_student
from game.engine.editions import Editions
from game.engine.errors import GameError
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.engine.settings import SETTINGS_FILE, Settings
from game.i18n import N_, _
from game.ui import app as ui_app
from game.ui.app import TrotskyApp

SERVER_CHECK_SECONDS = 2.0
MAX_TRIES = 5  # wrong PINs before the tab's game ends (a new tab starts again, slowly)
WRONG_PIN_PAUSE = 1.0  # seconds the PIN box stays shut after a wrong PIN: guessing is slow
UI_FOLDER = Path(ui_app.__file__).parent
NAME_PROMPT = N_("Type your name and press Enter.")
HELLO = N_("Hello, {name}. Type your PIN and press Enter (Escape: another name).")
PICK_PIN = N_("Pick a PIN of 4 to 8 digits.")
BEFORE_LOGIN = {N_("Theme"), N_("Quit")}  # and the language


class ClassroomApp(TrotskyApp):
    """TrotskyApp whose saves folder is chosen by the login screen."""

    # The game's styles, found beside game/ui/app.py (a relative CSS_PATH is read from
    # the subclass's own folder).
    CSS_PATH = [UI_FOLDER / path for path in TrotskyApp.CSS_PATH]

    def __init__(
        self,
        story: Story,
        classroom: SaveFolder,
        server_pid: int | None = None,
        editions: Editions | None = None,
    ) -> None:
        super().__init__(story, classroom, editions=editions)
        # Told by the server: a game started just as the server died would otherwise take
        # its new parent (init) for the server and never notice.
        self.server_pid = server_pid if server_pid is not None else os.getppid()
        self.classroom = classroom.folder
        self.student: Student | None = None
        self.playing: Session | None = None  # the game on screen, saved once more at the end

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self.watch_server)  # once the first screen is up
        self.set_interval(SERVER_CHECK_SECONDS, self.watch_server)

    def watch_server(self) -> None:
        """End the game when the server is gone (killed): nothing could reach it any more,
        and its last choice is saved already. Textual's web driver would run on forever."""
        if os.getppid() != self.server_pid:
            self.exit()

    def get_default_screen(self) -> Screen[Any]:
        return LoginScreen()

    def logged_in(self, student: Student) -> None:
        """Play in the student's folder: the title, and the newest game straight away."""
        from game.ui.screens.title import TitleScreen

        self.student = student
        self.saves = SaveFolder(student.folder, self.story)
        self.settings_path = student.folder / SETTINGS_FILE
        self.settings, problem = Settings.load(self.settings_path)
        if problem:
            self.notify(problem, title=_("Settings"), severity="warning", markup=False)
        if self.settings.theme in self.available_themes and self.settings.theme != self.theme:
            self.theme = self.settings.theme
        if self.settings.language and self.settings.language != i18n.current():
            self.use_language(self.settings.language)  # the language this student chose
        self.sub_title = student.name
        self.push_screen(TitleScreen())  # over the login, which stays below it
        if self.saves.newest() is not None:
            self.continue_game()

    def play(self, session: Session) -> None:
        self.playing = session
        super().play(session)

    def on_unmount(self) -> None:
        """The tab closed or the server stopped: save the game once more, so the time spent
        since the last choice counts too (every choice was saved when it was made)."""
        if self.student is not None and self.playing is not None:
            with contextlib.suppress(GameError):
                self.saves.autosave(self.playing)
        super().on_unmount()

    def save_settings(self) -> None:
        if self.student is not None:  # before the login there is no folder to write in
            super().save_settings()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            allowed = {_(title) for title in BEFORE_LOGIN}
            if (
                self.student is not None
                or command.title in allowed
                or command.title.startswith(_("Language"))
            ):
                yield command


class LoginScreen(Screen[None]):
    """Name, then PIN: a new name picks one (typed twice), a known name types it."""

    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    LoginScreen #login-box { width: 64; max-width: 100%; height: auto; padding: 1 2; border: round $primary; }
    LoginScreen #login-title { text-style: bold; margin-bottom: 1; }
    LoginScreen #login-message { color: $warning; margin-top: 1; }
    LoginScreen #login-pin { display: none; }
    LoginScreen.-pin #login-pin { display: block; }
    LoginScreen.-pin #login-name { display: none; }
    """
    BINDINGS = [Binding("escape", "back", N_("Back to the name"), show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.student: Student | None = None
        self.step = "name"  # name | pin | new-pin | confirm
        self.first_pin = ""
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="login-box"):
            yield Static(self.app.title, id="login-title", markup=False)
            yield Static(_(NAME_PROMPT), id="login-prompt", markup=False)
            yield Input(placeholder=_("Your name"), max_length=MAX_NAME, id="login-name")
            yield Input(
                placeholder=_("PIN: 4 to 8 digits"),
                password=True,
                restrict=r"[0-9]*",
                max_length=8,
                id="login-pin",
            )
            yield Static("", id="login-message", markup=False)

    def on_mount(self) -> None:
        self.query_one("#login-name", Input).focus()

    def say(self, prompt: str, message: str = "") -> None:
        self.query_one("#login-prompt", Static).update(prompt)
        self.query_one("#login-message", Static).update(message)

    def ask_pin(self, step: str, prompt: str, message: str = "") -> None:
        self.step = step
        self.add_class("-pin")
        pin = self.query_one("#login-pin", Input)
        pin.value = ""
        pin.focus()
        self.say(prompt, message)

    def action_back(self) -> None:
        self.step, self.student = "name", None
        self.remove_class("-pin")
        self.query_one("#login-name", Input).focus()
        self.say(_(NAME_PROMPT))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "login-name":
            self.name_given(event.value)
        elif self.step == "pin":
            self.pin_given(event.value)
        elif self.step == "new-pin":
            self.new_pin_given(event.value)
        elif self.step == "confirm":
            self.confirmed(event.value)

    def name_given(self, name: str) -> None:
        app = self.app
        assert isinstance(app, ClassroomApp)
        try:
            self.student = open_student(app.classroom, name)
        except StudentError as err:
            self.say(_(NAME_PROMPT), err.message)
            return
        who = self.student.name
        if self.student.has_pin:
            self.ask_pin("pin", _(HELLO).format(name=who))
        else:
            self.ask_pin(
                "new-pin",
                _(
                    "Welcome, {name}. Pick a PIN of 4 to 8 digits that you will remember: "
                    "you need it to come back to your game. (Escape: another name.)"
                ).format(name=who),
            )

    def pin_given(self, pin: str) -> None:
        assert self.student is not None
        if self.student.check_pin(pin):
            self.enter(self.student)
            return
        self.tries += 1
        if self.tries >= MAX_TRIES:
            self.app.exit(message=_("Too many wrong PINs."))
            return
        box = self.query_one("#login-pin", Input)
        box.value = ""
        box.disabled = True
        self.set_timer(WRONG_PIN_PAUSE, self.reopen)
        self.say(
            _(HELLO).format(name=self.student.name),
            _("That PIN is not right. If you forgot it, ask your teacher to reset it."),
        )

    def reopen(self) -> None:
        box = self.query_one("#login-pin", Input)
        box.disabled = False
        box.focus()

    def new_pin_given(self, pin: str) -> None:
        if len(pin) < 4:
            self.ask_pin("new-pin", _(PICK_PIN), _("A PIN has at least 4 digits."))
            return
        self.first_pin = pin
        self.ask_pin("confirm", _("Type the same PIN again and press Enter."))

    def confirmed(self, pin: str) -> None:
        assert self.student is not None
        if pin != self.first_pin:
            self.ask_pin("new-pin", _(PICK_PIN), _("The two PINs differ; try again."))
            return
        app = self.app
        assert isinstance(app, ClassroomApp)
        try:
            student = claim_pin(self.student, pin)
        except StudentError as err:
            self.ask_pin("new-pin", _(PICK_PIN), err.message)
            return
        if student is None:  # another tab gave this name its PIN first
            self.student = open_student(app.classroom, self.student.name)
            self.ask_pin("pin", _("This name has just been given a PIN: type it."))
            return
        self.enter(student)

    def enter(self, student: Student) -> None:
        app = self.app
        assert isinstance(app, ClassroomApp)
        app.logged_in(student)
