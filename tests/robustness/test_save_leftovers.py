"""Issue 12's save leftovers: two names that share a file are never saved over each other
silently, and the temporaries of a killed save are cleaned, ours only."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import pytest

from game.engine.errors import SaveError
from game.engine.model import Story
from game.engine.saves import SaveFolder, remove_stale_temporaries, slot_filename
from game.engine.session import Session
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import ConfirmDialog, SaveDialog
from game.ui.screens.scene import SceneScreen
from tests.robustness._support import files_under, key_for, play_plain, settle, shown

SIZE = (100, 30)


def played(story: Story, choices: int) -> Session:
    session = Session.new(story)
    for _ in range(choices):
        session.choose(1)
    return session


def stored_name(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8"))["name"])


# -- two names, one file -----------------------------------------------------------------


def test_a_name_that_shares_a_file_is_refused_not_saved_over(mini: Story, tmp_path: Path) -> None:
    folder = SaveFolder(tmp_path / "saves", mini)
    assert slot_filename("A B") == slot_filename("a-b") == "a-b.json"
    path = folder.save("A B", played(mini, 1))
    old = path.read_bytes()
    for other in ("a-b", "a_b", "A/B", "a.b"):
        with pytest.raises(SaveError) as refused:
            folder.save(other, played(mini, 2))
        assert refused.value.message == (
            f"“{other}” would be saved in a-b.json, which holds the save “A B”; "
            "it is left untouched: choose another name"
        )
        assert path.read_bytes() == old
    assert folder.existing_name("a-b") == "A B"
    assert [slot.name for slot in folder.slots()] == ["A B"]


def test_the_same_name_again_replaces_its_own_save(mini: Story, tmp_path: Path) -> None:
    folder = SaveFolder(tmp_path / "saves", mini)
    path = folder.save("A B", played(mini, 1))
    for same in ("A B", "a b", "  A   B ", "a\u00a0b"):  # case and spacing do not make a name
        folder.save(same, played(mini, 2))
        assert folder.load("A B").state.scene == "road_end"
    assert stored_name(path) == "a\u00a0b".strip()


def test_replacing_another_name_needs_the_players_yes(mini: Story, tmp_path: Path) -> None:
    folder = SaveFolder(tmp_path / "saves", mini)
    path = folder.save("A B", played(mini, 1))
    folder.save("a-b", played(mini, 2), replace=True)
    assert stored_name(path) == "a-b"
    assert folder.load("a-b").state.scene == "road_end"


def test_plain_mode_refuses_the_second_name(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    result = play_plain("save A B\n1\nsave a-b\nsaves\nload A B\n", saves)
    assert result.returncode == 0, result.stderr
    assert "Saved as 'A B'" in result.stdout
    assert (
        "Not saved: “a-b” would be saved in a-b.json, which holds the save “A B”; "
        "it is left untouched: choose another name" in result.stdout
    )
    assert "  A B: 1. The First" in result.stdout
    assert stored_name(saves / "a-b.json") == "A B"
    saved = json.loads((saves / "a-b.json").read_text(encoding="utf-8"))
    assert saved["state"]["scene"] == "hut"  # the first save, not the second


async def test_the_tui_asks_before_replacing_a_save_of_another_name(
    mini: Story, tmp_path: Path
) -> None:
    folder = SaveFolder(tmp_path / "saves", mini)
    path = folder.save("A B", played(mini, 0))
    old = path.read_bytes()
    app = TrotskyApp(mini, folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "1", "enter")
        await settle(pilot)
        save_key = key_for(SceneScreen, "save")
        await pilot.press(save_key, *"a-b", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Replace the save “A B” with this game?" in shown(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert path.read_bytes() == old  # "no" keeps it
        await pilot.press(save_key)
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        await pilot.press(*"a-b", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
    assert stored_name(path) == "a-b"  # "yes" replaces it, under the new name
    assert folder.load("a-b").state.scene == "yard"


# -- stale temporaries -----------------------------------------------------------------------


def aged(path: Path, seconds: float) -> Path:
    when = time.time() - seconds
    os.utime(path, (when, when), follow_symlinks=False)
    return path


def killed_save_temp(folder: Path, stem: str) -> Path:
    """What `atomic_write` leaves when killed between mkstemp and the rename."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=f".{stem}.", suffix=".tmp")
    os.write(handle, b'{"format": "trotsky-sa')
    os.close(handle)
    return Path(name)


def test_stale_temporaries_of_ours_are_removed_when_the_folder_is_opened(
    mini: Story, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    keep = SaveFolder(saves, mini).save("keep", played(mini, 1))
    old_ones = [
        aged(killed_save_temp(saves, "keep"), 120),
        aged(killed_save_temp(saves, "autosave"), 3600),
        aged(killed_save_temp(saves, ".settings"), 61),  # `.settings.json`'s temporary
        aged(killed_save_temp(saves, "лев-троцкий"), 120),
    ]
    young = killed_save_temp(saves, "keep")  # a save being written right now
    others = {
        "notes.tmp": b"mine",
        ".keep.abcdefgh.tmp.bak": b"mine",
        ".keep.tmp": b"mine",
        "keep.abcdefgh.tmp": b"mine",
        ".keep.ABCDEFGH.tmp": b"mine",
        ".keep.abc.tmp": b"mine",
        "keep.json.tmp": b"mine",
    }
    for name, data in others.items():  # near misses of the pattern, all old
        (saves / name).write_bytes(data)
        aged(saves / name, 3600)
    folder_like = saves / ".keep.abcdefgh.tmp.d"
    folder_like.mkdir()
    dir_named = saves / ".dir.abcdefgh.tmp"  # the pattern, but a folder
    dir_named.mkdir()
    aged(dir_named, 3600)
    link = saves / ".link.abcdefgh.tmp"
    link.symlink_to(keep)
    aged(link, 3600)
    before = files_under(saves)

    folder = SaveFolder(saves, mini)

    assert sorted(folder.removed_temporaries) == sorted(p.name for p in old_ones)
    assert not any(p.exists() for p in old_ones)
    assert young.exists() and dir_named.is_dir() and folder_like.is_dir() and link.is_symlink()
    after = files_under(saves)
    assert {k: v for k, v in before.items() if (saves / k) not in old_ones} == after
    assert folder.load("keep").state.scene == "yard"


def test_a_temporary_of_another_user_is_left_alone(tmp_path: Path) -> None:
    if not hasattr(os, "chown") or os.geteuid() != 0:
        pytest.skip("needs root to give a file to another user")
    temp = aged(killed_save_temp(tmp_path, "keep"), 600)
    os.chown(temp, 54321, 54321)
    aged(temp, 600)
    assert remove_stale_temporaries(tmp_path) == []
    assert temp.exists()


def test_no_folder_no_cleaning(tmp_path: Path) -> None:
    assert remove_stale_temporaries(tmp_path / "missing") == []
    (tmp_path / "file").write_text("x")
    assert remove_stale_temporaries(tmp_path / "file") == []
