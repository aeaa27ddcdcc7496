"""Content notes on the shipped story: every scene that speaks of killing carries one, and the
teacher's list says which chapters and scenes carry which."""

from __future__ import annotations

import re
import subprocess
import sys

from game.engine.model import Story
from game.present.milestones import content_notice, teacher_list
from tests.conftest import ROOT, SCENES

VIOLENT = re.compile(
    r"\b(kill\w*|shot|shoot\w*|execut(?:e|ed|es|ing|ion|ions|ioner|ioners)\b|suicide\w*"
    r"|assassin\w*)",
    re.IGNORECASE,
)
# Words the pattern meets that depict nothing: a palace taken "without a shot", a blank
# round, a trip for ducks. Each is a phrase of the shipped text, not a loophole.
HARMLESS = re.compile(r"without a shot|blank shot|duck shooting|shooting trip", re.IGNORECASE)


def mentions_violence(text: str) -> bool:
    return bool(VIOLENT.search(HARMLESS.sub("", text)))


def test_the_pattern_sees_what_it_should() -> None:
    assert mentions_violence("he was shot in 1938")
    assert mentions_violence("the executions began")
    assert not mentions_violence("the executive committee met")
    assert not mentions_violence("the palace fell without a shot")


def test_every_scene_that_speaks_of_killing_carries_a_content_note(story: Story) -> None:
    missing = []
    for scene in story.scenes.values():
        texts = [scene.text, scene.epilogue, *(c.note.text for c in scene.choices if c.note)]
        if any(mentions_violence(text) for text in texts) and not scene.content:
            missing.append(scene.id)
    assert missing == []


def test_the_notice_is_said_only_when_the_setting_is_on(story: Story) -> None:
    scene = story.scenes["com_shchastny"]
    assert content_notice(scene, True) == "Content note: this scene depicts execution."
    assert content_notice(scene, False) == ""
    untagged = next(s for s in story.scenes.values() if not s.content)
    assert content_notice(untagged, True) == ""


def test_the_teacher_list_covers_every_chapter(story: Story) -> None:
    lines = teacher_list(story)
    for chapter in story.chapters:
        assert any(line.startswith(f"Chapter {chapter.number}, ") for line in lines)
    assert "  mx_death (The Green Cross hospital): assassination, death" in lines


def test_validate_content_prints_the_list() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "game", "validate", "--content", "--scenes", str(SCENES)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Chapter 7, Commissar (1917-1921): " in result.stdout
    assert "  com_shchastny (The admiral's trial): execution" in result.stdout


def test_the_teachers_document_is_current(story: Story) -> None:
    """docs/content-notes.md holds the list `trotsky validate --content` prints."""
    text = (ROOT / "docs" / "content-notes.md").read_text(encoding="utf-8")
    listed = text.split("do not edit by hand -->\n```\n")[1].split("\n```\n")[0]
    assert listed.splitlines() == teacher_list(story), (
        "docs/content-notes.md is out of date: paste the list from `trotsky validate --content`"
    )
