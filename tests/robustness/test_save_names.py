"""Hostile save names, unwritable folders and a full disk: refused or made safe, a clear
SaveError, nothing written outside the saves folder, the old file intact, and play goes on."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.engine import saves as saves_module
from game.engine.errors import SaveError
from game.engine.model import Story
from game.engine.saves import MAX_NAME, SaveFolder, slot_filename
from game.engine.session import Session
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import SaveDialog
from game.ui.screens.scene import SceneScreen
from tests.robustness._support import (
    ROOT,
    count,
    files_under,
    key_for,
    notices,
    play_plain,
    settle,
    shown,
)
from tests.ui.test_app import note_open

SIZE = (80, 24)

HOSTILE_NAMES = [
    "../",
    "..",
    "../../etc/passwd",
    "../../../../../../tmp/escaped",
    "/",
    "/etc/passwd",
    "a/../../b",
    "..\\..\\windows\\system32",
    "C:\\evil",
    "\\\\server\\share",
    "bad\x00name",
    "\x00",
    "tab\there",
    "line\nbreak",
    "\x1b[31mred",
    "\u202eevil.json",  # right-to-left override
    "zero\u200bwidth",
    "con",
    "CON",
    "nul",
    "Nul ",
    "nul.",
    "prn",
    "aux",
    "com1",
    "lpt1",
    "LPT9",
    "x" * 500,
    "y" * (MAX_NAME + 1),
    "   ",
    "",
    "\t",
    "...",
    "-",
    "///",
    ".hidden",
    ".autosave.123.tmp",
    "*.json",
    "?",
    "~",
    "~/x",
    "$HOME",
    "%APPDATA%",
    "name.json",
    "name.tmp",
    "／etc／passwd",  # fullwidth solidus
    "．．／x",  # fullwidth dots
    "🚂",
    "Лев Троцкий",
    "e\u0301te\u0301",  # combining accents
]


def played(story: Story, choices: int = 1) -> Session:
    session = Session.new(story)
    for _ in range(choices):
        session.choose(1)
    return session


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=[repr(n)[:30] for n in HOSTILE_NAMES])
def test_hostile_names_are_refused_or_written_inside_the_folder(
    mini: Story, tmp_path: Path, name: str
) -> None:
    saves = tmp_path / "deep" / "saves"
    saves.mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("keep")
    before = files_under(tmp_path)
    folder = SaveFolder(saves, mini)
    count("hostile save names")
    try:
        path = folder.save(name, played(mini))
    except SaveError as err:
        assert err.message, "a refusal says why"
        assert "\x00" not in err.message
        assert files_under(tmp_path) == before  # nothing written anywhere
        return
    # accepted: the file is a plain name directly inside the saves folder
    assert path.parent == saves
    assert path.resolve().parent == saves.resolve()
    assert path.name == slot_filename(name)
    stem = path.name.removesuffix(".json")
    assert stem and all(c.isalnum() or c == "-" for c in stem)
    assert not stem.startswith(("-", ".")) and ".." not in path.name
    assert stem.casefold() not in saves_module._RESERVED
    after = files_under(tmp_path)
    assert set(after) - set(before) == {str(path.relative_to(tmp_path))}
    assert {k: v for k, v in after.items() if k in before} == before
    assert folder.load(name).state.scene == "yard"


def test_names_that_cannot_be_made_safe_say_why() -> None:
    cases = {
        "": "needs a name",
        "   ": "needs a name",
        "\x00": "control characters",
        "bad\x00name": "control characters",
        "con": "reserved",
        "LPT1": "reserved",
        "x" * 500: f"at most {MAX_NAME}",
        "///": "at least one letter",
        "...": "at least one letter",
    }
    for name, words in cases.items():
        with pytest.raises(SaveError, match=words):
            slot_filename(name)
        count("hostile save names")


def test_plain_mode_refuses_or_contains_hostile_names(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    names = ["../../escaped", "/etc/evil", "con", "lpt1", "x" * 500, "   ", "..", "a/../../b"]
    commands = "".join(f"save {n}\n" for n in names) + "saves\n"
    result = play_plain(commands, saves)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "Not saved: `con` is a reserved name" in out
    assert "Not saved: `lpt1` is a reserved name" in out
    assert f"Not saved: save names are at most {MAX_NAME} characters" in out
    assert "Load which save?" not in out
    for path in tmp_path.rglob("*"):
        assert path == saves or saves in path.parents, f"{path} written outside the saves folder"
    assert not (tmp_path / "escaped").exists() and not Path("/etc/evil").exists()
    assert {p.name for p in saves.iterdir()} <= {
        "escaped.json",
        "etc-evil.json",
        "a-b.json",
        "autosave.json",
    }
    count("hostile save names", len(names))


async def test_save_dialog_shows_why_a_name_is_refused(mini: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = TrotskyApp(mini, SaveFolder(saves, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", key_for(SceneScreen, "save"))
        assert isinstance(app.screen, SaveDialog)
        await pilot.press(*"con", "enter")
        assert isinstance(app.screen, SaveDialog)  # still open, with the reason
        assert "`con` is a reserved name; choose another" in shown(pilot)
        await pilot.press("backspace", "backspace", "backspace", *"../../up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert "Saved: Saved as “../../up”." in notices(pilot)
    assert (saves / "up.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["saves"]


# -- folders that cannot be written ---------------------------------------------------------


def _old_save(mini: Story, saves: Path) -> tuple[SaveFolder, Path, bytes]:
    folder = SaveFolder(saves, mini)
    path = folder.save("keep", played(mini, 1))
    return folder, path, path.read_bytes()


def test_read_only_folder_gives_a_save_error_and_keeps_the_old_file(
    mini: Story, tmp_path: Path
) -> None:
    folder, path, old = _old_save(mini, tmp_path / "saves")
    os.chmod(folder.folder, 0o555)
    try:
        if os.access(folder.folder, os.W_OK):
            pytest.skip("running as root: a 555 folder is still writable")
        with pytest.raises(SaveError, match="cannot write in"):
            folder.save("keep", played(mini, 2))
        with pytest.raises(SaveError, match="cannot write in"):
            folder.save("new one", played(mini, 2))
        assert path.read_bytes() == old
        assert folder.load("keep").state.scene == "yard"
    finally:
        os.chmod(folder.folder, 0o755)


def test_unwritable_folder_simulated_gives_a_save_error(
    mini: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as a 555 folder, for when the tests run as root (mkstemp gets EACCES)."""
    folder, path, old = _old_save(mini, tmp_path / "saves")

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(saves_module.tempfile, "mkstemp", denied)
    with pytest.raises(SaveError, match=r"cannot write in .*Permission denied"):
        folder.save("keep", played(mini, 2))
    assert path.read_bytes() == old
    assert sorted(p.name for p in folder.folder.iterdir()) == ["keep.json"]


def test_missing_folder_is_created_or_reported(mini: Story, tmp_path: Path) -> None:
    missing = tmp_path / "not" / "there" / "yet"
    folder = SaveFolder(missing, mini)
    assert folder.slots() == [] and folder.newest() is None
    with pytest.raises(SaveError, match="there is no save called 'x'"):
        folder.load("x")
    assert folder.save("x", played(mini)).parent == missing  # made on first save
    # a "folder" that is really a file cannot be made: a SaveError, the file untouched
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"not a folder")
    blocked = SaveFolder(blocker / "saves", mini)
    with pytest.raises(SaveError, match="cannot write in"):
        blocked.save("x", played(mini))
    assert blocked.slots() == []
    assert blocker.read_bytes() == b"not a folder"
    file_as_folder = SaveFolder(blocker, mini)
    with pytest.raises(SaveError):
        file_as_folder.save("x", played(mini))
    assert file_as_folder.slots() == []


def test_saves_folder_deleted_while_playing(mini: Story, tmp_path: Path) -> None:
    folder, path, _ = _old_save(mini, tmp_path / "saves")
    path.unlink()
    folder.folder.rmdir()
    assert folder.slots() == []
    assert folder.save("keep", played(mini, 2)).is_file()  # recreated


@pytest.mark.parametrize("where", ["fsync", "replace", "write"])
def test_full_disk_gives_a_save_error_and_keeps_the_old_file(
    mini: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    folder, path, old = _old_save(mini, tmp_path / "saves")
    real = {"fsync": os.fsync, "replace": os.replace, "write": os.write}

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if where == "write":  # the temp file's buffered write fails at flush
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, handle: object) -> None:
                self.handle = handle

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()  # type: ignore[attr-defined]

            def write(self, data: bytes) -> int:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            def flush(self) -> None:
                pass

            def fileno(self) -> int:
                return self.handle.fileno()  # type: ignore[attr-defined]

        monkeypatch.setattr(
            saves_module.os, "fdopen", lambda fd, mode="r", *a, **k: Full(real_fdopen(fd, mode))
        )
    else:
        monkeypatch.setattr(saves_module.os, where, full)
    with pytest.raises(SaveError) as caught:
        folder.save("keep", played(mini, 2))
    assert caught.value.message == "cannot write keep.json: No space left on device"
    monkeypatch.setattr(saves_module.os, where, real[where])
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert sorted(p.name for p in folder.folder.iterdir()) == ["keep.json"]  # no temp left
    assert folder.load("keep").state.scene == "yard"


def test_really_full_file_system_with_a_size_limit(mini: Story, tmp_path: Path) -> None:
    """A real failing write (RLIMIT_FSIZE -> EFBIG) in a subprocess, not a monkeypatch."""
    saves = tmp_path / "saves"
    folder = SaveFolder(saves, mini)
    old = folder.save("keep", played(mini, 1)).read_bytes()
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from game.engine.errors import SaveError
        from game.engine.loader import load_story_or_raise
        from game.engine.saves import SaveFolder
        from game.engine.session import Session
        story = load_story_or_raise(Path({str(ROOT / "tests/data/stories/mini")!r}))
        session = Session.new(story)
        session.choose(1); session.choose(1)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))
        try:
            SaveFolder(Path({str(saves)!r}), story).save("keep", session)
        except SaveError as err:
            print("SaveError:", err.message)
        else:
            print("saved")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("SaveError: cannot write keep.json: File too large")
    assert (saves / "keep.json").read_bytes() == old
    assert sorted(p.name for p in saves.iterdir()) == ["keep.json"]


async def test_autosave_failure_in_the_tui_notifies_and_play_goes_on(
    mini: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves = tmp_path / "saves"
    folder = SaveFolder(saves, mini)
    folder.autosave(Session.new(mini))
    autosave = saves / "autosave.json"
    old = autosave.read_bytes()
    real_replace = os.replace

    def full(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if str(saves) in str(dst):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(saves_module.os, "replace", full)
    app = TrotskyApp(mini, folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "1")
        assert note_open(app)  # the note comes, save or no save
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert "Could not save: cannot write autosave.json: No space left on device" in notices(
            pilot
        )
        assert "The yard" in shown(pilot)
        await pilot.press("1", "enter")  # play goes on
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.session.state.scene == "road_end"
        await pilot.press(key_for(SceneScreen, "save"), *"named", "enter")
        await settle(pilot)
        assert "Not saved: cannot write named.json: No space left on device" in notices(pilot)
        assert app.is_running
        await pilot.press("q")  # quitting with a full disk still quits
        await pilot.pause()
    assert app.return_code in (0, None)
    assert autosave.read_bytes() == old
    assert sorted(p.name for p in saves.iterdir()) == ["autosave.json"]
    data = json.loads(old)
    assert data["state"]["scene"] == "hut"
