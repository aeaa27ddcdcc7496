"""The story as read-only data: Story, Chapter, Scene, Choice, Note, Variable, GlossaryTerm."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from game.engine.conditions import Expr, Kind, Value
from game.engine.findings import Location

if TYPE_CHECKING:
    from game.engine.glossary import Glossary

EndingKind = Literal["historical", "counterfactual"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def show_date(date: str) -> str:
    """ "1902-08" as "August 1902", "1902-08-21" as "21 August 1902"."""
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def paragraphs(text: str) -> list[str]:
    """Story text as paragraphs: a blank line separates them, single line breaks are spaces."""
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def flowed(text: str) -> str:
    """The text with each paragraph on one line, ready for a widget that wraps."""
    return "\n\n".join(paragraphs(text))


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    default: Value
    kind: Kind
    minimum: int | None = None
    maximum: int | None = None
    label: str = ""
    visible: bool = False
    location: Location = field(default=Location(""), compare=False)
    weigh: str = ""  # the question the ending asks when this counter grew in play

    def clamp(self, value: int) -> int:
        if self.minimum is not None:
            value = max(self.minimum, value)
        if self.maximum is not None:
            value = min(self.maximum, value)
        return value


@dataclass(frozen=True, slots=True)
class Note:
    """What really happened: shown after a choice, whatever the player chose."""

    date: str
    place: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Choice:
    text: str
    goto: str
    condition: Expr | None = None
    condition_text: str = ""
    set: tuple[tuple[str, Value], ...] = ()
    add: tuple[tuple[str, int], ...] = ()
    history: bool = False
    note: Note | None = None
    location: Location = field(default=Location(""), compare=False)
    id: str = ""  # the author's stable name for it, so a translation survives reordering


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    chapter: str
    date: str
    place: str
    title: str
    text: str
    choices: tuple[Choice, ...] = ()
    date_text: str = ""
    chapter_end: bool = False
    ending: EndingKind | None = None
    epilogue: str = ""
    former_ids: tuple[str, ...] = ()
    what_if: str = ""  # a counterfactual scene's question, shown as its banner
    location: Location = field(default=Location(""), compare=False)
    content: tuple[str, ...] = ()  # content notes (game.engine.content), for text and notes

    @property
    def banner(self) -> str:
        """The "What if" banner of a scene off the historical road, or "" for a real one."""
        if not self.what_if:
            return ""
        return f"What if {self.what_if} This scene imagines what did not happen."

    @property
    def shown_date(self) -> str:
        """The date as a reader says it: `date_text`, else "August 1902"."""
        return self.date_text or show_date(self.date)


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    question: str
    options: tuple[str, ...]
    answer: int  # counting from 1, as shown to the player
    explain: str


@dataclass(frozen=True, slots=True)
class Chapter:
    id: str
    title: str
    years: str
    file: str
    start: str
    number: int
    quiz: tuple[QuizQuestion, ...] = ()


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    term: str
    definition: str
    also: tuple[str, ...] = ()
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD, New Style
    text: str

    @property
    def shown_date(self) -> str:
        return show_date(self.date)


@dataclass(frozen=True, slots=True)
class Milestone:
    """Something learnt, kept across games: earned once its condition (over the facts of
    game.engine.milestones) is true."""

    id: str
    title: str
    description: str
    condition: Expr
    condition_text: str
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Story:
    """Everything the author wrote, checked and linked; never changed while playing."""

    id: str
    title: str
    version: str
    start: str
    chapters: tuple[Chapter, ...]
    scenes: Mapping[str, Scene]
    variables: Mapping[str, Variable]
    glossary: tuple[GlossaryTerm, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    former_ids: Mapping[str, str] = field(default_factory=dict)
    milestones: tuple[Milestone, ...] = ()

    def chapter(self, chapter_id: str) -> Chapter:
        return next(c for c in self.chapters if c.id == chapter_id)

    def next_chapter(self, chapter_id: str) -> Chapter | None:
        ids = [c.id for c in self.chapters]
        index = ids.index(chapter_id) + 1
        return self.chapters[index] if index < len(self.chapters) else None

    def resolve_scene_id(self, scene_id: str) -> str | None:
        """The current id of a scene, following `former_ids`; None when it is gone."""
        if scene_id in self.scenes:
            return scene_id
        return self.former_ids.get(scene_id)

    @cached_property
    def lexicon(self) -> Glossary:
        """The glossary, ready to find its terms in any text."""
        from game.engine.glossary import Glossary

        return Glossary(self.glossary)

    def defaults(self) -> dict[str, Value]:
        return {name: var.default for name, var in self.variables.items()}

    @cached_property
    def endings(self) -> tuple[Scene, ...]:
        """The ending scenes (found once: from the story cache, each scene decodes on first
        use, so walking them all belongs before the first key, not in it)."""
        return tuple(s for s in self.scenes.values() if s.ending)

    @cached_property
    def notes_per_chapter(self) -> Mapping[str, int]:
        """How many historical notes each chapter holds (every chapter listed)."""
        counts = {c.id: 0 for c in self.chapters}
        for scene in self.scenes.values():
            notes = sum(1 for choice in scene.choices if choice.note)
            counts[scene.chapter] = counts.get(scene.chapter, 0) + notes
        return counts

    def warm(self) -> None:
        """Work out now what play will ask for, so no key pays for it (any thread)."""
        _ = self.endings, self.notes_per_chapter, self.lexicon
