"""What is offered at each step: the story's choices, the way on, the epilogue and the quiz,
each with the number that takes it in every face."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game.engine.model import Chapter, Story
from game.engine.session import Session
from game.i18n import N_, _, ngettext

OfferKind = Literal["choice", "continue", "end", "quiz"]
END_LABEL = N_("The end: read the epilogue")


@dataclass(frozen=True, slots=True)
class Offer:
    """One numbered line of the list under a scene."""

    number: int  # 1-based; the number key (TUI) or the number typed (plain) takes it
    label: str
    kind: OfferKind

    @property
    def line(self) -> str:
        return f"{self.number}. {self.label}"


def continue_label(chapter: Chapter) -> str:
    return _("Continue to chapter {number}: {title}").format(
        number=chapter.number, title=chapter.title
    )


def quiz_label(chapter: Chapter) -> str:
    count = len(chapter.quiz)
    return ngettext(
        "Check your understanding: {count} question",
        "Check your understanding: {count} questions",
        count,
    ).format(count=count)


def quiz_on_offer(session: Session) -> Chapter | None:
    """The chapter whose quiz is offered now: this one, at its end, until it is taken."""
    scene = session.scene
    chapter = session.chapter
    if (
        (scene.chapter_end or scene.ending)
        and chapter.quiz
        and chapter.id not in session.state.quiz
    ):
        return chapter
    return None


def offers(session: Session) -> list[Offer]:
    """Everything the player can take now, numbered as every face shows it."""
    if session.is_over:
        listed = [Offer(1, _(END_LABEL), "end")]
    else:
        following = session.next_chapter
        listed = [
            Offer(o.number, o.text, "choice")
            if o.choice is not None or following is None
            else Offer(o.number, continue_label(following), "continue")
            for o in session.options()
        ]
    chapter = quiz_on_offer(session)
    if chapter is not None:
        listed.append(Offer(len(listed) + 1, quiz_label(chapter), "quiz"))
    return listed


def most_offers(story: Story) -> int:
    """The longest list any scene can offer: its choices (or the one way on) and its quiz."""
    return max(
        (
            max(1, len(scene.choices))
            + bool((scene.chapter_end or scene.ending) and story.chapter(scene.chapter).quiz)
            for scene in story.scenes.values()
        ),
        default=1,
    )


def offer(session: Session, number: int) -> Offer | None:
    """The offer with this number, or None when there is none."""
    listed = offers(session)
    return listed[number - 1] if 1 <= number <= len(listed) else None


def no_such_offer(session: Session, number: int) -> str:
    count = len(offers(session))
    if count == 0:
        return _("there is nothing to choose here")
    return _("there is no choice {number} here (1-{count} are offered)").format(
        number=number, count=count
    )
