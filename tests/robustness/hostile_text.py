"""The hostile-text corpus: terminal escapes in every text field of a story and of a save.

OSC 52 writes the clipboard, OSC 0 retitles the window, CSI 2J clears the screen; C1 CSI
and OSC (U+009B, U+009D) do the same in one character; U+202E turns a line around. A
player's terminal must never receive any of them from a file.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from game.engine.model import GlossaryTerm, Story
from game.engine.session import Session

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # the clipboard gets "rm -rf ~"
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
C1 = "\x9b31m\x9d0;pwned\x9c"
BIDI = "\u202eevil\u202c"
PAYLOAD = OSC52 + TITLE + CLEAR + C1 + BIDI
# What must never reach a terminal: ESC, every C1 code, the bidi overrides.
FORBIDDEN = re.compile("[\x1b\x80-\x9f\u202a-\u202e\u2066-\u2069]")
FORBIDDEN_BYTES = (
    b"\x1b]52;",
    b"\x1b]0;pwned",
    b"\x1b[2J",
    b"\xc2\x9b",
    b"\xc2\x9d",
    b"\xe2\x80\xae",
)

# Keys whose values are text a player reads (ids, targets and conditions stay valid).
TEXT_KEYS = {"title", "place", "text", "epilogue", "source", "label", "years", "definition"}
TEXT_FIELDS = TEXT_KEYS | {"question", "options", "explain", "term"}


def forbidden_in(text: str) -> list[str]:
    """The forbidden characters found in `text` (empty when it is safe to show)."""
    return FORBIDDEN.findall(text)


def hostile_story_files(source: Path, target: Path) -> Path:
    """A copy of a story folder with PAYLOAD in every text field and a note's date,
    written as YAML escapes (`"\\e"`), plus a glossary with a hostile term."""
    shutil.copytree(source, target)
    for path in target.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_poison_data(data), allow_unicode=False), "utf-8")
    glossary = {"terms": [{"term": "hut", "definition": "A small house. " + PAYLOAD}]}
    (target / "glossary.yaml").write_text(yaml.safe_dump(glossary), "utf-8")
    return target


def _poison_data(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _poison_data(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison_data(v, key) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        return value + " " + PAYLOAD
    return value


def poisoned(story: Story) -> Story:
    """The same story with PAYLOAD in every text a player reads: what a face would get if
    a file's text ever slipped past the loader (the face's own defence is tested on it)."""
    scenes = {sid: _poison_model(scene) for sid, scene in story.scenes.items()}
    glossary = (*story.glossary, GlossaryTerm("hut", "A small house. " + PAYLOAD, ("the hut",)))
    return replace(
        story,
        title=story.title + PAYLOAD,
        chapters=tuple(_poison_model(c) for c in story.chapters),
        scenes=scenes,
        variables={n: _poison_model(v) for n, v in story.variables.items()},
        glossary=tuple(_poison_model(t) for t in glossary),
        timeline=tuple(_poison_model(e) for e in story.timeline),
    )


def _poison_model(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(_poison_model(v) for v in value)
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for f in fields(value):
        current = getattr(value, f.name)
        if f.name in TEXT_FIELDS and isinstance(current, str) and current:
            changes[f.name] = current + " " + PAYLOAD
        elif f.name == "options" and isinstance(current, tuple):
            changes[f.name] = tuple(o + PAYLOAD for o in current)
        elif f.name == "date_text" or (f.name == "date" and not current[:1].isdigit()):
            changes[f.name] = (current or "1900") + PAYLOAD
        elif isinstance(current, tuple) or is_dataclass(current):
            changes[f.name] = _poison_model(current)
    return replace(value, **changes)


def write_hostile_saves(folder: Path, story: Story) -> list[Path]:
    """Save files with PAYLOAD in each text field, and a clean save whose file name holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    session = Session.new(story)
    session.choose(1)
    base: dict[str, Any] = {
        "format": "trotsky-save",
        "format_version": 1,
        "min_compatible": 1,
        "name": "plain",
        "story_id": story.id,
        "story_version": story.version,
        "created": "2026-01-01T00:00:00+00:00",
        "updated": "2026-01-02T00:00:00+00:00",
        "summary": {"chapter": "1. One", "date": "1900", "place": "A hut", "title": "The hut"},
        "state": session.state.to_json(),
    }
    written = []
    cases: dict[str, tuple[str, ...]] = {
        "name": ("name",),
        "updated": ("updated",),
        "chapter": ("summary", "chapter"),
        "date": ("summary", "date"),
        "place": ("summary", "place"),
        "title": ("summary", "title"),
        "choice": ("state", "choices", "0", "text"),
    }
    for label, where in cases.items():
        data = json.loads(json.dumps(base))
        data["name"] = f"hostile {label}"
        target: Any = data
        for step in where[:-1]:
            target = target[int(step)] if isinstance(target, list) else target[step]
        last = where[-1]
        target[last] = str(target[last]) + PAYLOAD
        path = folder / f"hostile-{label}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        written.append(path)
    named = folder / f"{OSC52}{TITLE}{BIDI}.json"  # a good save under a hostile file name
    named.write_text(json.dumps({**base, "name": "good inside"}), encoding="utf-8")
    broken = folder / f"{CLEAR}{C1}broken.json"  # and a broken one: its error names it
    broken.write_text("{not json", encoding="utf-8")
    return [*written, named, broken]
