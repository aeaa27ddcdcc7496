"""Milestones: the facts their conditions read, the check of those conditions, and the
tracker that records what a game taught and says which milestones it just earned.

The facts extend the names of the condition language, never its grammar. Per chapter `c`
(its id): `notes_read_c`, `notes_in_c`, `quiz_right_c`, `quiz_perfect_c`, `finished_c`,
`as_history_c` (every decision of the chapter was Trotsky's, and it was finished). Over the
story: `notes_read`, `notes_total`, `chapters_finished`, `chapters_as_history`, `quizzes_perfect`, `endings_found`,
`endings_total`, `historical_ending`, `ending_<scene id>`, `terms_met`, `terms_total`. They
are counted across games, from the profile, so a second game keeps what the first taught.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from game.engine import conditions
from game.engine.conditions import Kind, Value
from game.engine.errors import GameError
from game.engine.findings import Findings, suggest
from game.engine.model import Milestone, Story
from game.engine.profile import Profile, ProfileFile, ProfileSnapshot
from game.engine.session import CONTINUE, Session

BAD_CONDITION = "milestone-bad-condition"
UNKNOWN = "milestone-unknown-name"
UNREACHABLE = "milestone-unreachable"
DUPLICATE = "milestone-duplicate"
MAX_TRIALS = 20_000


def fact_ranges(story: Story) -> dict[str, tuple[Kind, int]]:
    """Every fact's kind and, for counters, its largest value (flags: 1)."""
    ranges: dict[str, tuple[Kind, int]] = {}
    notes = story.notes_per_chapter
    for chapter in story.chapters:
        c = chapter.id
        ranges[f"notes_read_{c}"] = ("counter", notes.get(c, 0))
        ranges[f"notes_in_{c}"] = ("counter", notes.get(c, 0))
        ranges[f"quiz_right_{c}"] = ("counter", len(chapter.quiz))
        for flag in ("quiz_perfect", "finished", "as_history"):
            ranges[f"{flag}_{c}"] = ("flag", 1)
    chapters = len(story.chapters)
    endings = story.endings
    ranges.update(
        notes_read=("counter", sum(notes.values())),
        notes_total=("counter", sum(notes.values())),
        chapters_finished=("counter", chapters),
        chapters_as_history=("counter", chapters),
        quizzes_perfect=("counter", sum(1 for c in story.chapters if c.quiz)),
        endings_found=("counter", len(endings)),
        endings_total=("counter", len(endings)),
        historical_ending=("flag", 1),
        terms_met=("counter", len(story.glossary)),
        terms_total=("counter", len(story.glossary)),
    )
    for scene in endings:
        ranges[f"ending_{scene.id}"] = ("flag", 1)
    return ranges


def facts(story: Story, profile: Profile) -> dict[str, Value]:
    """The value of every fact, from what the profile has recorded."""
    values: dict[str, Value] = {}
    notes = story.notes_per_chapter
    read: dict[str, int] = {}
    for note_id in profile.notes:
        scene = story.scenes.get(note_id.partition("#")[0])
        if scene is not None:
            read[scene.chapter] = read.get(scene.chapter, 0) + 1
    perfect = 0
    for chapter in story.chapters:
        c = chapter.id
        best = profile.quiz_best.get(c, 0)
        values[f"notes_read_{c}"] = min(read.get(c, 0), notes.get(c, 0))
        values[f"notes_in_{c}"] = notes.get(c, 0)
        values[f"quiz_right_{c}"] = best
        values[f"quiz_perfect_{c}"] = bool(chapter.quiz) and best >= len(chapter.quiz)
        values[f"finished_{c}"] = c in profile.finished
        values[f"as_history_{c}"] = c in profile.as_history
        perfect += bool(values[f"quiz_perfect_{c}"])
    endings = [s for s in story.endings if s.id in profile.endings]
    glossary = {t.term for t in story.glossary}
    values.update(
        notes_read=sum(min(read.get(c, 0), n) for c, n in notes.items()),
        notes_total=sum(notes.values()),
        chapters_finished=sum(1 for c in story.chapters if c.id in profile.finished),
        chapters_as_history=sum(1 for c in story.chapters if c.id in profile.as_history),
        quizzes_perfect=perfect,
        endings_found=len(endings),
        endings_total=len(story.endings),
        historical_ending=any(s.ending == "historical" for s in endings),
        terms_met=len(profile.terms & glossary),
        terms_total=len(glossary),
    )
    for scene in story.endings:
        values[f"ending_{scene.id}"] = scene.id in profile.endings
    return values


def reads_ending(milestone: Milestone) -> bool:
    """Whether a milestone names a particular ending (its text must not show unearned)."""
    names, _ = conditions.names_in(milestone.condition)
    return any(name.startswith("ending_") for name in names)


# -- the author's check ------------------------------------------------------------------------


def check(story: Story, findings: Findings) -> None:
    """Unknown names and conditions that can never be true, as findings at the milestone."""
    ranges = fact_ranges(story)
    kinds = {name: kind for name, (kind, _) in ranges.items()}
    for milestone in story.milestones:
        where = milestone.location
        problems = conditions.check(milestone.condition, kinds, story.scenes)
        for problem in problems:
            hint = problem.hint
            if problem.message.startswith("unknown variable"):
                name = problem.message.split("`")[1]
                hint = (
                    suggest(name, kinds) or "the names are listed in docs/authoring.md, Milestones"
                )
            findings.error(
                where,
                f"milestone `{milestone.id}`: condition `{milestone.condition_text}`: "
                f"{problem.message.replace('unknown variable', 'unknown name')}",
                hint,
                code=UNKNOWN,
            )
        if not problems and not _can_hold(milestone, ranges):
            findings.warning(
                where,
                f"milestone `{milestone.id}` can never be earned: "
                f"`{milestone.condition_text}` is never true",
                "compare with numbers the story can reach (its notes, quiz, endings, glossary)",
                code=UNREACHABLE,
            )


def _can_hold(milestone: Milestone, ranges: dict[str, tuple[Kind, int]]) -> bool:
    """Try the values that matter: each counter's 0 and largest value, and the neighbours of
    every constant it is compared with; every flag both ways."""
    names, scenes = conditions.names_in(milestone.condition)
    compared = conditions.constants_of(milestone.condition)
    ordered = sorted(names)
    domains: list[list[Value]] = []
    for name in ordered:
        kind, top = ranges[name]
        if kind == "flag":
            domains.append([False, True])
            continue
        fixed = name in ("endings_total", "terms_total", "notes_total") or name.startswith(
            "notes_in_"
        )
        candidates = {top} if fixed else {0, top}
        if not fixed:
            for constant in compared.get(name, ()):
                if type(constant) is int:
                    candidates.update((constant - 1, constant, constant + 1))
        domains.append(sorted(c for c in candidates if 0 <= c <= top))
    trials = 2 ** len(scenes)
    for domain in domains:
        trials *= len(domain)
    if trials > MAX_TRIALS:
        return True  # too many to try: say nothing rather than guess
    scene_list = sorted(scenes)
    for combo in itertools.product(*domains):
        values = dict(zip(ordered, combo, strict=True))
        for seen in itertools.product((False, True), repeat=len(scene_list)):
            visited = {s for s, v in zip(scene_list, seen, strict=True) if v}
            if conditions.evaluate(milestone.condition, values, visited):
                return True
    return False


# -- in play -----------------------------------------------------------------------------------


def _today() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Tracker:
    """Records what each step of a game taught into the profile, and returns the milestones
    that became earned by it: each one once, ever."""

    def __init__(self, story: Story, profile: Profile, clock: Callable[[], str] = _today) -> None:
        self.story = story
        self.profile = profile
        self.clock = clock
        self._scanned: set[str] = set()  # scenes whose glossary terms are already counted

    def observe(self, session: Session) -> list[Milestone]:
        """Take in the game as it is now; the milestones earned just now, in story order."""
        self._record(session)
        return self.newly_earned(session.state.visited)

    def newly_earned(self, visited: Iterable[str] = ()) -> list[Milestone]:
        values = facts(self.story, self.profile)
        seen = set(visited)
        earned = []
        for milestone in self.story.milestones:
            if milestone.id in self.profile.earned:
                continue
            if conditions.evaluate(milestone.condition, values, seen):
                self.profile.earned[milestone.id] = self.clock()
                earned.append(milestone)
        return earned

    def _record(self, session: Session) -> None:
        story, profile, state = self.story, self.profile, session.state
        profile.notes.update(state.notes_seen)
        texts = [
            story.scenes[s].text
            for s in state.visited - self._scanned
            if s in story.scenes and story.scenes[s].text
        ]
        texts += [note.text for n in state.notes_seen if (note := session.note(n)) is not None]
        profile.terms.update(t.term for t in story.lexicon.terms_in(*texts))
        self._scanned |= state.visited
        for chapter_id in state.quiz:
            result = session.quiz_result(chapter_id)
            if result is not None:
                best = profile.quiz_best.get(chapter_id, 0)
                profile.quiz_best[chapter_id] = max(best, result[0])
        scene = session.scene
        if scene.ending:
            profile.endings.add(scene.id)
        for chapter_id in self._finished(session):
            profile.finished.add(chapter_id)
            taken = [
                r
                for r in state.choices
                if r.index != CONTINUE and _chapter_of(story, r.scene) == chapter_id
            ]
            if taken and all(r.history for r in taken):
                profile.as_history.add(chapter_id)

    def _finished(self, session: Session) -> set[str]:
        """The chapters this game has finished: left by their end, or ended in."""
        story = self.story
        done = {
            chapter
            for r in session.state.choices
            if r.index == CONTINUE and (chapter := _chapter_of(story, r.scene))
        }
        scene = session.scene
        if scene.chapter_end or scene.ending:
            done.add(scene.chapter)
        return done


def _chapter_of(story: Story, scene_id: str) -> str:
    scene = story.scenes.get(scene_id)
    return scene.chapter if scene else ""


class Keeper:
    """A tracker over the profile file of a saves folder: what a face holds while it runs."""

    def __init__(self, story: Story, folder: Path) -> None:
        self.file = ProfileFile.open(folder)
        self.tracker = Tracker(story, self.file.profile)
        self.this_run: list[Milestone] = []  # earned since the game was started
        self._unwritten: ProfileSnapshot | None = None  # the newest from `take`

    @property
    def profile(self) -> Profile:
        return self.file.profile

    @property
    def problem(self) -> str | None:
        """Why the profile on disk is not used (it is then left as it is)."""
        return self.file.problem

    def adopt(self, story: Story) -> None:
        """A reloaded story (dev mode): same profile, new milestones and facts."""
        self.tracker = Tracker(story, self.file.profile, self.tracker.clock)

    def observe(self, session: Session) -> tuple[list[Milestone], str | None]:
        """The milestones earned just now, and why the profile could not be written, if so."""
        earned, changed = self.take(session)
        return earned, (self.write(changed) if changed is not None else None)

    def take(self, session: Session) -> tuple[list[Milestone], ProfileSnapshot | None]:
        """`observe` without the write: the milestones earned just now, and the profile to
        write when it changed (`write` it, on any thread: a face's UI thread never waits
        for the disk)."""
        if not self.tracker.story.milestones:  # a story without any: no profile to keep
            return [], None
        before = self.profile.to_json()
        earned = self.tracker.observe(session)
        self.this_run += earned
        after = self.profile.to_json()
        if after == before:
            return earned, None
        self._unwritten = self.file.snapshot(after)
        return earned, self._unwritten

    def write(self, snapshot: ProfileSnapshot) -> str | None:
        """Write a snapshot from `take`; why it could not be written, if so."""
        try:
            self.file.write(snapshot)
        except GameError as err:
            return err.message
        return None

    def flush(self) -> str | None:
        """Write the newest snapshot now, if a worker has not yet (when the game ends)."""
        return self.write(self._unwritten) if self._unwritten is not None else None
