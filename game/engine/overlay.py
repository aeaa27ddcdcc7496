"""Story text in another language: the YAML overlays of `scenes/<lang>/`, checked and applied.

An overlay holds translated text only, keyed by ids the English story already has (scene
id, choice id or number, quiz question number, glossary term, timeline date, variable
name); gotos, conditions and effects stay in the English files. Every entry keeps a short
fingerprint of the English it translates (`english:`), as gettext keeps its fuzzy flag: an
entry whose English changed since is stale, and the game shows the English piece instead
until a translator checks it. Whatever is not translated falls back to English piece by
piece. Saves hold ids, never prose, so a game continues in either language.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from game.engine.findings import Findings, Location, shown_path, suggest
from game.engine.model import (
    Chapter,
    Choice,
    GlossaryTerm,
    Milestone,
    Note,
    QuizQuestion,
    Scene,
    Story,
    TimelineEvent,
)
from game.engine.reader import Reader
from game.engine.sanitize import clean
from game.engine.yamlsource import read_yaml

LANGUAGE = re.compile(r"^[a-z]{2,3}$")
STALE, ORPHAN, UNHASHED = "overlay-stale", "overlay-orphan", "overlay-no-hash"
Key = tuple[str, ...]  # ("scene", id), ("choice", scene, choice), ("note", scene, choice) ...
Text = str | tuple[str, ...]

# What each kind of piece translates, in the order its fingerprint reads them.
FIELDS: dict[str, tuple[str, ...]] = {
    "story": ("title",),
    "chapter": ("title",),
    "scene": ("title", "place", "date_text", "text", "epilogue", "what_if"),
    "choice": ("text",),
    "note": ("date", "place", "text"),
    "quiz": ("question", "options", "explain"),
    "term": ("term", "also", "definition"),
    "event": ("text",),
    "variable": ("label", "weigh"),
    "milestone": ("title", "description"),
}
LISTS = {"options", "also"}
# What a translation may give where the English has none: a date the English spells by
# numbers ("1902-08"), and other names a term goes by in the language.
ADDABLE = {"date_text", "also"}


def fingerprint(values: Mapping[str, Text]) -> str:
    """Eight hex digits of the English text of one piece: changes when any of it changes."""
    joined = "\x1f".join("\x1e".join(v) if isinstance(v, tuple) else v for v in values.values())
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:8]


def choice_key(index: int, choice: Choice) -> str:
    """How an overlay names a choice: its `id:`, else its number in the scene (from 1)."""
    return choice.id or str(index + 1)


@dataclass(frozen=True, slots=True)
class Piece:
    """One translatable piece of the English story."""

    key: Key
    chapter: str  # its chapter id, "" for the glossary, timeline and manifest
    english: dict[str, Text]

    @property
    def words(self) -> int:
        return sum(
            len(w.split())
            for v in self.english.values()
            for w in (v if isinstance(v, tuple) else (v,))
        )


def _present(values: dict[str, Text]) -> dict[str, Text]:
    return {k: v for k, v in values.items() if v}


def pieces(story: Story) -> Iterator[Piece]:
    """Every translatable piece of the story, chapter by chapter."""
    yield Piece(("story",), "", {"title": story.title})
    for name, variable in story.variables.items():
        if not (variable.visible or variable.weigh):
            continue  # a hidden variable's label is never shown
        yield Piece(
            ("variable", name), "", _present({"label": variable.label, "weigh": variable.weigh})
        )
    for milestone in story.milestones:
        yield Piece(("milestone", milestone.id), "", milestone_english(milestone))
    by_chapter: dict[str, list[Scene]] = {}
    for scene in story.scenes.values():
        by_chapter.setdefault(scene.chapter, []).append(scene)
    for chapter in story.chapters:
        yield Piece(("chapter", chapter.id), chapter.id, {"title": chapter.title})
        for scene in by_chapter.get(chapter.id, []):
            yield Piece(("scene", scene.id), chapter.id, scene_english(scene))
            for index, choice in enumerate(scene.choices):
                key = choice_key(index, choice)
                yield Piece(("choice", scene.id, key), chapter.id, {"text": choice.text})
                if choice.note:
                    yield Piece(("note", scene.id, key), chapter.id, note_english(choice.note))
        for number, question in enumerate(chapter.quiz, 1):
            yield Piece(("quiz", chapter.id, str(number)), chapter.id, quiz_english(question))
    for term in story.glossary:
        english: dict[str, Text] = {
            "term": term.term,
            "also": term.also,
            "definition": term.definition,
        }
        yield Piece(("term", term.term), "", _present(english))
    for date, event in event_keys(story):
        yield Piece(("event", date), "", {"text": event.text})


def milestone_english(milestone: Milestone) -> dict[str, Text]:
    return {"title": milestone.title, "description": milestone.description}


def scene_english(scene: Scene) -> dict[str, Text]:
    return _present({name: getattr(scene, name) for name in FIELDS["scene"]})


def note_english(note: Note) -> dict[str, Text]:
    return {"date": note.date, "place": note.place, "text": note.text}


def quiz_english(question: QuizQuestion) -> dict[str, Text]:
    return _present(
        {"question": question.question, "options": question.options, "explain": question.explain}
    )


def event_keys(story: Story) -> list[tuple[str, TimelineEvent]]:
    """Timeline events by date; a second event on one date is `DATE#2`."""
    seen: dict[str, int] = {}
    keyed: list[tuple[str, TimelineEvent]] = []
    for event in story.timeline:
        seen[event.date] = seen.get(event.date, 0) + 1
        count = seen[event.date]
        keyed.append((event.date if count == 1 else f"{event.date}#{count}", event))
    return keyed


@dataclass(frozen=True, slots=True)
class Entry:
    """One translated piece as the overlay file gives it."""

    values: dict[str, Text]
    english: str  # the fingerprint written in the file, "" when there is none
    location: Location
    same: bool = False  # `same: true`: meant to read as the English (a name such as Coyoacán)


@dataclass(slots=True)
class Overlay:
    language: str
    entries: dict[Key, Entry] = field(default_factory=dict)

    def text(self, key: Key, english: dict[str, Text]) -> dict[str, Text]:
        """The English values with each translated one in its place, when the entry is current."""
        entry = self.entries.get(key)
        if entry is None or entry.english != fingerprint(english):
            return english
        merged = dict(english)
        for name, value in entry.values.items():
            if name in english or name in ADDABLE:
                merged[name] = (
                    tuple(clean(v) for v in value) if isinstance(value, tuple) else clean(value)
                )
        return merged

    def line(self, key: Key, name: str, english: str) -> str:
        """One translated text, or the English when it has none (or a stale one)."""
        found = self.text(key, {name: english})[name]
        return found if isinstance(found, str) else english


# -- reading ----------------------------------------------------------------------------------


class _OverlayReader:
    def __init__(self, overlay: Overlay, read: Reader) -> None:
        self.overlay, self.read = overlay, read

    def entry(self, key: Key, node: Node, what: str) -> MappingNode | None:
        """Read one entry's fields; returns the node when it may hold nested entries."""
        kind = key[0]
        nested = {"scene": ["choices"], "choice": ["note"]}.get(kind, [])
        item = self.read.fields(node, what, [], ["english", "same", *FIELDS[kind], *nested])
        if item is None:
            return None
        values: dict[str, Text] = {}
        for name in FIELDS[kind]:
            if name not in item:
                continue
            if name in LISTS:
                found = self.read.texts(item[name], f"`{name}` of {what}")
                if found:
                    values[name] = tuple(found)
            else:
                text = self.read.text(item[name], f"`{name}` of {what}")
                if text:
                    values[name] = text
        english = self.read.text(item["english"], "`english`") if "english" in item else ""
        if key in self.overlay.entries:
            first = self.overlay.entries[key].location
            self.read.error(
                node, f"{what} is translated twice (first at {first})", code="translation-twice"
            )
        same = self.read.flag(item["same"], "`same`") if "same" in item else False
        self.overlay.entries[key] = Entry(values, english or "", self.read.at(node), bool(same))
        return node if isinstance(node, MappingNode) else None

    def named(self, node: Node | None, what: str) -> list[tuple[str, Node, Node]]:
        found: list[tuple[str, Node, Node]] = []
        for key, value in self.read.pairs(node, what) or [] if node is not None else []:
            found.append((str(key.value), key, value))
        return found

    def chapter_file(self, node: Node) -> None:
        top = self.read.fields(
            node, "a chapter overlay", [], ["chapter", "title", "scenes", "quiz"]
        )
        if top is None:
            return
        chapter_id = self.read.text(top["chapter"], "`chapter`") if "chapter" in top else None
        chapter_id = chapter_id or "?"
        if "title" in top:
            self.entry(
                ("chapter", chapter_id), top["title"], f"the title of chapter `{chapter_id}`"
            )
        for scene_id, _key_node, scene_node in self.named(top.get("scenes"), "`scenes`"):
            self.entry(("scene", scene_id), scene_node, f"scene `{scene_id}`")
            choices = _child(scene_node, "choices")
            for choice, _key, choice_node in self.named(choices, "`choices`"):
                what = f"choice `{choice}` of `{scene_id}`"
                self.entry(("choice", scene_id, choice), choice_node, what)
                note = _child(choice_node, "note")
                if note is not None:
                    self.entry(("note", scene_id, choice), note, f"the note of {what}")
        for number, _key, question in self.named(top.get("quiz"), "`quiz`"):
            self.entry(("quiz", chapter_id, number), question, f"quiz question {number}")

    def listing(self, node: Node, top_key: str, kind: str, what: str) -> None:
        top = self.read.fields(node, what, [], [top_key])
        if top is None:
            return
        for name, _key, value in self.named(top.get(top_key), f"`{top_key}`"):
            self.entry((kind, name), value, f"{kind} `{name}`")

    def story_file(self, node: Node) -> None:
        top = self.read.fields(
            node, "the manifest overlay", [], ["story", "variables", "milestones"]
        )
        if top is None:
            return
        if "story" in top:
            self.entry(("story",), top["story"], "the story")
        for name, _key, value in self.named(top.get("variables"), "`variables`"):
            self.entry(("variable", name), value, f"variable `{name}`")
        for name, _key, value in self.named(top.get("milestones"), "`milestones`"):
            self.entry(("milestone", name), value, f"milestone `{name}`")


def _child(node: Node, name: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == name:
                return value  # type: ignore[no-any-return]
    return None


def load_overlay(folder: Path, language: str, findings: Findings) -> Overlay:
    """Read `folder/<language>/*.yaml`; every problem is a finding, and what reads is kept."""
    overlay = Overlay(language)
    place = folder / language
    if not place.is_dir():
        findings.error(
            Location(shown_path(place)),
            f"there is no translation folder for `{language}`",
            f"create {shown_path(place)}/ (see docs/authoring.md, Adding a language)",
            code="translation-missing",
        )
        return overlay
    for path in sorted(place.glob("*.yaml")):
        file = shown_path(path)
        node = read_yaml(path, file, findings)
        if node is None:
            continue
        reader = _OverlayReader(overlay, Reader(file, findings))
        if path.name == "glossary.yaml":
            reader.listing(node, "terms", "term", "the glossary overlay")
        elif path.name == "timeline.yaml":
            reader.listing(node, "events", "event", "the timeline overlay")
        elif path.name == "story.yaml":
            reader.story_file(node)
        else:
            reader.chapter_file(node)
    return overlay


# -- applying ---------------------------------------------------------------------------------


class OverlaidScenes(Mapping[str, Scene]):
    """The story's scenes, each translated the first time it is asked for (a start needs few)."""

    def __init__(self, scenes: Mapping[str, Scene], overlay: Overlay) -> None:
        self.scenes, self.overlay = scenes, overlay
        self.done: dict[str, Scene] = {}

    def __getitem__(self, scene_id: str) -> Scene:
        found = self.done.get(scene_id)
        if found is None:
            found = self.done[scene_id] = translate_scene(self.scenes[scene_id], self.overlay)
        return found

    def __contains__(self, scene_id: object) -> bool:
        return scene_id in self.scenes

    def __iter__(self) -> Iterator[str]:
        return iter(self.scenes)

    def __len__(self) -> int:
        return len(self.scenes)


def translate_scene(scene: Scene, overlay: Overlay) -> Scene:
    values = overlay.text(("scene", scene.id), scene_english(scene))
    choices = []
    for index, choice in enumerate(scene.choices):
        key = choice_key(index, choice)
        text = overlay.line(("choice", scene.id, key), "text", choice.text)
        note = choice.note
        if note is not None:
            note_values = overlay.text(("note", scene.id, key), note_english(note))
            note = replace(note, **note_values)  # type: ignore[arg-type]
        choices.append(replace(choice, text=text, note=note))
    return replace(scene, choices=tuple(choices), **values)  # type: ignore[arg-type]


def translate_term(term: GlossaryTerm, overlay: Overlay) -> GlossaryTerm:
    """The term in the overlay's language, still found by its English names: an untranslated
    chapter keeps linking it."""
    english: dict[str, Text] = {"term": term.term, "also": term.also, "definition": term.definition}
    values = overlay.text(("term", term.term), _present(english))
    name = values["term"]
    if name == term.term:
        return term
    assert isinstance(name, str)
    also = values.get("also", ())
    names = [*(also if isinstance(also, tuple) else (also,)), term.term, *term.also]
    kept = tuple(dict.fromkeys(n for n in names if n.casefold() != name.casefold()))
    return replace(term, term=name, also=kept, definition=str(values["definition"]))


def translate_chapter(chapter: Chapter, overlay: Overlay) -> Chapter:
    title = overlay.line(("chapter", chapter.id), "title", chapter.title)
    quiz = tuple(
        replace(q, **overlay.text(("quiz", chapter.id, str(n)), quiz_english(q)))  # type: ignore[arg-type]
        for n, q in enumerate(chapter.quiz, 1)
    )
    return replace(chapter, title=title, quiz=quiz)


def apply_overlay(story: Story, overlay: Overlay) -> Story:
    """The story with every current translation in place of its English piece."""
    if not overlay.entries:
        return story
    glossary = tuple(translate_term(term, overlay) for term in story.glossary)
    timeline = tuple(
        replace(event, **overlay.text(("event", date), {"text": event.text}))  # type: ignore[arg-type]
        for date, event in event_keys(story)
    )
    variables = {
        name: replace(
            variable,
            **overlay.text(
                ("variable", name), _present({"label": variable.label, "weigh": variable.weigh})
            ),  # type: ignore[arg-type]
        )
        for name, variable in story.variables.items()
    }
    milestones = tuple(
        replace(m, **overlay.text(("milestone", m.id), milestone_english(m)))  # type: ignore[arg-type]
        for m in story.milestones
    )
    title = overlay.line(("story",), "title", story.title)
    return replace(
        story,
        title=title,
        chapters=tuple(translate_chapter(c, overlay) for c in story.chapters),
        scenes=OverlaidScenes(story.scenes, overlay),
        glossary=glossary,
        timeline=timeline,
        variables=variables,
        milestones=milestones,
    )


# -- checking ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Coverage:
    name: str  # a chapter id, or "glossary", "timeline", "story"
    translated: int
    total: int
    words_translated: int
    words: int

    @property
    def line(self) -> str:
        share = round(100 * self.words_translated / self.words) if self.words else 100
        return (
            f"{self.name}: {self.translated}/{self.total} pieces, "
            f"{self.words_translated}/{self.words} words ({share}%)"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "part": self.name,
            "translated": self.translated,
            "pieces": self.total,
            "words_translated": self.words_translated,
            "words": self.words,
        }


def check_overlay(story: Story, overlay: Overlay, findings: Findings) -> list[Coverage]:
    """Report orphaned, stale and unfingerprinted entries; return coverage per chapter."""
    english = {piece.key: piece for piece in pieces(story)}
    for key, entry in overlay.entries.items():
        piece = english.get(key)
        if piece is None:
            _orphan(key, entry, english, findings)
            continue
        current = fingerprint(piece.english)
        if not entry.english:
            findings.warning(
                entry.location,
                f"{_name(key)} has no `english:` fingerprint, so the game shows the English",
                f"check the translation against the English, then add `english: {current}`",
                code=UNHASHED,
            )
        elif entry.english != current:
            findings.warning(
                entry.location,
                f"{_name(key)} is stale: its English text changed since it was translated",
                f"update the translation, then set `english: {current}` (the game shows the English until then)",
                code=STALE,
            )
        unknown = set(entry.values) - set(piece.english) - ADDABLE
        for name in sorted(unknown):
            findings.warning(
                entry.location,
                f"{_name(key)} translates `{name}`, which the English does not have",
                code=ORPHAN,
            )
    groups: dict[str, list[int]] = {}
    order: list[str] = [c.id for c in story.chapters] + ["glossary", "timeline", "story"]
    for key, piece in english.items():
        group = piece.chapter or {"term": "glossary", "event": "timeline"}.get(key[0], "story")
        found = overlay.entries.get(key)
        done = (
            found is not None
            and found.english == fingerprint(piece.english)
            and _differs(found, piece)
        )
        counts = groups.setdefault(group, [0, 0, 0, 0])
        counts[0] += done
        counts[1] += 1
        counts[2] += piece.words if done else 0
        counts[3] += piece.words
    return [Coverage(name, *groups[name]) for name in order if name in groups]


def _differs(entry: Entry, piece: Piece) -> bool:
    """Whether the entry translates: a starting overlay from `trotsky translate` repeats the
    English with current fingerprints, and is not a translation until edited (or marked
    `same: true` where the English is the translation, as a place name can be)."""
    return entry.same or any(
        name in entry.values and entry.values[name] != value
        for name, value in piece.english.items()
    )


def _name(key: Key) -> str:
    kind, *rest = key
    if kind == "choice":
        return f"choice `{rest[1]}` of scene `{rest[0]}`"
    if kind == "note":
        return f"the note of choice `{rest[1]}` of scene `{rest[0]}`"
    if kind == "quiz":
        return f"quiz question {rest[1]} of chapter `{rest[0]}`"
    return f"{kind} `{rest[0]}`" if rest else f"the {kind}"


def _orphan(key: Key, entry: Entry, english: dict[Key, Piece], findings: Findings) -> None:
    kind = key[0]
    # candidates: the same kind, under the same parent (a scene's choices, a chapter's quiz)
    siblings = [k[-1] for k in english if k[0] == kind and k[:-1] == key[:-1]]
    hint = suggest(key[-1], siblings) if len(key) > 1 else None
    if hint is None and len(key) == 3:
        parents = {k[1] for k in english if k[0] == kind}
        hint = suggest(key[1], parents)
    findings.warning(
        entry.location,
        f"{_name(key)} is not in the English story: this translation is never shown",
        hint or "remove it, or give it the id the English uses",
        code=ORPHAN,
    )
