"""Both faces walk the same full historical playthrough, quizzes included: at every step the
plain transcript and the Textual screen must offer the same numbered options, tell the same
quiz verdicts and report the same ending and score, and all of it must be what the shared
presentation layer (game.present) says. A face that changes a rule on its own fails here."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.plain import PlainGame
from game.present.ending import ending_view
from game.present.offers import offers
from game.present.quiz import verdict
from game.ui.app import TrotskyApp
from game.ui.screens.ending import EndingScreen
from game.ui.screens.quiz import QuizDialog
from game.ui.screens.scene import SceneScreen
from game.ui.widgets.choice_list import ChoiceList


@dataclass(frozen=True)
class Step:
    number: int  # the offer taken
    answers: tuple[int, ...] = ()  # when the offer is the chapter's quiz
    expected: tuple[str, ...] = ()  # the offers after the step, as game.present numbers them
    verdicts: tuple[str, ...] = ()  # what the quiz says of each answer


def playthrough(story: Story) -> tuple[tuple[str, ...], list[Step]]:
    """Trotsky's road to the end, taking every chapter's quiz (some answers wrong on purpose),
    planned on a session of its own; then the epilogue."""
    session = Session.new(story)
    first = tuple(o.line for o in offers(session))
    steps: list[Step] = []
    while True:
        listed = offers(session)
        quiz = next((o for o in listed if o.kind == "quiz"), None)
        if quiz is not None:
            chapter = session.chapter
            answers = tuple(
                q.answer if i % 2 == 0 else q.answer % len(q.options) + 1
                for i, q in enumerate(chapter.quiz)
            )
            said = tuple(verdict(q, a)[1] for q, a in zip(chapter.quiz, answers, strict=True))
            session.answer_quiz(chapter.id, list(answers))
            after = tuple(o.line for o in offers(session))
            steps.append(Step(quiz.number, answers, after, said))
            continue
        if listed[0].kind == "end":
            steps.append(Step(1))
            return first, steps
        option = next(o for o in session.options() if o.choice is None or o.choice.history)
        session.choose(option.number)
        steps.append(Step(option.number, expected=tuple(o.line for o in offers(session))))


def plain_transcript(story: Story, steps: list[Step], saves: Path) -> list[str]:
    """Plain mode fed the whole playthrough: its output cut at each prompt."""
    lines = [f"{step.number}\n" + "".join(f"{a}\n" for a in step.answers) for step in steps]
    out = io.StringIO()
    game = PlainGame(Session.new(story), SaveFolder(saves, story), io.StringIO("".join(lines)), out)
    assert game.run() == 0
    return re.split(r"(?m)^> ", out.getvalue())


def plain_offers(chunk: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in chunk.splitlines() if re.match(r"  \d+\. ", line))


def plain_ending(chunk: str) -> tuple[str, str, str | None]:
    heading = re.search(r"(?m)^== (.+) ==$", chunk)
    score = re.search(r"(?m)^You made .+$", chunk)
    quiz = re.search(r"(?m)^Quiz score: .+$", chunk)
    assert heading and score, chunk
    return heading.group(1), score.group(0), quiz.group(0) if quiz else None


async def until(pilot: Pilot[None], holds: Callable[[], bool], limit: float = 30) -> None:
    """Let the app work until the condition holds (a generous ceiling, never a fixed pause)."""
    give_up = time.monotonic() + limit
    while not holds():
        assert time.monotonic() < give_up, "the screen never got there"
        await pilot.pause()


def shown(widget: Static) -> str:
    return str(widget.content)


async def test_both_faces_offer_and_report_the_same_on_a_full_playthrough(
    story: Story, tmp_path: Path
) -> None:
    first, steps = playthrough(story)
    assert sum(1 for s in steps if s.answers) == sum(1 for c in story.chapters if c.quiz)
    chunks = plain_transcript(story, steps, tmp_path / "plain")
    assert plain_offers(chunks[0]) == first

    app = TrotskyApp(story, SaveFolder(tmp_path / "tui", story), start=Session.new(story))
    async with app.run_test(size=(100, 30)) as pilot:
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        choices = scene.query_one(ChoiceList)
        await until(pilot, lambda: bool(choices.options))
        assert tuple(label for _, label in choices.options) == first

        for index, step in enumerate(steps[:-1], 1):
            await pilot.press(str(step.number))
            if step.answers:
                await until(pilot, lambda: isinstance(app.screen, QuizDialog))
                quiz = app.screen
                said = []
                for answer in step.answers:
                    await pilot.press(str(answer))
                    verdict_text = shown(quiz.query_one("#quiz-verdict", Static))
                    said.append(verdict_text.split("\n\n")[0][2:])  # after the ✓/✗ mark
                    await pilot.press("enter")
                await until(pilot, lambda: app.screen is scene)
                assert tuple(said) == step.verdicts
                assert re.findall(r"answer> (.*)", chunks[index]) == list(step.verdicts)
            elif scene.note_shown:
                await pilot.press("enter")
            await until(pilot, lambda: not scene.note_shown)
            tui = tuple(label for _, label in choices.options)
            plain = plain_offers(chunks[index])
            assert tui == plain == step.expected, f"step {index}: {scene.session.scene.id}"

        await pilot.press("1")  # the epilogue
        await until(pilot, lambda: isinstance(app.screen, EndingScreen))
        ending = app.screen
        tui_ending = (
            shown(ending.query_one("#ending-heading", Static)),
            shown(ending.query_one("#ending-score", Static)),
            shown(ending.query_one("#ending-quiz", Static)),
        )
        view = ending_view(scene.session)
        assert (
            tui_ending == plain_ending(chunks[len(steps)]) == (view.heading, view.score, view.quiz)
        )
        assert view.heading == "The historical ending"
        assert view.quiz is not None
