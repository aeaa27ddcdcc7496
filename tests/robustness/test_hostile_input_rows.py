"""Issue 20's table, one test per row: each input gets a clear message and exit code, no
traceback, no hang, and nothing changed on disk that should not be."""

from __future__ import annotations

import io
import json
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game import cli
from game.engine import saves as saves_module
from game.engine.errors import SaveError
from game.engine.loader import load_story
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.engine.settings import SETTINGS_FILE, Settings
from game.engine.storecache import key, load_story_cached
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import LoadDialog
from tests.robustness._support import MINI, ROOT, SCENES, files_under, flat, play_plain

SIZE = (100, 30)


def run_game(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """`python -m game ARGS` with bytes in and out, free of the caller's TROTSKY_*."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("TROTSKY_")}
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**base, "TROTSKY_CACHE": "", **(env or {})},
        timeout=timeout,
    )


def a_save(mini: Story, folder: Path, name: str = "keep") -> Path:
    session = Session.new(mini)
    session.choose(1)
    return SaveFolder(folder, mini).save(name, session)


def edit_save(path: Path, change: str, to: str) -> bytes:
    """Replace the text `change` in a save file by `to`, as a hand edit would."""
    raw = path.read_text(encoding="utf-8")
    assert change in raw
    path.write_text(raw.replace(change, to, 1), encoding="utf-8")
    return path.read_bytes()


# -- row 1: `²` as a choice or a quiz answer ---------------------------------------------


def test_row_unicode_digit_as_a_choice_is_an_unknown_command(tmp_path: Path) -> None:
    result = play_plain("²\n٣\n1\n", tmp_path / "saves")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Unknown command '²'. Type a choice number, or `help`." in result.stdout
    assert "Unknown command '٣'." in result.stdout
    assert "The yard" in result.stdout  # the ASCII `1` after them still chooses
    saved = json.loads((tmp_path / "saves" / "autosave.json").read_text(encoding="utf-8"))
    assert saved["state"]["scene"] == "yard"  # autosaved on the way out


def test_row_unicode_digit_as_a_quiz_answer_counts_as_no_answer(tmp_path: Path) -> None:
    result = play_plain(
        "quiz\n²\n" + "1" * 5000 + "\n\n\n\n\n",
        tmp_path / "saves",
        "--start",
        "sib_samara",  # a chapter's end: its quiz is on offer
        scenes=SCENES,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "You answered 0 of" in result.stdout
    assert (tmp_path / "saves" / "autosave.json").is_file()


# -- row 2: a 5,000-digit number as a choice ------------------------------------------------


def test_row_a_5000_digit_choice_is_refused_in_words(tmp_path: Path) -> None:
    result = play_plain("9" * 5000 + "\n1\n", tmp_path / "saves")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Unknown command '9999999999999999999999999999999999999999...'." in result.stdout
    assert "The yard" in result.stdout


# -- row 3: a save holding a 5,000-digit integer ----------------------------------------------


@pytest.mark.parametrize("where", ["variable", "format_version"])
def test_row_a_5000_digit_number_in_a_save(mini: Story, tmp_path: Path, where: str) -> None:
    saves = tmp_path / "saves"
    path = a_save(mini, saves)
    if where == "variable":
        old = edit_save(path, '"courage": 1', '"courage": ' + "7" * 5000)
    else:
        old = edit_save(path, '"format_version": 1', '"format_version": ' + "7" * 5000)
    folder = SaveFolder(saves, mini)
    with pytest.raises(
        SaveError, match=r"keep.json is damaged \(it holds a number of 5000 digits\)"
    ):
        folder.load("keep")
    with pytest.raises(SaveError, match="not a save this game can replace"):
        folder.save("keep", Session.new(mini))
    assert [s.error for s in folder.slots()] == [
        "keep.json is damaged (it holds a number of 5000 digits)"
    ]
    result = play_plain("load keep\nsave keep\nsaves\n", saves, "--load", "keep")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        "Cannot resume: keep.json is damaged (it holds a number of 5000 digits)." in result.stdout
    )
    assert "Not loaded: keep.json is damaged" in result.stdout
    assert "Not saved: keep.json is not a save this game can replace" in result.stdout
    assert path.read_bytes() == old


def test_row_a_counter_beyond_its_range_is_clamped_with_a_notice(
    mini: Story, tmp_path: Path
) -> None:
    path = a_save(mini, tmp_path / "saves")
    edit_save(path, '"courage": 1', '"courage": 999999999999999')
    loaded = SaveFolder(tmp_path / "saves", mini).load("keep")
    assert loaded.state.variables["courage"] == 3  # the declared maximum
    assert "`courage` was 999999999999999, outside its range; it is now 3." in loaded.notices


# -- row 4: play_seconds of 1e999 or NaN ---------------------------------------------------


@pytest.mark.parametrize("value", ["1e999", "NaN", "Infinity", "-Infinity", "-5", "1e300"])
async def test_row_a_time_played_that_is_not_a_time(
    mini: Story, tmp_path: Path, value: str
) -> None:
    saves = tmp_path / "saves"
    path = a_save(mini, saves)
    raw = path.read_text(encoding="utf-8")
    start = raw.index('"play_seconds": ') + len('"play_seconds": ')
    end = raw.index(",", start)
    path.write_text(raw[:start] + value + raw[end:], encoding="utf-8")
    old = path.read_bytes()
    folder = SaveFolder(saves, mini)
    with pytest.raises(SaveError, match=r"keep\.json is damaged"):
        folder.load("keep")
    app = TrotskyApp(mini, folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadDialog)  # listed, not a crash
        assert "cannot be loaded: keep.json is damaged" in flat(pilot)
    assert app.return_code in (0, None)
    assert path.read_bytes() == old


def test_row_no_save_is_ever_written_with_infinity(mini: Story, tmp_path: Path) -> None:
    session = Session.new(mini)
    session.state.play_seconds = float("inf")
    folder = SaveFolder(tmp_path / "saves", mini)
    with pytest.raises(SaveError, match="cannot be written as a save"):
        folder.save("bad", session)
    assert not (tmp_path / "saves" / "bad.json").exists()
    assert saves_module.encode({"x": 1.5}) == '{"x": 1.5}\n'


# -- rows 5 and 6: a FIFO named x.yaml, a link to /dev/zero -----------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_row_a_fifo_or_dev_zero_in_the_scenes_folder(
    mini_copy: Path, tmp_path: Path, kind: str
) -> None:
    def plant(path: Path) -> None:
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")

    plant(mini_copy / "x.yaml")  # not in the story: only the cache key looks at it
    cache = tmp_path / "cache"
    assert len(key(mini_copy)) == 32  # returns: no read of the FIFO, no endless read
    story, _ = load_story_cached(mini_copy, cache)
    assert story is not None
    result = run_game(
        "--plain",
        "--scenes",
        str(mini_copy),
        "--saves",
        str(tmp_path / "s"),
        stdin=b"1\n",
        env={"TROTSKY_CACHE": str(cache)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"The yard" in result.stdout
    (mini_copy / "one.yaml").unlink()  # now a chapter file is the FIFO or the device
    plant(mini_copy / "one.yaml")
    story, findings = load_story(mini_copy)
    assert story is None
    words = "inside the scenes folder" if kind == "dev-zero" else "`one.yaml` does not exist"
    assert any(words in str(f) for f in findings.errors)
    result = run_game("--plain", "--scenes", str(mini_copy), "--saves", str(tmp_path / "s"))
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr and words.encode() in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_row_a_fifo_or_dev_zero_in_the_saves_folder(mini: Story, tmp_path: Path, kind: str) -> None:
    saves = tmp_path / "saves"
    a_save(mini, saves)
    for name in ("trap.json", SETTINGS_FILE):
        if kind == "fifo":
            os.mkfifo(saves / name)
        else:
            (saves / name).symlink_to("/dev/zero")
    folder = SaveFolder(saves, mini)
    errors = {s.name: s.error for s in folder.slots()}
    assert errors == {"keep": None, "trap": "cannot read trap.json: it is not a regular file"}
    with pytest.raises(SaveError, match="it is not a regular file"):
        folder.load("trap")
    settings, problem = Settings.load(saves / SETTINGS_FILE)
    assert settings == Settings()
    assert (
        problem
        == f"cannot read {SETTINGS_FILE} (it is not a regular file); using the default settings"
    )


def test_row_an_oversized_story_file_gets_a_finding(mini_copy: Path) -> None:
    with (mini_copy / "one.yaml").open("ab") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: 5 MB of NULs, over the 4 MB cap
    story, findings = load_story(mini_copy)
    assert story is None
    assert any(
        "story files are limited to 4096 KB" in str(f) and "one.yaml" in str(f)
        for f in findings.errors
    )


# -- row 7: no home directory ----------------------------------------------------------------


def test_row_no_home_directory_with_saves_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """HOME unset and a uid the password database does not know: Path.home() really fails."""
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "TROTSKY_CACHE", "TROTSKY_SAVES"):
        monkeypatch.delenv(name, raising=False)

    def unknown_uid(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", unknown_uid)
    with pytest.raises(RuntimeError):
        Path.home()
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nquit\n"))
    saves = tmp_path / "saves"
    code = cli.main(["--plain", "--scenes", str(MINI), "--saves", str(saves)])
    out, err = capsys.readouterr()
    assert code == 0
    assert err.strip().splitlines() == [
        "trotsky: no home folder, so the checked story is not cached "
        "(set TROTSKY_CACHE=DIR to cache it)"
    ]
    assert "The yard" in out
    assert (saves / "autosave.json").is_file()


def test_row_no_home_and_no_saves_folder_says_what_to_pass(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from game import paths

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("TROTSKY_SAVES", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    monkeypatch.setattr(paths, "checkout_root", lambda: None)  # as an installed game
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = cli.main(["--plain", "--scenes", str(MINI)])
    err = capsys.readouterr().err
    assert code == 2
    assert "there is no home folder to keep the saves in; pass --saves DIR" in err
    assert "Traceback" not in err


# -- row 8: invalid UTF-8 in, an ASCII-only out ----------------------------------------------


def test_row_invalid_utf8_on_stdin_under_a_strict_locale(tmp_path: Path) -> None:
    result = run_game(
        "--plain",
        "--scenes",
        str(MINI),
        "--saves",
        str(tmp_path / "s"),
        stdin=b"\xff\xfe\xc3\n1\n",
        env={"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8", "PYTHONUTF8": "0"},
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert "Unknown command '\ufffd\ufffd\ufffd'".encode() in result.stdout
    assert b"The yard" in result.stdout


def test_row_an_ascii_only_output(tmp_path: Path) -> None:
    result = run_game(
        "--plain",
        "--scenes",
        str(SCENES),
        "--saves",
        str(tmp_path / "s"),
        stdin="Лев\n1\njournal\nquit\n".encode(),
        env={"PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert result.stdout.isascii()
    assert b"Unknown command '" + b"\\ufffd" * 6 + b"'" in result.stdout  # ASCII in, too
    check = run_game("validate", "--scenes", str(SCENES), env={"PYTHONIOENCODING": "ascii"})
    assert check.returncode == 0 and b"Traceback" not in check.stderr


# -- row 9: the TUI without a terminal ---------------------------------------------------------


@pytest.mark.parametrize("how", ["stdin-not-a-tty", "stdin-closed"])
def test_row_the_tui_without_a_terminal_suggests_plain(tmp_path: Path, how: str) -> None:
    command = [sys.executable, "-m", "game", "--scenes", str(MINI), "--saves", str(tmp_path / "s")]
    result = subprocess.run(
        command,
        stdin=subprocess.DEVNULL if how == "stdin-not-a-tty" else None,
        capture_output=how == "stdin-not-a-tty",
        stdout=None if how == "stdin-not-a-tty" else subprocess.PIPE,
        stderr=None if how == "stdin-not-a-tty" else subprocess.PIPE,
        preexec_fn=(lambda: os.close(0)) if how == "stdin-closed" else None,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [cli.NO_TERMINAL]
    assert "--plain" in cli.NO_TERMINAL
    assert result.stdout == b""  # not one escape code
    assert not (tmp_path / "s").exists()


# -- row 10: `saves` and `load` agree on a save's name -----------------------------------------


def test_row_saves_lists_the_name_load_takes(mini: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    original = a_save(mini, saves, "original")
    shutil.copy(original, saves / "copy.json")  # a copy: its inside name is still "original"
    before = files_under(saves)
    result = play_plain("saves\nload copy\nload original\n", saves)
    assert result.returncode == 0, result.stderr
    lines = [line.lstrip("> ") for line in result.stdout.splitlines()]
    listed = [line.split(":")[0] for line in lines if "(saved " in line]
    assert sorted(listed) == ["copy", "original"]
    assert "Loaded 'copy'." in result.stdout and "Loaded 'original'." in result.stdout
    after = files_under(saves)
    assert {k: after[k] for k in before} == before  # the two files are as they were


# -- row 11: an unknown 10 MB command ------------------------------------------------------


def test_row_an_unknown_10_mb_command_is_echoed_short(tmp_path: Path) -> None:
    result = run_game(
        "--plain",
        "--scenes",
        str(MINI),
        "--saves",
        str(tmp_path / "s"),
        stdin=b"x" * (10 * 1024 * 1024) + b"\n1\n",
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout) < 5_000
    assert b"Unknown command 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'." in result.stdout
    assert b"The yard" in result.stdout  # the next line is still read as a command


def test_row_a_save_whose_note_ids_hold_odd_numbers(mini: Story, tmp_path: Path) -> None:
    """`notes_seen` comes from the file too: `²` and a 5,000-digit index are skipped."""
    saves = tmp_path / "saves"
    path = a_save(mini, saves)
    edit_save(
        path,
        '"notes_seen": ["hut#0"]',
        '"notes_seen": ["hut#²", "hut#' + "9" * 5000 + '", "hut#0"]',
    )
    result = play_plain("journal\n", saves, "--load", "keep")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.count("[Chapter 1]") == 1  # the one good note, once
