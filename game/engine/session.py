"""Session: the one API every face drives (scene, available choices, choose, endings)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from game.engine import conditions
from game.engine.errors import ChoiceError
from game.engine.model import Chapter, Choice, GlossaryTerm, Note, QuizQuestion, Scene, Story
from game.engine.state import ChoiceRecord, GameState

CONTINUE = -1  # the record index of the step from a chapter end to the next chapter


@dataclass(frozen=True, slots=True)
class Option:
    """A choice as offered to the player: its number on screen and what it is."""

    number: int  # 1-based, as shown
    text: str
    index: int  # its index among the scene's choices, or CONTINUE
    choice: Choice | None  # None for "continue to the next chapter"


@dataclass(frozen=True, slots=True)
class Step:
    """What a choice did: the note to show (if any) and the scene it led to."""

    option: Option
    note: Note | None
    note_id: str | None
    scene: Scene
    changes: tuple[tuple[str, object, object], ...]  # (variable, before, after)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    chapter: Chapter
    scene: Scene
    choice: str  # what the player chose
    historical: bool
    note: Note


@dataclass(frozen=True, slots=True)
class Comparison:
    scene: str
    date: str
    chosen: str
    historical: str | None  # what Trotsky did, when the scene says
    matched: bool


@dataclass(frozen=True, slots=True)
class Weighing:
    """A counter the ending asks the player to weigh: its question and what raised it."""

    label: str
    question: str
    decisions: tuple[str, ...]

    @property
    def text(self) -> str:
        """Paragraphs for either face: what counted, each decision, then the question."""
        head = f"{self.label}: raised by {len(self.decisions)} of your decisions."
        return "\n\n".join((head, *(f"- {d}" for d in self.decisions), self.question))


@dataclass(frozen=True, slots=True)
class QuizMark:
    """One quiz question, the answer given (None if none) and whether it was right."""

    question: QuizQuestion
    given: int | None
    right: bool


class Session:
    """A story being played: a read-only Story plus the GameState that changes."""

    def __init__(self, story: Story, state: GameState, created: str = "") -> None:
        self.story = story
        self.state = state
        self.created = created  # when the game was first saved, kept across saves
        self._clock = time.monotonic()

    def sync_clock(self) -> None:
        """Add the time played since the last sync to the state's play time."""
        now = time.monotonic()
        self.state.play_seconds += now - self._clock
        self._clock = now

    @classmethod
    def new(cls, story: Story) -> Session:
        return cls(story, GameState(story.start, story.defaults(), story.start))

    @property
    def scene(self) -> Scene:
        return self.story.scenes[self.state.scene]

    @property
    def chapter(self) -> Chapter:
        return self.story.chapter(self.scene.chapter)

    @property
    def next_chapter(self) -> Chapter | None:
        return self.story.next_chapter(self.scene.chapter) if self.scene.chapter_end else None

    @property
    def is_over(self) -> bool:
        """True at an ending, or at a chapter end with no chapter after it (yet)."""
        scene = self.scene
        return bool(scene.ending) or (scene.chapter_end and self.next_chapter is None)

    def options(self) -> list[Option]:
        """The choices on offer now, numbered from 1 in the order the author wrote them."""
        scene = self.scene
        if scene.chapter_end:
            following = self.next_chapter
            if following is None:
                return []
            text = f"Continue to chapter {following.number}: {following.title}"
            return [Option(1, text, CONTINUE, None)]
        visited = self.state.visited
        offered = [
            (index, choice)
            for index, choice in enumerate(scene.choices)
            if choice.condition is None
            or conditions.evaluate(choice.condition, self.state.variables, visited)
        ]
        return [
            Option(number, choice.text, index, choice)
            for number, (index, choice) in enumerate(offered, 1)
        ]

    def choose(self, number: int) -> Step:
        """Take the option with this on-screen number; raises ChoiceError if it is not offered."""
        options = self.options()
        if not 1 <= number <= len(options):
            raise ChoiceError(f"there is no choice {number} here (1-{len(options)} are offered)")
        option = options[number - 1]
        scene = self.scene
        choice = option.choice
        target = choice.goto if choice else self._next_start()
        before = dict(self.state.variables)
        if choice:
            self._apply(choice)
        note_id = f"{scene.id}#{option.index}" if choice and choice.note else None
        if note_id:
            self.state.notes_seen.append(note_id)
        changes = tuple(
            (name, before.get(name), value)
            for name, value in self.state.variables.items()
            if before.get(name) != value
        )
        self.state.choices.append(
            ChoiceRecord(
                scene.id,
                option.index,
                option.text,
                target,
                bool(choice and choice.history),
                tuple((name, old) for name, old, _ in changes if old is not None),
            )
        )
        self.state.scene = target
        return Step(option, choice.note if choice else None, note_id, self.scene, changes)

    def _next_start(self) -> str:
        following = self.next_chapter
        assert following is not None  # options() offers no continue without one
        return following.start

    def _apply(self, choice: Choice) -> None:
        variables = self.state.variables
        for name, value in choice.set:
            variables[name] = value
        for name, amount in choice.add:
            current = variables.get(name, 0)
            if isinstance(current, int) and not isinstance(current, bool):
                variables[name] = self.story.variables[name].clamp(current + amount)

    # -- rewind -----------------------------------------------------------------------------

    @property
    def can_rewind(self) -> bool:
        """True when there is a choice to take back in this chapter."""
        choices = self.state.choices
        return bool(choices) and choices[-1].index != CONTINUE

    def rewind(self) -> ChoiceRecord:
        """Take back the last choice: place, variables and journal return to before it."""
        if not self.can_rewind:
            raise ChoiceError("there is no choice to take back in this chapter")
        record = self.state.choices.pop()
        for name, value in record.before:
            self.state.variables[name] = value
        note_id = f"{record.scene}#{record.index}"
        if self.state.notes_seen and self.state.notes_seen[-1] == note_id:
            self.state.notes_seen.pop()
        self.state.scene = record.scene
        return record

    # -- what the player has learnt ------------------------------------------------------------

    def journal(self) -> list[JournalEntry]:
        """Every note read, in reading order, with where it belongs."""
        entries = []
        for note_id in self.state.notes_seen:
            note = self.note(note_id)
            scene = self.story.scenes.get(note_id.partition("#")[0])
            if note is None or scene is None:
                continue
            chapter = self.story.chapter(scene.chapter)
            choice = scene.choices[int(note_id.partition("#")[2])]
            entries.append(JournalEntry(chapter, scene, choice.text, choice.history, note))
        return entries

    def comparison(self) -> list[Comparison]:
        """Each decision taken beside what Trotsky actually did."""
        rows = []
        for record in self.state.choices:
            if record.index == CONTINUE:
                continue
            scene = self.story.scenes.get(record.scene)
            historical = next((c for c in scene.choices if c.history), None) if scene else None
            rows.append(
                Comparison(
                    scene.title if scene else record.scene,
                    scene.shown_date if scene else "",
                    self.chosen_text(record),
                    historical.text if historical else None,
                    record.history,
                )
            )
        return rows

    def weighing(self) -> list[Weighing]:
        """For each counter with a `weigh` question that grew in play: the decisions that
        raised it, so the ending asks the player to weigh them rather than only count them."""
        found = []
        for name, variable in self.story.variables.items():
            if not variable.weigh:
                continue
            decisions = []
            for record in self.state.choices:
                scene = self.story.scenes.get(record.scene)
                if scene is None or not 0 <= record.index < len(scene.choices):
                    continue
                if any(n == name and amount > 0 for n, amount in scene.choices[record.index].add):
                    decisions.append(
                        f"{scene.shown_date}, {scene.title}: {self.chosen_text(record)}"
                    )
            if decisions:
                found.append(Weighing(variable.label, variable.weigh, tuple(decisions)))
        return found

    def chosen_text(self, record: ChoiceRecord) -> str:
        """What a decision said, in the story's words now (its language may have changed since
        the save); the save's own copy only when the story no longer has that choice."""
        scene = self.story.scenes.get(record.scene)
        if scene is not None and 0 <= record.index < len(scene.choices):
            return scene.choices[record.index].text
        return record.text

    def quiz_marks(self, chapter_id: str) -> list[QuizMark] | None:
        """Each question of a chapter's quiz with the answer given, if the player took it."""
        answers = self.state.quiz.get(chapter_id)
        if answers is None:
            return None
        questions = self.story.chapter(chapter_id).quiz
        given: list[int | None] = [*answers, *([None] * len(questions))]
        return [
            QuizMark(question, answer, answer == question.answer)
            for question, answer in zip(questions, given, strict=False)
        ]

    def quiz_result(self, chapter_id: str) -> tuple[int, int] | None:
        """(right answers, questions) of a chapter's quiz, if the player took it."""
        marks = self.quiz_marks(chapter_id)
        if marks is None:
            return None
        return sum(1 for mark in marks if mark.right), len(marks)

    def answer_quiz(self, chapter_id: str, answers: list[int]) -> tuple[int, int]:
        self.state.quiz[chapter_id] = list(answers)
        result = self.quiz_result(chapter_id)
        assert result is not None
        return result

    def quiz_totals(self) -> tuple[int, int]:
        right = total = 0
        for chapter_id in self.state.quiz:
            result = self.quiz_result(chapter_id)
            if result:
                right, total = right + result[0], total + result[1]
        return right, total

    def terms_met(self) -> list[GlossaryTerm]:
        """Glossary terms in the scenes visited and the notes read; all of them once it is over."""
        if self.is_over:
            return sorted(self.story.glossary, key=lambda t: t.term.casefold())
        texts = [self.story.scenes[s].text for s in self.state.visited if s in self.story.scenes]
        texts += [entry.note.text for entry in self.journal()]
        return sorted(self.story.lexicon.terms_in(*texts), key=lambda t: t.term.casefold())

    def note(self, note_id: str) -> Note | None:
        """The note a `notes_seen` entry points at, if the story still has it."""
        scene_id, _, index = note_id.partition("#")
        scene = self.story.scenes.get(scene_id)
        # a save is a file: `hut#²` or a 5,000-digit index must not reach int()
        if scene is None or not (index.isascii() and index.isdigit()) or len(index) > 6:
            return None
        if int(index) >= len(scene.choices):
            return None
        return scene.choices[int(index)].note
