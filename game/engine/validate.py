"""The second pass: link the draft into a Story and check everything that spans files."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Set

from game.engine import conditions, roads
from game.engine.draft import Draft
from game.engine.findings import Findings, Location, suggest
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
                    scene.location, f"former id `{old}` of `{scene.id}` is already taken"
                )
            former[old] = scene.id
    if draft.start and draft.start not in known and not draft.unreadable:
        findings.error(
            draft.start_at,
            f"the start scene `{draft.start}` does not exist",
            suggest(draft.start, known),
        )
    for chapter in draft.chapters:
        if chapter.start and chapter.start not in known and not draft.unreadable:
            findings.error(
                draft.chapter_at[chapter.id],
                f"chapter `{chapter.id}` starts at `{chapter.start}`, which does not exist",
                suggest(chapter.start, known),
            )
    for scene in scenes.values():
        for choice in scene.choices:
            _check_choice(choice, scene, kinds, scenes, findings, draft.unreadable, known)
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
    return story


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
        )
    if choice.condition is not None:
        for problem in conditions.check(choice.condition, kinds, scenes):
            findings.error(
                where, f"condition `{choice.condition_text}`: {problem.message}", problem.hint
            )
    for name, value in choice.set:
        if name not in kinds:
            findings.error(
                where, f"`set` names an undeclared variable `{name}`", suggest(name, kinds)
            )
        elif conditions.kind_of(value) != kinds[name]:
            findings.error(where, f"`{name}` is a {kinds[name]}, but `set` gives it {value!r}")
    for name, _ in choice.add:
        if name not in kinds:
            findings.error(
                where, f"`add` names an undeclared variable `{name}`", suggest(name, kinds)
            )
        elif kinds[name] != "counter":
            findings.error(
                where, f"`add` only applies to counters, and `{name}` is a {kinds[name]}"
            )
    if choice.note and len(choice.note.text.split()) < MIN_NOTE_WORDS:
        findings.warning(
            where,
            f"the note of this choice has {len(choice.note.text.split())} words",
            f"a note says who, when, where and why it mattered, in {MIN_NOTE_WORDS} words or more",
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
            findings.warning(scene.location, f"scene `{scene.id}` cannot be reached from the start")
    for chapter in story.chapters:
        if not any(s.chapter == chapter.id for s in story.scenes.values()):
            findings.warning(Location(chapter.file), f"chapter `{chapter.id}` has no scenes")


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
