"""The second pass: link the draft into a Story and check everything that spans files."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Set

from game.engine import conditions, roads
from game.engine.draft import Draft
from game.engine.findings import Findings, Location, plural, suggest
from game.engine.model import Choice, Scene, Story

MIN_NOTE_WORDS = 40


def link(draft: Draft, findings: Findings) -> Story:
    """Resolve every reference in the draft; problems become findings."""
    scenes = draft.scenes
    known = scenes.keys() | draft.broken_scenes  # ids that exist, even if broken
    kinds = {name: var.kind for name, var in draft.variables.items()}
    former: dict[str, str] = {}
    for scene in scenes.values():
        for old in scene.former_ids:
            if old in scenes or old in former:
                findings.error(
                    scene.location,
                    f"former id `{old}` of `{scene.id}` is already taken",
                    code="duplicate-former-id",
                )
            former[old] = scene.id
    if draft.start and draft.start not in known and not draft.unreadable:
        findings.error(
            draft.start_at,
            f"the start scene `{draft.start}` does not exist",
            suggest(draft.start, known),
            code="unknown-scene",
        )
    for chapter in draft.chapters:
        if chapter.start and chapter.start not in known and not draft.unreadable:
            findings.error(
                draft.chapter_at[chapter.id],
                f"chapter `{chapter.id}` starts at `{chapter.start}`, which does not exist",
                suggest(chapter.start, known),
                code="unknown-scene",
            )
    for scene in scenes.values():
        for choice in scene.choices:
            _check_choice(choice, scene, kinds, scenes, findings, draft.unreadable, known)
    for file in draft.unreadable_files[:1]:  # said once: the errors above are the real news
        findings.warning(
            Location(file),
            "scene, variable and `goto` names across files were not checked,"
            f" because {file} could not be read",
            "fix the error in it, then run `trotsky validate` again",
            code="checks-skipped",
        )
    story = Story(
        id=draft.id,
        title=draft.title,
        version=draft.version,
        start=draft.start,
        chapters=tuple(draft.chapters),
        scenes=dict(scenes),
        variables=dict(draft.variables),
        glossary=tuple(draft.glossary),
        timeline=tuple(draft.timeline),
        former_ids=former,
        milestones=tuple(draft.milestones),
    )
    if draft.start in scenes and not findings.errors:
        _check_reachable(story, findings)
        roads.check_banners(story, findings)
    _check_dates(story, findings)
    return story


def _check_dates(story: Story, findings: Findings) -> None:
    """Warn where the historical road goes back in time: a `history: true` choice, or a
    chapter's end, leading to a scene dated earlier. Dates are partial (1902, 1902-07), so
    only what both give is compared: 1902 is neither before nor after 1902-07."""
    for scene in story.scenes.values():
        steps = [(c.goto, c.location) for c in scene.choices if c.history]
        if scene.chapter_end and (following := story.next_chapter(scene.chapter)):
            steps.append((following.start, scene.location))
        for target_id, where in steps:
            target = story.scenes.get(target_id)
            if target is not None and _earlier(target.date, scene.date):
                findings.warning(
                    where,
                    f"the historical road goes back in time: `{scene.id}` ({scene.shown_date})"
                    f" leads to `{target.id}` ({target.shown_date})",
                    "check the `date` of both scenes",
                    code="date-backwards",
                )


def _earlier(date: str, than: str) -> bool:
    """Whether partial date `date` is surely before `than` (compared as far as both go)."""
    mine, theirs = date.split("-"), than.split("-")
    common = min(len(mine), len(theirs))
    return [int(p) for p in mine[:common]] < [int(p) for p in theirs[:common]]


def _check_choice(
    choice: Choice,
    scene: Scene,
    kinds: dict[str, conditions.Kind],
    scenes: dict[str, Scene],
    findings: Findings,
    incomplete: bool,
    known: Set[str],
) -> None:
    where = choice.location
    if choice.goto not in known and not incomplete:
        findings.error(
            where,
            f"`goto: {choice.goto}` in scene `{scene.id}` names no scene",
            suggest(choice.goto, known),
            code="unknown-scene",
        )
    if choice.condition is not None:
        for problem in conditions.check(choice.condition, kinds, known):
            if incomplete and problem.code in ("unknown-variable", "unknown-scene"):
                continue  # declared, perhaps, in the file that could not be read
            findings.error(
                where,
                f"condition `{choice.condition_text}`: {problem.message}",
                problem.hint,
                code=problem.code,
            )
    for name, value in choice.set:
        if name not in kinds and incomplete:
            continue
        if name not in kinds:
            findings.error(
                where,
                f"`set` names an undeclared variable `{name}`",
                suggest(name, kinds),
                code="unknown-variable",
            )
        elif conditions.kind_of(value) != kinds[name]:
            findings.error(
                where,
                f"`{name}` is a {kinds[name]}, but `set` gives it {value!r}",
                code="effect-type",
            )
    for name, _ in choice.add:
        if name not in kinds and incomplete:
            continue
        if name not in kinds:
            findings.error(
                where,
                f"`add` names an undeclared variable `{name}`",
                suggest(name, kinds),
                code="unknown-variable",
            )
        elif kinds[name] != "counter":
            findings.error(
                where,
                f"`add` only applies to counters, and `{name}` is a {kinds[name]}",
                code="effect-type",
            )
    if choice.note and len(choice.note.text.split()) < MIN_NOTE_WORDS:
        findings.warning(
            where,
            f"the note of this choice has {plural(len(choice.note.text.split()), 'word')}",
            f"a note says who, when, where and why it mattered, in {MIN_NOTE_WORDS} words or more",
            code="short-note",
        )


def successors(story: Story, scene: Scene) -> Iterator[str]:
    """Every scene one step after `scene`, including the next chapter's start."""
    for choice in scene.choices:
        yield choice.goto
    if scene.chapter_end:
        following = story.next_chapter(scene.chapter)
        if following:
            yield following.start


def _check_reachable(story: Story, findings: Findings) -> None:
    seen = {story.start}
    queue = deque([story.start])
    while queue:
        for target in successors(story, story.scenes[queue.popleft()]):
            if target in story.scenes and target not in seen:
                seen.add(target)
                queue.append(target)
    for scene in story.scenes.values():
        if scene.id not in seen:
            findings.warning(
                scene.location,
                f"scene `{scene.id}` cannot be reached from the start",
                code="unreachable-scene",
            )
    for chapter in story.chapters:
        if not any(s.chapter == chapter.id for s in story.scenes.values()):
            findings.warning(
                Location(chapter.file),
                f"chapter `{chapter.id}` has no scenes",
                code="empty-chapter",
            )


def summary(story: Story) -> dict[str, int]:
    """The counts `trotsky validate` prints."""
    choices = [c for s in story.scenes.values() for c in s.choices]
    return {
        "chapters": len(story.chapters),
        "scenes": len(story.scenes),
        "choices": len(choices),
        "notes": sum(1 for c in choices if c.note),
        "endings": len(story.endings),
    }


def summary_line(folder: str, counts: dict[str, int] | None, findings: Findings) -> str:
    """The last line `trotsky validate` prints, with every count in its right number."""
    said = f"{plural(len(findings.errors), 'error')}, {plural(len(findings.warnings), 'warning')}"
    if counts is None:
        return f"{folder}: {said}; the story cannot be played"
    counted = ", ".join(plural(n, name.removesuffix("s")) for name, n in counts.items())
    return f"{folder}: {counted}; {said}"
