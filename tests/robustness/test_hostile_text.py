"""No terminal escape from a file reaches the player: the hostile-text corpus (ESC, OSC 52,
CSI, C1, bidi) in every text field of a scene, a note, the glossary, a save's fields and a
save's file name, through `validate`, the plain face, the TUI and a real terminal."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import OptionList

from game.engine import storecache
from game.engine.errors import SaveError
from game.engine.findings import Findings
from game.engine.loader import load_story
from game.engine.model import Story
from game.engine.sanitize import choice_number, clean
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.plain import PlainGame
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import LoadDialog
from game.ui.screens.scene import SceneScreen
from tests.robustness._support import MINI, ROOT, count, files_under, play_plain, settle, shown
from tests.robustness.hostile_text import (
    BIDI,
    FORBIDDEN_BYTES,
    OSC52,
    PAYLOAD,
    forbidden_in,
    hostile_story_files,
    poisoned,
    write_hostile_saves,
)

SIZE = (100, 30)


# -- the sanitiser itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [OSC52, "\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "\x9d0;x\x9c", BIDI, "\r\x08\x7f", "\ud800"],
    ids=["osc52", "osc0", "csi", "c1-csi", "c1-osc", "bidi", "cr-bs-del", "surrogate"],
)
def test_clean_shows_every_control_as_a_visible_escape(raw: str) -> None:
    shown_text = clean(f"before {raw} after")
    assert forbidden_in(shown_text) == []
    assert shown_text.isprintable()  # nothing a terminal would act on
    assert shown_text.startswith("before ") and shown_text.endswith(" after")
    assert "\\x" in shown_text or "\\u" in shown_text  # visible, not silently dropped
    shown_text.encode("utf-8")  # a lone surrogate would raise here


def test_clean_keeps_ordinary_text_as_it_is() -> None:
    text = "Лев Троцкий — «Искра»\n\tnew line, tab, emoji 🚂, ZWJ 👩\u200d🔬, accents é"
    assert clean(text) is text  # no copy for clean text


@pytest.mark.parametrize(
    "typed, number",
    [
        ("1", 1),
        (" 12 ", 12),
        ("²", None),
        ("٣", None),
        ("1" * 5000, None),
        ("", None),
        ("-1", None),
    ],
    ids=["one", "spaces", "superscript", "arabic-indic", "5000-digits", "empty", "negative"],
)
def test_a_choice_is_short_ascii_digits(typed: str, number: int | None) -> None:
    assert choice_number(typed) == number


# -- story files: refused by validate and by every face ------------------------------------


def test_validate_reports_each_control_character_with_file_line_column(tmp_path: Path) -> None:
    folder = hostile_story_files(MINI, tmp_path / "story")
    story, findings = load_story(folder)
    assert story is None
    controls = [f for f in findings.items if f.code == "text-control"]
    assert {f.severity for f in controls} == {"error"}
    assert {Path(f.location.file).name for f in controls} == {
        "story.yaml",
        "one.yaml",
        "two.yaml",
        "glossary.yaml",
    }
    places = {(Path(f.location.file).name, f.location.line) for f in controls}
    assert len(places) == len(controls) >= 20  # one per text field, each where it is
    assert all(f.location.line > 1 or f.location.column > 1 for f in controls)
    count("hostile story fields", len(controls))
    env = {**os.environ, "TROTSKY_CACHE": ""}
    result = subprocess.run(
        [sys.executable, "-m", "game", "validate", "--json", "--scenes", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert sum(1 for f in report["findings"] if f["code"] == "text-control") == len(controls)
    plain = subprocess.run(
        [sys.executable, "-m", "game", "validate", "--scenes", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert plain.returncode == 1 and "U+001B (ESC)" in plain.stdout
    assert forbidden_in(plain.stdout + plain.stderr) == []


def test_playing_a_hostile_story_is_refused_with_clean_words(tmp_path: Path) -> None:
    folder = hostile_story_files(MINI, tmp_path / "story")
    result = play_plain("1\n", tmp_path / "saves", scenes=folder)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "U+001B (ESC)" in result.stderr
    assert forbidden_in(result.stdout + result.stderr) == []
    assert not (tmp_path / "saves").exists()


# -- the faces' own defence: a story whose text slipped past the loader ---------------------


def test_the_plain_face_writes_no_control_character(mini: Story, tmp_path: Path) -> None:
    story = poisoned(mini)
    saves = SaveFolder(tmp_path / "saves", story)
    write_hostile_saves(saves.folder, mini)
    commands = [
        "look",
        "saves",
        "1",
        "glossary",
        "glossary the hut",
        "journal",
        "journal evil",
        "path",
        "timeline",
        "stats",
        "load hostile-name",
        "back",
        "1",
        "1",
        "quiz",
        "",
        "",
        f"unknown{PAYLOAD}",
        "quit",
    ]
    stdout = io.StringIO()
    game = PlainGame(Session.new(story), saves, io.StringIO("\n".join(commands) + "\n"), stdout)
    # the hostile autosave.json is never replaced, so the last autosave fails, and says so
    assert game.run() == 1
    out = stdout.getvalue()
    assert "Your game could not be saved" in out
    assert forbidden_in(out) == []
    assert "\\x1b]52;c;cm0gLXJmIH4=\\x07" in out  # shown, as a visible escape
    assert "control character" in out  # the hostile saves are listed with why they are refused
    count("hostile texts through the plain face", len(commands))


def hostile_cache(mini: Story, cache: Path) -> None:
    """A story cache holding the poisoned story, as if the cache file had been edited."""
    found = Findings()
    storecache._write(cache / f"story-{storecache.key(MINI)}.json", poisoned(mini), found)


def test_a_hand_edited_cache_cannot_carry_an_escape(mini: Story, tmp_path: Path) -> None:
    hostile_cache(mini, tmp_path / "cache")
    story, _ = storecache.load_story_cached(MINI, tmp_path / "cache")
    assert story is not None and story.title.startswith(mini.title + "\\x1b]52;")
    texts = [
        story.title,
        *(c.title for c in story.chapters),
        *(t.definition for t in story.glossary),
    ]
    for scene in story.scenes.values():
        texts += [scene.text, scene.title, scene.place, scene.shown_date, scene.epilogue]
        for choice in scene.choices:
            texts.append(choice.text)
            if choice.note:
                texts += [choice.note.text, choice.note.source, choice.note.date, choice.note.place]
    assert all(forbidden_in(text) == [] for text in texts)
    env = {**os.environ, "TROTSKY_CACHE": str(tmp_path / "cache")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "--plain",
            "--scenes",
            str(MINI),
            "--saves",
            str(tmp_path / "s"),
        ],
        input="1\n\njournal\nglossary the hut\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "\\x1b]52;c;" in result.stdout  # the cached (edited) text was the one shown
    assert forbidden_in(result.stdout + result.stderr) == []


async def test_the_tui_and_its_load_dialog_show_no_control_character(
    mini: Story, tmp_path: Path
) -> None:
    hostile_cache(mini, tmp_path / "cache")
    story, _ = storecache.load_story_cached(MINI, tmp_path / "cache")
    assert story is not None
    folder = SaveFolder(tmp_path / "saves", story)
    write_hostile_saves(folder.folder, mini)
    app = TrotskyApp(story, folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")  # the Load dialog from the title
        await pilot.pause()
        assert isinstance(app.screen, LoadDialog)
        options = app.screen.query_one("#load-list", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(prompts) == 9
        assert all(forbidden_in(p) == [] for p in prompts), prompts
        assert forbidden_in(shown(pilot)) == []
        assert "\\x1b]52;c;" in shown(pilot)
        await pilot.press("escape", "n")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert "\\x1b]52;c;" in shown(pilot)  # the scene text, made visible
        assert forbidden_in(shown(pilot)) == []
        await pilot.press("1")
        await settle(pilot)
        assert forbidden_in(shown(pilot)) == []  # the note
        for key in ("j", "g", "t", "s"):
            await pilot.press(key)
            await pilot.pause()
            assert forbidden_in(shown(pilot)) == [], key
            await pilot.press("escape")
            await pilot.pause()


@pytest.mark.parametrize(
    "label", ["name", "updated", "chapter", "date", "place", "title", "choice"]
)
def test_a_save_with_a_control_character_is_refused_and_left_alone(
    mini: Story, tmp_path: Path, label: str
) -> None:
    folder = SaveFolder(tmp_path / "saves", mini)
    write_hostile_saves(folder.folder, mini)
    before = files_under(folder.folder)
    with pytest.raises(SaveError, match="control character") as refused:
        folder.load(f"hostile-{label}")
    assert forbidden_in(refused.value.message) == []
    with pytest.raises(SaveError, match="not a save this game can replace"):
        folder.save(f"hostile-{label}", Session.new(mini))
    assert files_under(folder.folder) == before


def test_a_good_save_under_a_hostile_file_name_is_listed_cleanly(
    mini: Story, tmp_path: Path
) -> None:
    folder = SaveFolder(tmp_path / "saves", mini)
    write_hostile_saves(folder.folder, mini)
    slots = folder.slots()
    assert all(
        forbidden_in(" ".join([s.name, s.chapter, s.place, s.date, s.title, s.error or ""])) == []
        for s in slots
    )
    good = [s for s in slots if s.error is None]
    assert len(good) == 1 and good[0].name.startswith("\\x1b]52;c;")
    assert folder.load(good[0].path).state.scene == "yard"


# -- through a real terminal ---------------------------------------------------------------


def _read_until(master: int, seen: bytearray, wanted: bytes, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"never saw {wanted!r}; the terminal got {bytes(seen[-2000:])!r}"
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen.extend(chunk)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_real_terminal_never_receives_a_payload(mini: Story, tmp_path: Path) -> None:
    """The TUI in a pseudo-terminal, the Load dialog open on hostile saves: the bytes the
    terminal receives hold the names as visible escapes and none of the sequences."""
    import fcntl
    import struct
    import termios

    saves = tmp_path / "saves"
    write_hostile_saves(saves, mini)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "TROTSKY_CACHE": "", "COLUMNS": "110"}
    env.pop("TEXTUAL", None)
    child = subprocess.Popen(
        [sys.executable, "-m", "game", "--scenes", str(MINI), "--saves", str(saves)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = bytearray()
    try:
        _read_until(master, seen, b"New game")
        os.write(master, b"l")
        _read_until(master, seen, b"Load a saved game")
        _read_until(master, seen, b"x1b]52;c;cm0gLXJmIH4=")  # the file name, made visible
        _read_until(master, seen, b"broken")
        os.write(master, b"\x11")  # ctrl+q quits from any screen
        _read_until(master, seen, b"\x00never", timeout=30)  # read to the end: it closes
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(master)
    for sequence in FORBIDDEN_BYTES:
        assert sequence not in seen, sequence
    assert child.returncode == 0


def test_a_text_variable_set_on_the_command_line_cannot_hold_an_escape() -> None:
    from game.cli import parse_value
    from game.engine.errors import GameError

    with pytest.raises(GameError, match="cannot hold control characters"):
        parse_value(OSC52, "text", f"motto={OSC52}")
    assert parse_value("Permanent revolution", "text", "motto=...") == "Permanent revolution"
