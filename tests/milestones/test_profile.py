"""The profile file: atomic, versioned, and a damaged one reported and never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine.milestones import Keeper
from game.engine.model import Story
from game.engine.profile import FORMAT, PROFILE_FILE, Profile, ProfileFile, read_profile
from game.engine.session import Session


def earn_first_note(story: Story, saves: Path) -> tuple[Keeper, str | None]:
    keeper = Keeper(story, saves)
    game = Session.new(story)
    game.choose(1)
    return keeper, keeper.observe(game)[1]


def test_the_profile_round_trips_and_names_its_format_and_version(
    tagged_story: Story, tmp_path: Path
) -> None:
    earn_first_note(tagged_story, tmp_path)
    data = json.loads((tmp_path / PROFILE_FILE).read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["version"] == 1
    profile, problem = read_profile(tmp_path / PROFILE_FILE)
    assert problem is None
    assert set(profile.earned) == {"first_note"}
    assert profile.notes == {"hut#0"}


def test_writing_leaves_no_temporary_file_and_replaces_the_old_one(
    tagged_story: Story, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / PROFILE_FILE).write_text(json.dumps(Profile().to_json()), encoding="utf-8")
    earn_first_note(tagged_story, saves)
    assert sorted(p.name for p in saves.iterdir()) == [PROFILE_FILE]
    assert "first_note" in (saves / PROFILE_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("contents", "words"),
    [
        (b'{"format": "trotsky-profile", "earned": {"x": ', "damaged"),
        (b"\xff\xfe not utf-8", "damaged"),
        (b'{"format": "trotsky-profile", "version": 1, "notes": [1, 2]}', "damaged"),
        (b'{"format": "something-else"}', "damaged"),
        (b'{"format": "trotsky-profile", "version": 9}', "version 9"),
    ],
)
def test_a_bad_profile_is_reported_and_never_overwritten(
    tagged_story: Story, tmp_path: Path, contents: bytes, words: str
) -> None:
    path = tmp_path / PROFILE_FILE
    path.write_bytes(contents)
    keeper, problem = earn_first_note(tagged_story, tmp_path)
    assert keeper.problem is not None and words in keeper.problem
    assert problem is None  # nothing failed: the profile is simply kept in memory
    assert "first_note" in keeper.profile.earned  # still earned for this run
    assert path.read_bytes() == contents  # the player's file is as it was


def test_a_profile_that_cannot_be_written_is_said_and_play_goes_on(
    tagged_story: Story, tmp_path: Path
) -> None:
    blocked = tmp_path / "saves"
    blocked.write_text("a file where the saves folder should be", encoding="utf-8")
    keeper, problem = earn_first_note(tagged_story, blocked)
    assert problem is not None
    assert "first_note" in keeper.profile.earned


def test_a_missing_profile_is_an_empty_one(tmp_path: Path) -> None:
    opened = ProfileFile.open(tmp_path)
    assert opened.problem is None
    assert opened.profile == Profile()


def test_a_story_without_milestones_writes_no_profile(mini: Story, tmp_path: Path) -> None:
    keeper, problem = earn_first_note(mini, tmp_path)
    assert problem is None
    assert list(tmp_path.iterdir()) == []
    assert keeper.this_run == []
