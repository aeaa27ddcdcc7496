"""Broken, foreign and outdated saves: a clear message through the engine, the plain face and
the Textual Load dialog; the game goes on; the file is byte-for-byte unchanged afterwards.
Saves that can be carried forward (a renamed scene, a new variable) load with a notice."""

from __future__ import annotations

import json
import os
import random
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from game.engine.errors import SaveError
from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from game.engine.saves import MAX_SAVE_BYTES, SaveFolder
from game.engine.session import Session
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import LoadDialog
from game.ui.screens.scene import SceneScreen
from game.ui.screens.title import TitleScreen
from tests.robustness._support import MINI, count, flat, key_for, notices, play_plain, settle

SIZE = (140, 40)


def valid_save(story: Story) -> dict[str, Any]:
    """A real save of the mini story, one choice in (at `yard`), as parsed JSON."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        session = Session.new(story)
        session.choose(1)
        path = SaveFolder(Path(scratch), story).save("autosave", session)
        return json.loads(path.read_bytes())


def edited(change: Callable[[dict[str, Any]], object]) -> Callable[[Story], bytes]:
    def make(story: Story) -> bytes:
        data = valid_save(story)
        change(data)
        return json.dumps(data).encode()

    return make


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        for key in parents:
            data = data[key]
        data[last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        for key in parents:
            data = data[key]
        del data[last]

    return change


GARBAGE = bytes(random.Random(1917).randrange(256) for _ in range(512)) + b"\xff"

# name -> (how to make the bytes, words the message must contain)
BROKEN: dict[str, tuple[Callable[[Story], bytes], str]] = {
    "truncated": (
        lambda s: json.dumps(valid_save(s)).encode()[:150],
        "is damaged (not readable JSON)",
    ),
    "truncated_header": (lambda s: b'{"format": "trotsky-save", "format_vers', "is damaged"),
    "empty": (lambda s: b"", "is empty"),
    "blank": (lambda s: b" \n\t\r\n", "is empty"),
    "binary_garbage": (lambda s: GARBAGE, "is damaged (not readable JSON)"),
    "nul_bytes": (lambda s: b"\x00" * 4096, "is damaged"),
    "utf16": (lambda s: json.dumps(valid_save(s)).encode("utf-16"), "is damaged"),
    "invalid_utf8_inside": (
        lambda s: json.dumps(valid_save(s)).encode().replace(b"yard", b"y\xc3\x28rd", 1),
        "is damaged",
    ),
    "deep_json": (lambda s: b"[" * 200_000 + b"]" * 200_000, "is damaged"),
    "too_large": (lambda s: b" " * (MAX_SAVE_BYTES + 10) + b"{}", "is too large to be a save"),
    "json_list": (lambda s: b"[1, 2, 3]", "is not a save of this game"),
    "json_string": (lambda s: b'"trotsky-save"', "is not a save of this game"),
    "json_number": (lambda s: b"1917", "is not a save of this game"),
    "json_null": (lambda s: b"null", "is not a save of this game"),
    "foreign_json": (lambda s: b'{"name": "not ours", "state": {}}', "is not a save of this game"),
    "no_state": (edited(_drop("state")), "is damaged (its game state is incomplete"),
    "state_is_list": (edited(_set("state", [1, 2])), "is damaged"),
    "state_is_string": (edited(_set("state", "hut")), "is damaged"),
    "no_scene": (edited(_drop("state.scene")), "is damaged"),
    "scene_is_number": (edited(_set("state.scene", 7)), "is damaged"),
    "variables_is_list": (edited(_set("state.variables", ["courage"])), "is damaged"),
    "variable_is_object": (edited(_set("state.variables.courage", {"a": 1})), "is damaged"),
    "choices_wrong_shape": (edited(_set("state.choices", [1, "x", None])), "is damaged"),
    "notes_seen_wrong": (edited(_set("state.notes_seen", [1])), "is damaged"),
    "play_seconds_text": (edited(_set("state.play_seconds", "long")), "is damaged"),
    "version_is_text": (edited(_set("format_version", "1")), "has no valid format version"),
    "no_version": (edited(_drop("format_version")), "has no valid format version"),
    "future_version": (
        edited(lambda d: d.update(format_version=9, min_compatible=9)),
        "was made by a newer version of the game",
    ),
    "future_version_no_min": (
        edited(lambda d: (d.update(format_version=7), d.pop("min_compatible"))),
        "was made by a newer version of the game",
    ),
    "other_story": (edited(_set("story_id", "trotsky")), "belongs to another story"),
    "no_story_id": (edited(_drop("story_id")), "belongs to another story"),
    "scene_gone": (
        edited(_set("state.scene", "vanished_scene")),
        "points at the scene `vanished_scene`, which this version of the story",
    ),
    "start_gone": (
        edited(_set("state.start", "old_start")),
        "points at the scene `old_start`, which this version of the story",
    ),
}


# the kinds the brief names are also played over in the Textual UI
PLAY_ON = {
    "truncated",
    "empty",
    "binary_garbage",
    "json_list",
    "no_state",
    "future_version",
    "other_story",
    "scene_gone",
}


@pytest.fixture(scope="module")
def mini_story() -> Story:
    return load_story_or_raise(MINI)


def plant(story: Story, saves: Path, kind: str, name: str = "autosave.json") -> tuple[Path, bytes]:
    saves.mkdir(parents=True, exist_ok=True)
    data = BROKEN[kind][0](story)
    path = saves / name
    path.write_bytes(data)
    return path, data


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_engine_reports_the_broken_save(mini_story: Story, tmp_path: Path, kind: str) -> None:
    path, data = plant(mini_story, tmp_path, kind)
    words = BROKEN[kind][1]
    folder = SaveFolder(tmp_path, mini_story)
    for target in (path, "autosave"):
        with pytest.raises(SaveError) as caught:
            folder.load(target)
        message = caught.value.message
        assert words in message
        assert message.startswith("autosave.json ")  # names the file
        assert len(message) < 400 and "Traceback" not in message
    [slot] = folder.slots()
    assert slot.error is not None and words in slot.error
    assert folder.newest() is None
    with pytest.raises(SaveError, match="left untouched"):
        folder.autosave(Session.new(mini_story))
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["autosave.json"]
    count("broken saves (engine)")


def _plain_runs(story: Story, root: Path, kind: str) -> dict[str, Any]:
    saves = root / kind / "saves"
    path, data = plant(story, saves, kind)
    resumed = play_plain("1\nsaves\n", saves, "--continue")
    after_continue = path.read_bytes()
    loaded = play_plain("", saves, "--load", "autosave")
    return {
        "continue": resumed,
        "load": loaded,
        "data": data,
        "after_continue": after_continue,
        "after_load": path.read_bytes(),
        "files": sorted(p.name for p in saves.iterdir()),
    }


@pytest.fixture(scope="module")
def plain_runs(mini_story: Story, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every kind through `--plain --continue` and `--plain --load`, four processes at once."""
    root = tmp_path_factory.mktemp("plain")
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {kind: pool.submit(_plain_runs, mini_story, root, kind) for kind in BROKEN}
        return {kind: future.result() for kind, future in futures.items()}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_plain_continue_goes_on_and_leaves_the_save_alone(
    plain_runs: dict[str, Any], kind: str
) -> None:
    run = plain_runs[kind]
    result = run["continue"]
    # The game could not be saved over the damaged file: said, and the exit status.
    assert result.returncode == 1, result.stderr
    assert "Your game could not be saved: autosave.json" in result.stdout
    assert result.stderr == ""
    out = result.stdout
    assert "== Chapter 1: The First ==" in out  # a new game was started instead
    assert "-- What really happened --" in out  # and played
    assert BROKEN[kind][1] in out  # the reason is said (in `saves`, and when autosaving)
    assert "Could not autosave: autosave.json is not a save this game can replace" in out
    assert run["after_continue"] == run["data"]
    # --load names the save: the reason comes first, then a new game
    again = run["load"]
    assert again.returncode == 1, again.stderr
    assert again.stdout.startswith("Cannot resume: autosave.json ")
    assert BROKEN[kind][1] in again.stdout.splitlines()[0]
    assert "== Chapter 1: The First ==" in again.stdout
    assert run["after_load"] == run["data"]
    assert run["files"] == ["autosave.json"]
    count("broken saves (plain)")


async def test_load_dialog_shows_each_problem_and_play_goes_on(
    mini_story: Story, tmp_path: Path
) -> None:
    """One app, every broken save in turn: listed with its reason in the Load dialog, refused
    with a notification when loaded, not overwritten by the autosave, and play goes on."""
    problems: list[str] = []
    app = TrotskyApp(mini_story, SaveFolder(tmp_path, mini_story))
    async with app.run_test(size=SIZE) as pilot:
        for kind in sorted(BROKEN):
            path, data = plant(mini_story, tmp_path, kind)
            words = " ".join(BROKEN[kind][1].split())
            app.clear_notifications()
            assert isinstance(app.screen, TitleScreen)
            await pilot.press(key_for(TitleScreen, "menu('load')"))
            assert isinstance(app.screen, LoadDialog)
            text = flat(pilot)
            if "autosave (cannot be loaded: autosave.json" not in text or words not in text:
                problems.append(f"{kind}: the Load dialog shows {text!r}")
            await pilot.press("enter")  # the broken slot is disabled: nothing happens
            await pilot.pause()
            if not isinstance(app.screen, LoadDialog):
                problems.append(f"{kind}: Enter on a broken slot left the dialog")
            await pilot.press("escape")
            app.load_game("autosave")  # as `trotsky --load autosave` does
            await pilot.pause()
            said = notices(pilot)
            if "Cannot load this save: autosave.json " not in said or words not in said:
                problems.append(f"{kind}: loading it said {said!r}")
            if not isinstance(app.screen, TitleScreen):
                problems.append(f"{kind}: a refused load left the title screen")
            if kind in PLAY_ON:  # one case per kind of message: play on over it
                await pilot.press(key_for(TitleScreen, "menu('new')"), "1", "enter")
                await settle(pilot)
                if (
                    not isinstance(app.screen, SceneScreen)
                    or app.screen.session.state.scene != "yard"
                ):
                    problems.append(f"{kind}: play did not go on")
                said = notices(pilot)
                if "Could not save: autosave.json is not a save this game can replace" not in said:
                    problems.append(f"{kind}: the failed autosave said {said!r}")
                await pilot.press("escape")  # back to the title (autosaves, and fails, again)
                await settle(pilot)
            if path.read_bytes() != data:
                problems.append(f"{kind}: the file was changed")
            if sorted(p.name for p in tmp_path.iterdir()) != ["autosave.json"]:
                problems.append(f"{kind}: other files appeared: {sorted(tmp_path.iterdir())}")
            path.unlink()
            count("broken saves (Load dialog)")
        assert app.is_running
    assert problems == []


def test_a_directory_a_symlink_and_a_fifo_named_like_saves(
    mini_story: Story, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "folder.json").mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"precious, not a save")
    (saves / "link.json").symlink_to(outside)
    folder = SaveFolder(saves, mini_story)
    slots = {slot.name: slot.error for slot in folder.slots()}
    assert slots["folder"] and "folder.json" in slots["folder"]  # not readable as a save
    assert slots["link"] and "link.json is damaged" in slots["link"]
    for name in ("folder", "link"):
        with pytest.raises(SaveError):
            folder.load(name)
        with pytest.raises(SaveError, match="left untouched"):
            folder.save(name, Session.new(mini_story))
    assert outside.read_bytes() == b"precious, not a save"
    assert (saves / "link.json").is_symlink()
    count("broken saves (engine)", 2)


def test_a_fifo_in_the_saves_folder_does_not_hang(mini_story: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    fifo = saves / "pipe.json"
    os.mkfifo(fifo)
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(SaveFolder(saves, mini_story).slots()))
    worker.start()
    worker.join(timeout=1)
    hung = worker.is_alive()
    if hung:  # unblock the reader so the thread ends
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        worker.join(timeout=5)
    assert not hung, "SaveFolder.slots() blocked on a FIFO"


async def test_continue_names_a_damaged_save(mini_story: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    path, data = plant(mini_story, saves, "truncated", name="my-game.json")
    app = TrotskyApp(mini_story, SaveFolder(saves, mini_story), resume="newest")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown_notices = notices(pilot)
    # after the TUI: plain mode's new game autosaves, which would then be the newest save
    result = play_plain("", saves, "--continue")
    assert result.returncode == 0
    first = result.stdout.splitlines()[0]
    assert path.read_bytes() == data
    assert "my-game.json is damaged" in first, first
    assert "my-game.json is damaged" in shown_notices, shown_notices


# -- saves carried forward --------------------------------------------------------------------


def renamed_story(tmp_path: Path) -> Path:
    """The mini story with `yard` renamed `courtyard` (former_ids: [yard]) and a new variable."""
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    one = folder / "one.yaml"
    text = one.read_text(encoding="utf-8")
    text = text.replace("goto: yard", "goto: courtyard")
    text = text.replace("  - id: yard\n", "  - id: courtyard\n    former_ids: [yard]\n", 1)
    one.write_text(text, encoding="utf-8")
    manifest = folder / "story.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + "  resolve: { default: 2, min: 0, max: 5, label: Resolve, visible: true }\n",
        encoding="utf-8",
    )
    return folder


def test_a_renamed_scene_and_a_new_variable_are_carried_forward(
    mini_story: Story, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    session = Session.new(mini_story)
    session.choose(1)  # to `yard`
    SaveFolder(saves, mini_story).save("autosave", session)
    folder = renamed_story(tmp_path)
    newer = load_story_or_raise(folder)
    assert "courtyard" in newer.scenes and "yard" not in newer.scenes

    # (a) the engine
    loaded = SaveFolder(saves, newer).load("autosave")
    assert loaded.state.scene == "courtyard"
    assert loaded.state.variables["resolve"] == 2
    assert "The scene `yard` is now called `courtyard`." in loaded.notices
    assert "The new variable `resolve` starts at 2." in loaded.notices
    resumed = loaded.session(newer)
    assert [o.text for o in resumed.options()] == ["Hide in the hay", "Boast of your courage"]

    # (b) plain --continue
    result = play_plain("2\n", saves, "--continue", scenes=folder)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Note: The scene `yard` is now called `courtyard`."
    assert "Note: The new variable `resolve` starts at 2." in lines[:3]
    assert "-- The yard --" in result.stdout
    assert "Boasting would have been fatal" in result.stdout

    # (c) the Textual UI: a notice, then the scene
    SaveFolder(saves, mini_story).save("autosave", session)  # back to the old save
    app = TrotskyApp(newer, SaveFolder(saves, newer), resume="newest")
    import asyncio

    async def run() -> tuple[str, str]:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SceneScreen)
            return notices(pilot), flat(pilot)

    said, screen = asyncio.run(run())
    assert "Save carried forward: The scene `yard` is now called `courtyard`." in said
    assert "Save carried forward: The new variable `resolve` starts at 2." in said
    assert "A cart waits." in screen
    count("saves carried forward", 3)


def test_a_save_from_a_newer_but_compatible_format_loads(mini_story: Story, tmp_path: Path) -> None:
    data = valid_save(mini_story)
    data.update(format_version=5, min_compatible=1, unknown_future_field={"x": 1})
    (tmp_path / "autosave.json").write_text(json.dumps(data))
    loaded = SaveFolder(tmp_path, mini_story).load("autosave")
    assert loaded.state.scene == "yard"
    count("saves carried forward")
