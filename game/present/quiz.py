"""A chapter's quiz as both faces tell it: the heading, each verdict, the score."""

from __future__ import annotations

from game.engine.model import Chapter, QuizQuestion


def heading(chapter: Chapter) -> str:
    return f"Check your understanding: chapter {chapter.number}, {chapter.title}"


def right_answer(question: QuizQuestion) -> str:
    return f"{question.answer}. {question.options[question.answer - 1]}"


def verdict(question: QuizQuestion, answer: int) -> tuple[bool, str]:
    """(right?, what to say) for one answer given (0 when skipped)."""
    if answer == question.answer:
        return True, f"Right. {question.explain}"
    return False, f"Not quite: the answer is {right_answer(question)}. {question.explain}"


def score(right: int, total: int) -> str:
    return f"You answered {right} of {total} correctly."
