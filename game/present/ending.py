"""What an ending says and how the game scores it, for the ending screen and plain mode."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.session import Session

HEADINGS = {
    "historical": "The historical ending",
    "counterfactual": "A counterfactual ending: history went otherwise",
}
UNWRITTEN = "To be continued"


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
    were = "was" if matched == 1 else "were"
    return f"You made {made} choice{'' if made == 1 else 's'}; {matched} of them {were} what Trotsky did."


def path_summary(session: Session) -> str:
    rows = session.comparison()
    matched = sum(1 for row in rows if row.matched)
    return f"{matched} of {len(rows)} of your choices matched history."


def quiz_line(session: Session) -> str | None:
    right, total = session.quiz_totals()
    return f"Quiz score: {right} of {total}." if total else None


def ending_view(session: Session) -> EndingView:
    scene = session.scene
    if scene.ending:
        heading, text = HEADINGS[scene.ending], scene.epilogue
    else:
        heading = UNWRITTEN
        text = (
            f"{scene.title}: the story goes on in a chapter that is not written yet. "
            "Your game is saved; when the next chapter arrives, continue it from here."
        )
    weighing = tuple(weighing.text for weighing in session.weighing())
    return EndingView(heading, text, matched_line(session), quiz_line(session), weighing)
