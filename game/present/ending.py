"""What an ending says and how the game scores it, for the ending screen and plain mode."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.session import Session
from game.i18n import N_, _, ngettext

HEADINGS = {
    "historical": N_("The historical ending"),
    "counterfactual": N_("A counterfactual ending: history went otherwise"),
}
UNWRITTEN = N_("To be continued")


@dataclass(frozen=True, slots=True)
class EndingView:
    heading: str
    text: str  # the epilogue, as the author wrote it
    score: str  # the choices made against history
    quiz: str | None  # the quiz score, once a quiz was taken
    weighing: tuple[str, ...] = ()  # decisions a counter asks the player to weigh, not only count


def matched_line(session: Session) -> str:
    """How many of the player's decisions were Trotsky's."""
    rows = session.comparison()
    matched = sum(1 for row in rows if row.matched)
    made = len(rows)
    made_line = ngettext("You made {made} choice", "You made {made} choices", made)
    matched_part = ngettext(
        "{matched} of them was what Trotsky did.",
        "{matched} of them were what Trotsky did.",
        matched,
    )
    return f"{made_line.format(made=made)}; {matched_part.format(matched=matched)}"


def path_summary(session: Session) -> str:
    rows = session.comparison()
    matched = sum(1 for row in rows if row.matched)
    return _("{matched} of {total} of your choices matched history.").format(
        matched=matched, total=len(rows)
    )


def quiz_line(session: Session) -> str | None:
    right, total = session.quiz_totals()
    return _("Quiz score: {right} of {total}.").format(right=right, total=total) if total else None


def ending_view(session: Session) -> EndingView:
    scene = session.scene
    if scene.ending:
        heading, text = _(HEADINGS[scene.ending]), scene.epilogue
    else:
        heading = _(UNWRITTEN)
        text = _(
            "{title}: the story goes on in a chapter that is not written yet. "
            "Your game is saved; when the next chapter arrives, continue it from here."
        ).format(title=scene.title)
    weighing = tuple(weighing.text for weighing in session.weighing())
    return EndingView(heading, text, matched_line(session), quiz_line(session), weighing)
