"""Plain mode as a newcomer meets it: the quiz offered at a chapter's end, headings on the
listings, readable local save times, a goodbye that says where the game is, and a failed
last save told and returned as the exit status."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path

import pytest

from game.engine.model import Story
from game.present.dates import saved_when
from tests.conftest import SCENES, play_plain


def test_the_chapter_quiz_is_one_more_numbered_option(tmp_path: Path, story: Story) -> None:
    quiz = story.chapters[0].quiz
    answers = "".join(f"{q.answer}\n" for q in quiz)
    out = play_plain("2\n" + answers, tmp_path, "--start", "sib_samara", scenes=SCENES).stdout
    before, _, after = out.partition("Check your understanding: chapter 1")
    assert "  1. Continue to chapter 2: London and Iskra" in before
    assert f"  2. Check your understanding: {len(quiz)} questions" in before
    assert f"You answered {len(quiz)} of {len(quiz)} correctly." in after
    assert "  1. Continue to chapter 2" in after  # the scene again, the quiz no longer offered
    assert "  2. Check your understanding" not in after


def test_the_quiz_is_offered_at_every_chapter_end(tmp_path: Path, story: Story) -> None:
    ends = [s for s in story.scenes.values() if s.chapter_end and story.chapter(s.chapter).quiz]
    assert len(ends) >= 5
    for scene in ends:
        out = play_plain("", tmp_path / scene.id, "--start", scene.id, scenes=SCENES).stdout
        assert "Check your understanding: " in out, scene.id


def test_quit_says_goodbye_and_where_the_game_is_saved(tmp_path: Path) -> None:
    result = play_plain("1\nquit\n", tmp_path)
    assert result.returncode == 0
    autosave = tmp_path / "autosave.json"
    assert f"Goodbye. Your game is saved in {autosave}" in result.stdout
    assert json.loads(autosave.read_text())["state"]["scene"] == "yard"


@pytest.mark.parametrize("leave", ["quit\n", ""], ids=["quit", "end-of-input"])
def test_a_failed_last_save_is_said_and_is_the_exit_status(tmp_path: Path, leave: str) -> None:
    damaged = tmp_path / "autosave.json"
    damaged.write_text("{ not a save")
    result = play_plain("1\n" + leave, tmp_path)
    assert result.returncode == 1
    assert "Your game could not be saved: autosave.json" in result.stdout
    assert "Goodbye" not in result.stdout
    assert damaged.read_text() == "{ not a save"


def test_listings_have_headings(tmp_path: Path) -> None:
    out = play_plain(
        "glossary\nsaves\n1\nsave first\nsaves\ntimeline\nstats\npath\njournal\n",
        tmp_path,
        "--start",
        "isk_congress",
        scenes=SCENES,
    ).stdout
    assert "Glossary terms in this scene (`glossary TERM` defines one):\n  RSDLP" in out
    assert "No saves yet." in out
    assert f"Saves, newest first (in {tmp_path}):\n  first: " in out
    assert "Timeline, 1879-1940:\n" in out
    assert "Where you stand:\n" in out
    assert "Your path against history:\n" in out
    assert "Journal: the historical notes read so far\n" in out


def test_save_times_are_local_and_readable(tmp_path: Path) -> None:
    env_tz = "Asia/Kolkata"  # UTC+5:30: a local time that cannot pass for UTC
    old = os.environ.get("TZ")
    os.environ["TZ"] = env_tz
    try:
        out = play_plain("save mine\nsaves\n", tmp_path).stdout
        stamp = json.loads((tmp_path / "mine.json").read_text())["updated"]
        time.tzset()
        local = datetime.fromisoformat(stamp).astimezone()
        assert local.utcoffset() is not None and local.utcoffset().total_seconds() == 19800
        expected = f"{local.day} {local:%b %Y, %H:%M}"
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()
    assert f"(saved {expected})" in out
    assert stamp not in out and "+00:00" not in out


def test_saved_when_reads_a_stamp_in_a_zone() -> None:
    from datetime import timedelta, timezone

    assert saved_when("2026-12-04T14:44:05+00:00", timezone(timedelta(hours=1))) == (
        "4 Dec 2026, 15:44"
    )
    assert saved_when("not a date") == "not a date"
    assert saved_when("") == "at an unknown time"
