"""Saves: atomic, versioned, and never trusting a file they did not write."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.engine.errors import SaveError
from game.engine.model import Story
from game.engine.saves import FORMAT_VERSION, SaveFolder, slot_filename
from game.engine.session import Session


def played(story: Story, choices: int = 1) -> Session:
    session = Session.new(story)
    for _ in range(choices):
        session.choose(1)
    return session


def test_save_and_load_round_trip(mini: Story, saves_dir: Path) -> None:
    folder = SaveFolder(saves_dir, mini)
    session = played(mini, 2)
    path = folder.save("Before the city", session)
    assert path == saves_dir / "before-the-city.json"
    data = json.loads(path.read_text())
    assert data["format_version"] == FORMAT_VERSION
    assert data["story_id"] == "mini"
    assert data["state"]["scene"] == "road_end"
    assert data["summary"]["chapter"] == "1. The First"
    loaded = folder.load("Before the city")
    assert loaded.notices == ()
    assert loaded.state.to_json() | {"play_seconds": 0} == session.state.to_json() | {
        "play_seconds": 0
    }
    [slot] = folder.slots()
    assert (slot.name, slot.place, slot.error) == ("Before the city", "The road", None)
    assert not list(saves_dir.glob(".*.tmp"))  # no temp file left behind


def test_created_is_kept_across_saves(mini: Story, saves_dir: Path) -> None:
    folder = SaveFolder(saves_dir, mini)
    session = played(mini)
    first = json.loads(folder.save("a", session).read_text())["created"]
    loaded = folder.load("a").session(mini)
    assert json.loads(folder.save("a", loaded).read_text())["created"] == first


BROKEN = {
    "truncated": b'{"format": "trotsky-save", "format_vers',
    "empty": b"",
    "garbage": os.urandom(64) + b"\xff",
    "wrong_shape": b"[1, 2, 3]",
    "no_state": json.dumps(
        {"format": "trotsky-save", "format_version": 1, "story_id": "mini"}
    ).encode(),
    "future": json.dumps(
        {"format": "trotsky-save", "format_version": 9, "min_compatible": 9, "story_id": "mini"}
    ).encode(),
    "foreign_story": json.dumps(
        {"format": "trotsky-save", "format_version": 1, "story_id": "other"}
    ).encode(),
    "foreign_file": b'{"name": "not ours"}',
}
WORDS = {
    "truncated": "damaged",
    "empty": "empty",
    "garbage": "damaged",
    "wrong_shape": "not a save of this game",
    "no_state": "damaged",
    "future": "newer version of the game",
    "foreign_story": "belongs to another story",
    "foreign_file": "not a save of this game",
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_saves_are_reported_and_left_untouched(
    mini: Story, saves_dir: Path, kind: str
) -> None:
    saves_dir.mkdir()
    path = saves_dir / "autosave.json"
    path.write_bytes(BROKEN[kind])
    folder = SaveFolder(saves_dir, mini)
    with pytest.raises(SaveError) as caught:
        folder.load(path)
    assert WORDS[kind] in caught.value.message
    [slot] = folder.slots()
    assert slot.error and WORDS[kind] in slot.error
    assert folder.newest() is None
    with pytest.raises(SaveError, match="left untouched"):
        folder.autosave(played(mini))
    assert path.read_bytes() == BROKEN[kind]
    assert sorted(p.name for p in saves_dir.iterdir()) == ["autosave.json"]


def test_a_save_pointing_at_a_vanished_scene_is_refused(mini: Story, saves_dir: Path) -> None:
    folder = SaveFolder(saves_dir, mini)
    path = folder.save("x", played(mini))
    data = json.loads(path.read_text())
    data["state"]["scene"] = "gone_scene"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="`gone_scene`, which this version of the story"):
        folder.load("x")


def test_variables_are_carried_forward(mini: Story, saves_dir: Path) -> None:
    folder = SaveFolder(saves_dir, mini)
    path = folder.save("x", played(mini))
    data = json.loads(path.read_text())
    del data["state"]["variables"]["escaped"]
    data["state"]["variables"]["retired_flag"] = True
    path.write_text(json.dumps(data))
    loaded = folder.load("x")
    assert loaded.state.variables == {"courage": 1, "escaped": False}
    assert any("retired_flag" in n for n in loaded.notices)
    assert any("escaped" in n for n in loaded.notices)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("../../etc/passwd", None),
        ("a/b", None),
        ("nul", "reserved"),
        ("x" * 500, "at most 40"),
        ("bad\x00name", "control characters"),
        ("///", "at least one letter"),
    ],
)
def test_hostile_save_names_are_refused_or_made_safe(name: str, words: str | None) -> None:
    if words is None:
        filename = slot_filename(name)
        assert "/" not in filename and ".." not in filename
        return
    with pytest.raises(SaveError, match=words):
        slot_filename(name)


def test_newest_picks_the_latest_valid_save(mini: Story, saves_dir: Path) -> None:
    folder = SaveFolder(saves_dir, mini)
    folder.save("older", played(mini, 1))
    data = json.loads((saves_dir / "older.json").read_text())
    data["updated"] = "2000-01-01T00:00:00+00:00"
    (saves_dir / "older.json").write_text(json.dumps(data))
    folder.save("newer", played(mini, 2))
    (saves_dir / "broken.json").write_text("{")
    newest = folder.newest()
    assert newest is not None and newest.name == "newer"
