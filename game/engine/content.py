"""Content notes: the fixed vocabulary a scene's `content:` list draws from, declared once.

A scene's notes cover everything the player meets in it: its text, and the historical notes
of its choices. The chapter schema lists the same words (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Iterable

VOCABULARY: dict[str, str] = {
    "violence": "physical violence against people",
    "war": "war and battle",
    "execution": "executions, shootings of prisoners or hostages",
    "death": "the death of a person",
    "suicide": "suicide",
    "antisemitism": "hatred of Jews, pogroms",
    "assassination": "murder of a political figure",
    "imprisonment": "prison, exile under guard, camps",
    "famine": "hunger and famine",
    "terror": "state terror, purges and show trials",
}
CODE = "content-unknown"


def notice(words: Iterable[str]) -> str:
    """The brief notice shown before a scene: "Content note: execution, death."."""
    listed = ", ".join(words)
    return f"Content note: this scene depicts {listed}." if listed else ""
