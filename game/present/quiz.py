"""A chapter's quiz as both faces tell it: the heading, each verdict, the score."""

from __future__ import annotations

from game.engine.model import Chapter, QuizQuestion
from game.i18n import _


def heading(chapter: Chapter) -> str:
    return _("Check your understanding: chapter {number}, {title}").format(
        number=chapter.number, title=chapter.title
    )


def right_answer(question: QuizQuestion) -> str:
    return f"{question.answer}. {question.options[question.answer - 1]}"


def verdict(question: QuizQuestion, answer: int) -> tuple[bool, str]:
    """(right?, what to say) for one answer given (0 when skipped)."""
    if answer == question.answer:
        return True, _("Right. {explain}").format(explain=question.explain)
    return False, _("Not quite: the answer is {answer}. {explain}").format(
        answer=right_answer(question), explain=question.explain
    )


def score(right: int, total: int) -> str:
    return _("You answered {right} of {total} correctly.").format(right=right, total=total)
