"""Transcripts: `trotsky record` and `trotsky replay`, the shipped ones, and their pytest plugin."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from game.engine.walker import Graph
from game.tools.transcript import Tape, Transcript, play, replay_file
from tests.conftest import MINI, ROOT

TRANSCRIPTS = ROOT / "tests" / "transcripts"
NOTE_WORDS = "a journey that took several days"


def trotsky(
    *args: str, stdin: str = "", cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
    )


def recorded(folder: Path, scenes: Path, typed: str, *args: str) -> Path:
    path = folder / "session.transcript"
    result = trotsky("record", str(path), *args, "--scenes", str(scenes), stdin=typed)
    assert result.returncode == 0, result.stderr
    return path


def test_record_writes_what_was_printed_and_typed_and_replay_agrees(tmp_path: Path) -> None:
    path = recorded(tmp_path, MINI, "1\n1\npath\nquit\n")
    lines = Transcript.parse(path.read_text(), "session").lines
    assert "> 1" in lines and "> path" in lines and "> quit" in lines
    assert "-- The yard --" in lines
    assert "2 of 2 of your choices matched history." in lines
    result = trotsky("replay", str(path), "--scenes", str(MINI))
    assert result.returncode == 0, result.stdout
    assert "1 transcript: 1 the same, 0 changed" in result.stdout


def test_a_changed_note_fails_with_a_diff_naming_scene_and_line(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(MINI, story)
    path = recorded(tmp_path, story, "1\n1\nquit\n")
    chapter = story / "one.yaml"
    chapter.write_text(chapter.read_text().replace(NOTE_WORDS, "a journey of many days"))
    line = next(n for n, t in enumerate(chapter.read_text().splitlines(), 1) if "many days" in t)
    result = trotsky("replay", str(path), "--scenes", str(story))
    assert result.returncode == 1
    out = result.stdout.splitlines()
    hunk = next(h for h in out if h.startswith("@@ "))
    assert hunk.endswith(f"scene `yard` at {chapter}:{line}")
    assert any(h.startswith("-") and "several days" in h for h in out)
    assert any(h.startswith("+") and "many days" in h for h in out)
    assert f"trotsky replay --update {path}" in result.stdout

    updated = trotsky("replay", "--update", str(path), "--scenes", str(story))
    assert updated.returncode == 0
    assert "many days" in path.read_text()
    assert trotsky("replay", str(path), "--scenes", str(story)).returncode == 0


def test_clock_times_are_hidden_but_story_dates_kept(tmp_path: Path) -> None:
    tape = Tape(io.StringIO(), None, tmp_path)
    tape.write("saved 2026-12-04T14:44:05+00:00; saved 4 Dec 2026, 15:44\n")
    tape.write(f"in {tmp_path}/autosave.json, on 21 August 1902, in 1902-08\n")
    assert tape.lines == [
        "saved <time>; saved <time>",
        "in <saves>/autosave.json, on 21 August 1902, in 1902-08",
    ]


def test_transcripts_hide_the_saves_folder_and_the_clock(tmp_path: Path) -> None:
    path = recorded(tmp_path, MINI, "save mine\nsaves\nquit\n")
    text = path.read_text()
    assert "<saves>" in text and "<time>" in text
    assert "trotsky-transcript-" not in text and str(tmp_path) not in text
    assert trotsky("replay", str(path), "--scenes", str(MINI)).returncode == 0


def test_printed_lines_that_look_typed_are_escaped(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(MINI, story)
    chapter = story / "one.yaml"
    chapter.write_text(
        chapter.read_text().replace("A cart waits.", '"> A cart waits.\\n\\n\\\\ No."')
    )
    path = recorded(tmp_path, story, "1\nlook\nquit\n")
    transcript = Transcript.parse(path.read_text(), "session")
    assert "\\> A cart waits." in transcript.lines and "\\\\ No." in transcript.lines
    assert transcript.inputs == ["1", "look", "quit"]
    assert trotsky("replay", str(path), "--scenes", str(story)).returncode == 0


def test_a_quiz_prompt_and_its_answers_replay(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(MINI, story)
    quiz = "quiz:\n  - question: Who hid?\n    options: [He, Nobody]\n    answer: 1\n"
    (story / "one.yaml").write_text((story / "one.yaml").read_text() + quiz)
    path = recorded(tmp_path, story, "1\n1\nquiz\n2\nquit\n")
    lines = Transcript.parse(path.read_text(), "session").lines
    answer = lines.index("> 2")
    assert lines[answer - 1].startswith("answer>")
    assert trotsky("replay", str(path), "--scenes", str(story)).returncode == 0


def test_start_and_set_are_kept_in_the_transcript(tmp_path: Path) -> None:
    # At the ending, `1` reads the epilogue where the face offers it as a choice.
    path = recorded(tmp_path, MINI, "2\n1\nquit\n", "--start", "yard", "--set", "courage=1")
    assert "# args: --start yard --set courage=1" in path.read_text()
    assert "You are caught. In truth he escaped." in path.read_text()
    assert trotsky("replay", str(path), "--scenes", str(MINI)).returncode == 0


def test_replay_refuses_a_file_that_is_not_a_transcript(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("just words\n")
    result = trotsky("replay", str(other), "--scenes", str(MINI))
    assert result.returncode == 2
    assert "is not a transcript" in result.stderr


# -- the shipped transcripts ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(story: Story) -> dict[str, str]:
    """Each shipped transcript and the scene its session ends in."""
    return {path.name: replay_file(story, path).scenes[-1] for path in TRANSCRIPTS.glob("*")}


def test_one_shipped_transcript_per_ending(story: Story, shipped: dict[str, str]) -> None:
    assert sorted(shipped.values()) == sorted(Graph(story).endings), (
        "record a transcript for each ending: trotsky record tests/transcripts/ENDING.transcript"
    )
    (historical,) = [name for name in shipped if name.startswith("historical_")]
    assert story.scenes[shipped[historical]].ending == "historical"


def test_the_historical_transcript_takes_only_trotskys_choices(story: Story) -> None:
    (path,) = TRANSCRIPTS.glob("historical_*")
    transcript = Transcript.parse(path.read_text(), path.name)
    replayed, _ = play(story, [], io.StringIO("\n".join(transcript.inputs) + "\n"))
    assert "(different)" not in "\n".join(replayed.lines)


def test_the_pytest_plugin_fails_with_the_diff_and_the_update_command(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(MINI, story)
    recorded(tmp_path, story, "1\n1\nquit\n")
    chapter = story / "one.yaml"
    chapter.write_text(chapter.read_text().replace(NOTE_WORDS, "a journey of many days"))
    env = {**os.environ, "TROTSKY_SCENES": str(story)}
    plugin = ["-p", "tests.transcript_plugin", "-p", "no:cacheprovider", "--noconftest"]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *plugin,
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "session.transcript"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout
    assert "scene `yard` at" in result.stdout
    shown = result.stdout.splitlines()
    assert any(line.startswith("-") and "several days" in line for line in shown)
    assert any(line.startswith("+") and "many days" in line for line in shown)
    assert "trotsky replay --update tests/transcripts/*" in result.stdout
    load_story_or_raise(story)  # the edited story is still a valid one


@pytest.mark.parametrize(
    ("to", "ends"), [("caught", "You are caught."), ("history", "so it ended")]
)
def test_record_to_an_ending_plays_by_itself(tmp_path: Path, to: str, ends: str) -> None:
    path = tmp_path / "auto.transcript"
    result = trotsky("record", str(path), "--to", to, "--scenes", str(MINI))
    assert result.returncode == 0, result.stderr
    transcript = Transcript.parse(path.read_text(), "auto")
    assert transcript.inputs[-3:] == ["1", "path", "quit"]
    assert any(ends in line for line in transcript.lines)
    if to == "history":
        assert "(different)" not in path.read_text()


def test_record_to_a_scene_that_is_no_ending_is_refused(tmp_path: Path) -> None:
    result = trotsky(
        "record", str(tmp_path / "x.transcript"), "--to", "yard", "--scenes", str(MINI)
    )
    assert result.returncode == 2
    assert "`yard` is not an ending" in result.stderr
    assert not (tmp_path / "x.transcript").exists()
