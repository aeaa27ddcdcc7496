"""The presentation layer both faces render: pure (no Textual, no Rich), and its rules."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

from game.engine.model import Story
from game.engine.session import Session
from game.present.ending import ending_view
from game.present.offers import offer, offers, quiz_label, quiz_on_offer


def test_the_presentation_layer_imports_no_screen_library() -> None:
    code = (
        "import sys, game.present.offers, game.present.ending, game.present.quiz, "
        "game.present.dates; print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def at(story: Story, scene: str) -> Session:
    session = Session.new(story)
    session.state.scene = scene
    return session


def test_a_chapter_end_offers_the_way_on_then_its_quiz_until_taken(story: Story) -> None:
    session = at(story, "sib_samara")
    assert [(o.number, o.kind) for o in offers(session)] == [(1, "continue"), (2, "quiz")]
    assert quiz_on_offer(session) == session.chapter
    session.answer_quiz(session.chapter.id, [1, 1, 1])
    assert [o.kind for o in offers(session)] == ["continue"]
    assert offer(session, 2) is None


def test_an_ending_offers_the_epilogue_first(story: Story) -> None:
    session = at(story, "mx_death")
    listed = offers(session)
    assert listed[0].line == "1. The end: read the epilogue"
    assert [o.kind for o in listed] == ["end", "quiz"]
    view = ending_view(session)
    assert view.heading == "The historical ending"
    assert view.score == "You made 0 choices; 0 of them were what Trotsky did."
    assert view.quiz is None


def test_the_quiz_label_counts_in_words(story: Story) -> None:
    chapter = story.chapters[0]
    assert quiz_label(chapter) == f"Check your understanding: {len(chapter.quiz)} questions"
    single = replace(chapter, quiz=chapter.quiz[:1])
    assert quiz_label(single) == "Check your understanding: 1 question"
