"""Plain mode, driven through a real subprocess's stdin, as a script or screen reader would."""

from __future__ import annotations

import json
from pathlib import Path

from game.engine.model import Story
from game.engine.session import Session
from tests.conftest import SCENES, play_plain

play = play_plain


def test_plain_plays_shows_notes_and_autosaves_at_end_of_input(tmp_path: Path) -> None:
    result = play("1\n", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "== Chapter 1: The First ==" in out
    assert "A hut by the river, October 1900" in out
    assert "[bold]Brackets[/] stay literal." in out
    assert "  1. Go outside" in out
    assert "-- What really happened --" in out
    assert "Source: Test Author, A Test Book (2000), ch. 1" in out
    assert "-- The yard --" in out
    saved = json.loads((tmp_path / "autosave.json").read_text())
    assert saved["state"]["scene"] == "yard"


def test_plain_save_load_and_continue(tmp_path: Path) -> None:
    first = play("1\nsave Before the cart\n1\nquit\n", tmp_path)
    assert "Saved as 'Before the cart'" in first.stdout
    assert (tmp_path / "before-the-cart.json").is_file()
    resumed = play("", tmp_path, "--continue")
    assert resumed.stdout.count("-- The end of the road --") == 1
    loaded = play("load Before the cart\n", tmp_path)
    assert "Loaded 'Before the cart'." in loaded.stdout
    assert loaded.stdout.endswith("> \n")  # the prompt, then end of input
    assert "-- The yard --" in loaded.stdout.split("Loaded")[1]


def test_plain_reports_bad_input_and_goes_on(tmp_path: Path) -> None:
    result = play("7\nfrobnicate\nload nothing\nsave ../../x\nsave\n1\n", tmp_path)
    out = result.stdout
    assert result.returncode == 0
    assert "there is no choice 7 here (1-2 are offered)" in out
    assert "Unknown command 'frobnicate'" in out
    assert "there is no save called 'nothing'" in out
    assert "Not saved: a save needs a name" in out
    assert "-- The yard --" in out
    assert not (tmp_path.parent / "x.json").exists()


def test_plain_continue_with_a_broken_save_leaves_it_alone(tmp_path: Path) -> None:
    broken = tmp_path / "autosave.json"
    broken.write_text(
        '{"format": "trotsky-save", "format_version": 1, "story_id": "mini", "state": {'
    )
    before = broken.read_bytes()
    result = play("1\n", tmp_path, "--continue")
    assert result.returncode == 1  # the progress could not be saved: said, and the exit status
    assert "Your game could not be saved: autosave.json" in result.stdout
    assert "No save can be resumed: autosave.json is damaged" in result.stdout
    assert "The files are left as they are. Starting a new game." in result.stdout
    assert "Could not autosave" in result.stdout and "left untouched" in result.stdout
    assert broken.read_bytes() == before


def test_plain_plays_to_an_ending(tmp_path: Path) -> None:
    result = play("1\n2\n1\n", tmp_path)
    assert "  1. The end: read the epilogue" in result.stdout
    assert "== A counterfactual ending: history went otherwise ==" in result.stdout
    assert result.returncode == 0


def test_plain_plays_the_real_first_chapter_along_history(tmp_path: Path, story: Story) -> None:
    session = Session.new(story)
    numbers, titles = [], []
    while session.chapter.number == 1:
        titles.append(session.scene.title)
        option = next(o for o in session.options() if o.choice is None or o.choice.history)
        numbers.append(option.number)
        session.choose(option.number)
    result = play("".join(f"{n}\n" for n in numbers), tmp_path, scenes=SCENES)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.count("-- What really happened --") == len(numbers) - 1
    )  # all but "Continue"
    for title in titles:
        assert f"-- {title} --" in result.stdout
    assert "== Chapter 2: London and Iskra ==" in result.stdout


def test_plain_glossary_commands(tmp_path: Path) -> None:
    result = play(
        "glossary\nglossary iskra\nglossary atlantis\n",
        tmp_path,
        "--start",
        "isk_congress",
        scenes=SCENES,
    )
    out = result.stdout
    assert "Glossary: RSDLP" in out
    assert 'Iskra: "The Spark"' in out
    assert "'atlantis' is not in the glossary." in out


def test_plain_parity_commands(tmp_path: Path) -> None:
    out = play("1\nstats\njournal\njournal snow\npath\ntimeline\nback\nback\n", tmp_path).stdout
    assert "Courage: 1 of 3  (+1 after your last choice)" in out
    assert "[Chapter 1] October 1900, The river: The hut" in out
    assert "No note mentions 'snow'." not in out  # "snow" is in the first note
    assert "you chose: Go outside (same as Trotsky)" in out
    assert "1 of 1 of your choices matched history." in out
    assert "You are in 2 November 1900." in out
    assert "Taken back: Go outside" in out
    assert "there is no choice to take back in this chapter." in out


def test_plain_quiz_at_a_chapter_end(tmp_path: Path, story: Story) -> None:
    chapter = story.chapters[0]
    answers = "".join(f"{q.answer}\n" for q in chapter.quiz)
    out = play("quiz\n" + answers, tmp_path, "--start", "sib_samara", scenes=SCENES).stdout
    assert "Check your understanding: chapter 1, Siberian Exile." in out
    assert out.count("Right.") == len(chapter.quiz)
    assert f"You answered {len(chapter.quiz)} of {len(chapter.quiz)} correctly." in out
