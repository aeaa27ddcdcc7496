"""Plain mode: one line when a milestone is earned, the `milestones` command, the ending's
line, and the content note before a tagged scene only when the setting is on."""

from __future__ import annotations

import json
from pathlib import Path

from game.engine.settings import SETTINGS_FILE
from tests.conftest import play_plain

EARNED = "* Milestone earned: First note. Read a note."


def test_a_milestone_is_said_once_in_one_line_and_kept_for_the_next_game(
    tagged: Path, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    out = play_plain("1\nback\n1\nmilestones\n", saves, scenes=tagged).stdout
    assert out.count(EARNED) == 1  # reading the note again earns nothing more
    assert "[x] First note: earned " in out
    assert "[ ] The whole first chapter: Read every note of the first chapter." in out
    assert "[ ] A hidden milestone: " in out
    assert "The sea at last" not in out  # an ending's milestone is never named unearned
    again = play_plain("milestones\n", saves, "--continue", scenes=tagged).stdout
    assert "1 of 5 milestones earned" in again
    assert EARNED not in again


def test_the_ending_names_the_milestones_of_this_game(tagged: Path, tmp_path: Path) -> None:
    out = play_plain("1\n1\n1\n1\n1\n", tmp_path / "saves", scenes=tagged).stdout
    assert "* Milestone earned: The sea at last. Reach the finale by the sea." in out
    assert "This time: First note, As it happened, The sea at last" in out


def test_content_notes_are_shown_when_on_and_never_when_off(tagged: Path, tmp_path: Path) -> None:
    notice = "(Content note: this scene depicts imprisonment.)"
    saves = tmp_path / "saves"
    off = play_plain("1\n", saves, scenes=tagged).stdout
    assert "Content note" not in off
    on = play_plain("content on\nlook\n", saves, "--continue", scenes=tagged).stdout
    assert "Content notes are on" in on
    shown_again = on.split("Content notes are on")[1]  # `look`, after the setting
    assert shown_again.index(notice) < shown_again.index("-- The yard --")  # before the scene
    assert json.loads((saves / SETTINGS_FILE).read_text())["content_notes"] is True
    later = play_plain("look\ncontent off\nlook\n", saves, "--continue", scenes=tagged).stdout
    after_off = later.split("Content notes are off")[1]
    assert notice in later.split("Content notes are off")[0]
    assert "Content note" not in after_off.replace("Content notes are off", "")
