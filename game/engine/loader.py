"""Loading: the YAML files of a story folder -> a checked, linked, read-only Story.

Loading is a compile step: each file is read into models on its own (every problem is
collected), then `validate.link` resolves references across files. A story with errors is
never half-used: `load_story` returns it only when there are no errors.
"""

from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from game.engine import conditions, content, milestones
from game.engine.analysis import analyse
from game.engine.draft import GLOSSARY, MANIFEST, MILESTONES, TIMELINE, Draft
from game.engine.errors import story_errors
from game.engine.findings import Findings, Location, shown_path, suggest
from game.engine.gcpause import gc_paused
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
    Variable,
)
from game.engine.reader import Reader
from game.engine.validate import link
from game.engine.yamlsource import read_yaml

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def load_story(folder: Path) -> tuple[Story | None, Findings]:
    """Read and check a story folder; the Story is None when there are errors."""
    with gc_paused():
        return _load_story(folder)


def _load_story(folder: Path) -> tuple[Story | None, Findings]:
    findings = Findings()
    draft = Draft(folder)
    manifest = folder / MANIFEST
    if not manifest.is_file():
        findings.error(
            Location(shown_path(manifest)),
            "no story manifest here",
            "point --scenes (or TROTSKY_SCENES) at a folder holding story.yaml",
            code="no-manifest",
        )
        return None, findings
    chapter_files = read_manifest(draft, manifest, findings)
    for chapter, path in chapter_files:
        read_chapter_file(draft, chapter, path, findings)
    if (folder / GLOSSARY).is_file():
        read_glossary(draft, folder / GLOSSARY, findings)
    if (folder / TIMELINE).is_file():
        read_timeline(draft, folder / TIMELINE, findings)
    if (folder / MILESTONES).is_file():
        read_milestones(draft, folder / MILESTONES, findings)
    story = link(draft, findings)
    if not findings.errors:
        milestones.check(story, findings)
    if not findings.errors:
        analyse(story, folder, findings)
    return (None if findings.errors else story), findings


def load_story_or_raise(folder: Path) -> Story:
    story, findings = load_story(folder)
    if story is None:
        raise story_errors(shown_path(folder), list(findings.sorted()))
    return story


def read_manifest(draft: Draft, path: Path, findings: Findings) -> list[tuple[Chapter, Path]]:
    file = shown_path(path)
    node = read_yaml(path, file, findings)
    if node is None:
        if not findings.errors:
            findings.error(Location(file), "the manifest is empty", code="empty-manifest")
        return []
    read = Reader(file, findings)
    top = read.fields(
        node, "the manifest", ["id", "title", "version", "start", "chapters"], ["variables"]
    )
    if top is None:
        return []
    draft.id = _id(read, top.get("id"), "the story id") or ""
    draft.title = (top.get("title") and read.text(top["title"], "`title`")) or ""
    draft.version = (top.get("version") and read.text(top["version"], "`version`")) or ""
    if "start" in top:
        draft.start = read.text(top["start"], "`start`") or ""
        draft.start_at = read.at(top["start"])
    if "variables" in top:
        read_variables(draft, read, top["variables"])
    found: list[tuple[Chapter, Path]] = []
    for number, entry in enumerate(read.sequence(top.get("chapters"), "`chapters`") or [], 1):
        item = read.fields(entry, "a chapter entry", ["id", "title", "file"], ["years", "start"])
        if item is None or any(k not in item for k in ("id", "title", "file")):
            continue
        chapter_id = _id(read, item["id"], "a chapter id")
        title = read.text(item["title"], "the chapter `title`")
        filename = read.text(item["file"], "the chapter `file`")
        if not (chapter_id and title and filename):
            continue
        if chapter_id in draft.chapter_at:
            read.error(
                item["id"], f"chapter `{chapter_id}` is listed twice", code="duplicate-chapter"
            )
            continue
        years = read.text(item["years"], "`years`") if "years" in item else ""
        start = read.text(item["start"], "`start`") if "start" in item else ""
        chapter_path = (path.parent / filename).resolve()
        if path.parent.resolve() not in chapter_path.parents:
            read.error(
                item["file"],
                "chapter files must be inside the scenes folder",
                code="file-outside-folder",
            )
            continue
        if not chapter_path.is_file():
            read.error(
                item["file"], f"chapter file `{filename}` does not exist", code="missing-file"
            )
            continue
        chapter = Chapter(chapter_id, title, years or "", filename, start or "", number)
        draft.chapters.append(chapter)
        draft.chapter_at[chapter_id] = read.at(item["id"])
        found.append((chapter, chapter_path))
    return found


def read_variables(draft: Draft, read: Reader, node: Node) -> None:
    for key, spec in read.pairs(node, "`variables`") or []:
        name = str(key.value)
        if not ID_PATTERN.match(name) or name in conditions.KEYWORDS or name == "visited":
            read.error(
                key,
                f"`{name}` cannot be a variable name",
                "use lowercase_with_underscores",
                code="bad-variable-name",
            )
            continue
        if name in draft.variables:
            first = draft.variables[name].location
            read.error(
                key,
                f"variable `{name}` is declared twice (first at {first})",
                code="duplicate-variable",
            )
            continue
        item = read.fields(
            spec, f"variable `{name}`", ["default"], ["min", "max", "label", "visible", "weigh"]
        )
        if item is None or "default" not in item:
            continue
        default = read.value(item["default"], f"the default of `{name}`")
        if default is None:
            continue
        kind = conditions.kind_of(default)
        bounds = {k: read.integer(item[k], f"`{k}`") for k in ("min", "max") if k in item}
        if bounds and kind != "counter":
            read.error(
                spec,
                f"`min`/`max` only apply to counters, and `{name}` is a {kind}",
                code="bounds-not-counter",
            )
        label = read.text(item["label"], "`label`") if "label" in item else None
        visible = read.flag(item["visible"], "`visible`") if "visible" in item else False
        weigh = read.text(item["weigh"], "`weigh`") if "weigh" in item else ""
        if weigh and kind != "counter":
            read.error(
                item["weigh"],
                f"`weigh` only applies to counters, and `{name}` is a {kind}",
                code="weigh-not-counter",
            )
        draft.variables[name] = Variable(
            name,
            default,
            kind,
            bounds.get("min"),
            bounds.get("max"),
            label or name.replace("_", " ").capitalize(),
            bool(visible),
            read.at(key),
            weigh or "",
        )


def read_chapter_file(draft: Draft, chapter: Chapter, path: Path, findings: Findings) -> None:
    file = shown_path(path)
    before = len(findings)
    node = read_yaml(path, file, findings)
    if node is None:
        if len(findings) == before:
            findings.warning(
                Location(file), f"chapter `{chapter.id}` has no scenes yet", code="empty-chapter"
            )
        else:
            draft.unreadable_files.append(file)
        return
    read = Reader(file, findings)
    top = read.fields(node, "a chapter file", ["chapter", "scenes"], ["variables", "quiz"])
    if top is None:
        return
    if "chapter" in top:
        named = read.text(top["chapter"], "`chapter`")
        if named and named != chapter.id:
            read.error(
                top["chapter"],
                f"this file says `chapter: {named}` but story.yaml lists it as `{chapter.id}`",
                code="chapter-mismatch",
            )
    if "variables" in top:
        read_variables(draft, read, top["variables"])
    quiz = tuple(read_quiz(read, top["quiz"])) if "quiz" in top else ()
    first = ""
    for scene_node in read.sequence(top.get("scenes"), "`scenes`") or []:
        scene = read_scene(read, scene_node, chapter.id)
        if scene is None:
            draft.broken_scenes.add(_scene_id_of(scene_node))
            continue
        if scene.id in draft.scenes:
            other = draft.scenes[scene.id].location
            read.error(
                scene_node,
                f"scene id `{scene.id}` is used twice (first at {other})",
                code="duplicate-scene",
            )
            continue
        draft.scenes[scene.id] = scene
        first = first or scene.id
    index = draft.chapters.index(chapter)
    draft.chapters[index] = Chapter(
        chapter.id,
        chapter.title,
        chapter.years,
        chapter.file,
        chapter.start or first,
        chapter.number,
        quiz,
    )


SCENE_REQUIRED = ["id", "date", "place", "title", "text"]
SCENE_OPTIONAL = [
    "date_text",
    "choices",
    "chapter_end",
    "ending",
    "epilogue",
    "former_ids",
    "what_if",
    "content",
]


def read_scene(read: Reader, node: Node, chapter_id: str) -> Scene | None:
    item = read.fields(node, "a scene", SCENE_REQUIRED, SCENE_OPTIONAL)
    if item is None or "id" not in item:
        return None
    scene_id = _id(read, item["id"], "a scene id")
    if scene_id is None:
        return None
    what = f"scene `{scene_id}`"
    values = {k: read.text(item[k], f"`{k}` of {what}") for k in SCENE_REQUIRED[1:] if k in item}
    date = values.get("date")
    if date and not _valid_date(date):
        read.error(
            item["date"],
            f"`date` of {what} must look like 1902, 1902-08 or 1902-08-21",
            code="bad-date",
        )
        date = None
    choices = (
        tuple(
            choice
            for index, choice_node in enumerate(read.sequence(item["choices"], "`choices`") or [])
            if (choice := read_choice(read, choice_node, f"choice {index + 1} of {what}"))
        )
        if "choices" in item
        else ()
    )
    chapter_end = (
        bool(read.flag(item["chapter_end"], "`chapter_end`")) if "chapter_end" in item else False
    )
    ending = None
    if "ending" in item:
        ending = read.text(item["ending"], "`ending`")
        if ending not in ("historical", "counterfactual"):
            read.error(
                item["ending"],
                "`ending` must be `historical` or `counterfactual`",
                code="bad-ending",
            )
            ending = None
    epilogue = read.text(item["epilogue"], "`epilogue`") if "epilogue" in item else ""
    if "choices" in item and not read.sequence(item["choices"], "`choices`") and not choices:
        read.error(
            item["choices"],
            f"{what} has an empty `choices` list",
            "add a choice",
            code="empty-choices",
        )
    kinds = sum(bool(x) for x in ("choices" in item, chapter_end, "ending" in item))
    if kinds != 1:
        read.error(
            node,
            f"{what} needs exactly one of `choices`, `chapter_end: true` or `ending`",
            "a scene goes on (choices), closes a chapter, or ends the story",
            code="scene-kind",
        )
    if "ending" in item and not epilogue:
        read.error(node, f"ending {what} needs an `epilogue`", code="missing-epilogue")
    if epilogue and "ending" not in item:
        read.error(
            item["epilogue"],
            f"`epilogue` only belongs to endings, and {what} is not one",
            code="stray-epilogue",
        )
    former = read.texts(item["former_ids"], "`former_ids`") if "former_ids" in item else []
    what_if = read.text(item["what_if"], "`what_if`") if "what_if" in item else ""
    notes = read_content(read, item["content"], what) if "content" in item else ()
    if None in values.values() or len(values) < 4 or date is None:
        return None
    return Scene(
        id=scene_id,
        chapter=chapter_id,
        date=date,
        date_text=(read.text(item["date_text"], "`date_text`") or "")
        if "date_text" in item
        else "",
        place=values["place"] or "",
        title=values["title"] or "",
        text=values["text"] or "",
        choices=choices,
        chapter_end=chapter_end,
        ending=ending,  # type: ignore[arg-type]
        epilogue=epilogue or "",
        former_ids=tuple(former or ()),
        what_if=what_if or "",
        location=read.at(item["id"]),
        content=notes,
    )


def read_choice(read: Reader, node: Node, what: str) -> Choice | None:
    item = read.fields(node, what, ["text", "goto", "note"], ["if", "set", "add", "history", "id"])
    if item is None:
        return None
    choice_id = _id(read, item["id"], "a choice id") if "id" in item else ""
    text = read.text(item["text"], f"`text` of {what}") if "text" in item else None
    goto = read.text(item["goto"], f"`goto` of {what}") if "goto" in item else None
    note = read_note(read, item["note"], f"the note of {what}") if "note" in item else None
    condition = None
    condition_text = ""
    if "if" in item:
        condition_text = read.text(item["if"], f"`if` of {what}") or ""
        if condition_text:
            try:
                condition = conditions.parse(condition_text)
            except conditions.ConditionError as err:
                where = read.at(item["if"])
                shift = 1 if getattr(item["if"], "style", None) in ('"', "'") else 0
                read.findings.error(
                    Location(where.file, where.line, where.column + shift + err.offset),
                    f"bad condition `{condition_text}`: {err.message}",
                    err.hint,
                    code="bad-condition",
                )
    sets = _effects(read, item.get("set"), "set", what)
    adds = _effects(read, item.get("add"), "add", what)
    history = bool(read.flag(item["history"], "`history`")) if "history" in item else False
    if not (text and goto and note) or (condition_text and condition is None):
        return None
    return Choice(
        text=text,
        goto=goto,
        condition=condition,
        condition_text=condition_text,
        set=tuple(sets),
        add=tuple((k, v) for k, v in adds if isinstance(v, int) and not isinstance(v, bool)),
        history=history,
        note=note,
        location=read.at(node),
        id=choice_id or "",
    )


def _effects(
    read: Reader, node: Node | None, verb: str, what: str
) -> list[tuple[str, conditions.Value]]:
    if node is None:
        return []
    effects = []
    for key, value_node in read.pairs(node, f"`{verb}` of {what}") or []:
        value = read.value(value_node, f"the value of `{key.value}`")
        if (
            verb == "add"
            and value is not None
            and (isinstance(value, bool) or not isinstance(value, int))
        ):
            read.error(
                value_node,
                f"`add` needs a whole number for `{key.value}`",
                "use `set` for flags and text",
                code="wrong-type",
            )
            continue
        if value is not None:
            effects.append((str(key.value), value))
    return effects


def read_note(read: Reader, node: Node, what: str) -> Note | None:
    item = read.fields(node, what, ["date", "place", "text", "source"])
    if item is None:
        return None
    values = {
        k: read.text(item[k], f"`{k}` of {what}")
        for k in ("date", "place", "text", "source")
        if k in item
    }
    if len(values) < 4 or None in values.values():
        return None
    return Note(
        values["date"] or "", values["place"] or "", values["text"] or "", values["source"] or ""
    )


def read_quiz(read: Reader, node: Node) -> list[QuizQuestion]:
    questions = []
    for entry in read.sequence(node, "`quiz`") or []:
        item = read.fields(entry, "a quiz question", ["question", "options", "answer"], ["explain"])
        if item is None or not {"question", "options", "answer"} <= item.keys():
            continue
        question = read.text(item["question"], "`question`")
        options = read.texts(item["options"], "`options`")
        answer = read.integer(item["answer"], "`answer`")
        explain = read.text(item["explain"], "`explain`") if "explain" in item else ""
        if question and options and answer is not None:
            if not 1 <= answer <= len(options):
                read.error(
                    item["answer"],
                    f"`answer` must be between 1 and {len(options)}",
                    code="bad-answer",
                )
                continue
            questions.append(QuizQuestion(question, tuple(options), answer, explain or ""))
    return questions


def _entries(path: Path, findings: Findings, what: str, key: str) -> tuple[Reader, list[Node]]:
    """The items of a file holding one top-level list, such as the glossary's `terms:`."""
    file = shown_path(path)
    read = Reader(file, findings)
    node = read_yaml(path, file, findings)
    top = read.fields(node, what, [key]) if node is not None else None
    return read, read.sequence(top.get(key) if top else None, f"`{key}`") or []


def read_glossary(draft: Draft, path: Path, findings: Findings) -> None:
    read, entries = _entries(path, findings, "the glossary", "terms")
    seen: dict[str, Location] = {}
    for entry in entries:
        item = read.fields(entry, "a glossary term", ["term", "definition"], ["also"])
        if item is None or "term" not in item or "definition" not in item:
            continue
        term = read.text(item["term"], "`term`")
        definition = read.text(item["definition"], "`definition`")
        also = read.texts(item["also"], "`also`") if "also" in item else []
        if not (term and definition):
            continue
        for name in (term, *(also or [])):
            key = name.casefold()
            if key in seen:
                read.error(
                    item["term"],
                    f"glossary term `{name}` is defined twice (first at {seen[key]})",
                    code="duplicate-term",
                )
            seen[key] = read.at(item["term"])
        draft.glossary.append(
            GlossaryTerm(term, definition, tuple(also or ()), read.at(item["term"]))
        )


def read_content(read: Reader, node: Node, what: str) -> tuple[str, ...]:
    """A scene's content notes; a word outside the vocabulary is reported where it is."""
    words: list[str] = []
    for item in read.sequence(node, f"`content` of {what}") or []:
        word = read.text(item, f"an item of `content` of {what}")
        if word is None:
            continue
        if word not in content.VOCABULARY:
            read.findings.error(
                read.at(item),
                f"`{word}` is not a content note",
                suggest(word, content.VOCABULARY) or "use one of: " + ", ".join(content.VOCABULARY),
                code=content.CODE,
            )
        elif word not in words:
            words.append(word)
    return tuple(words)


def read_milestones(draft: Draft, path: Path, findings: Findings) -> None:
    read, entries = _entries(path, findings, "the milestones", "milestones")
    for entry in entries:
        item = read.fields(entry, "a milestone", ["id", "title", "description", "if"])
        if item is None or not {"id", "title", "description", "if"} <= item.keys():
            continue
        milestone_id = _id(read, item["id"], "a milestone id")
        title = read.text(item["title"], "`title`")
        description = read.text(item["description"], "`description`")
        text = read.text(item["if"], "`if`")
        if not (milestone_id and title and description and text):
            continue
        if any(m.id == milestone_id for m in draft.milestones):
            read.findings.error(
                read.at(item["id"]),
                f"milestone `{milestone_id}` is declared twice",
                "give each milestone its own id: the player's profile keeps them by id",
                code=milestones.DUPLICATE,
            )
            continue
        try:
            expr = conditions.parse(text)
        except conditions.ConditionError as err:
            where = read.at(item["if"])
            read.findings.error(
                Location(where.file, where.line, where.column + _quote(item["if"]) + err.offset),
                f"milestone `{milestone_id}`: condition `{text}`: {err.message}",
                err.hint,
                code=milestones.BAD_CONDITION,
            )
            continue
        draft.milestones.append(
            Milestone(milestone_id, title, description, expr, text, read.at(item["id"]))
        )


def _quote(node: Node) -> int:
    """1 when a scalar was written in quotes, so offsets inside it point at the character."""
    return 1 if isinstance(node, ScalarNode) and node.style in ('"', "'") else 0


def _id(read: Reader, node: Node | None, what: str) -> str | None:
    if node is None:
        return None
    value = read.text(node, what)
    if value is not None and not ID_PATTERN.match(value):
        read.error(
            node,
            f"{what} `{value}` must be lowercase letters, digits and `_`, starting with a letter",
            code="bad-id",
        )
        return None
    return value


def read_timeline(draft: Draft, path: Path, findings: Findings) -> None:
    read, entries = _entries(path, findings, "the timeline", "events")
    for entry in entries:
        item = read.fields(entry, "a timeline event", ["date", "text"])
        if item is None or not {"date", "text"} <= item.keys():
            continue
        date = read.text(item["date"], "`date`")
        text = read.text(item["text"], "`text`")
        if date and not _valid_date(date):
            read.error(
                item["date"], "`date` must look like 1902, 1902-08 or 1902-08-21", code="bad-date"
            )
            continue
        if date and text:
            draft.timeline.append(TimelineEvent(date, text))
    draft.timeline.sort(key=lambda event: event.date)


def _scene_id_of(node: Node) -> str:
    """The id a scene node gives, even when the scene itself is broken."""
    for key, value in getattr(node, "value", []) if isinstance(node, MappingNode) else []:
        if getattr(key, "value", None) == "id" and isinstance(value, ScalarNode):
            return str(value.value)
    return ""


def _valid_date(text: str) -> bool:
    match = DATE_PATTERN.match(text)
    if not match:
        return False
    month, day = match.group(2), match.group(3)
    return (month is None or 1 <= int(month) <= 12) and (day is None or 1 <= int(day) <= 31)
