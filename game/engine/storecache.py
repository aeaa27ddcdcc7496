"""A cache of the checked story, keyed on the files' contents, so the game starts faster.

It holds the Story and the warnings of a load that had no errors, as plain JSON. Decoding
can only build the engine's own classes, from a fixed list; nothing is ever unpickled or
run. Any problem with the cache (missing, stale, damaged, unwritable) means a full load.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from game.engine import conditions, findings, model
from game.engine.errors import story_errors

FORMAT = 1
_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        model.Variable,
        model.Note,
        model.Choice,
        model.Scene,
        model.QuizQuestion,
        model.Chapter,
        model.GlossaryTerm,
        model.TimelineEvent,
        model.Story,
        findings.Location,
        findings.Finding,
        conditions.Literal_,
        conditions.Name,
        conditions.Visited,
        conditions.Not,
        conditions.BoolOp,
        conditions.Compare,
    )
}
_FIELDS = {name: tuple(f.name for f in fields(cls)) for name, cls in _CLASSES.items()}
_MARK = "\x00"  # story text never holds NUL (the loader refuses it), so this tags a class


def key(folder: Path) -> str:
    """A digest of the engine's code, every YAML file of the story, and where it is."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):  # a loader change invalidates
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(str(folder.resolve()).encode())  # findings name the files
    return digest.hexdigest()[:32]


def encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        return [_MARK + name, *(encode(getattr(value, f)) for f in _FIELDS[name])]
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def decode(value: Any) -> Any:
    if isinstance(value, list):
        if value and isinstance(value[0], str) and value[0].startswith(_MARK):
            cls = _CLASSES[value[0][1:]]
            return cls(*(decode(v) for v in value[1:]))
        return tuple(decode(v) for v in value)
    if isinstance(value, dict):
        return {k: decode(v) for k, v in value.items()}
    return value


def load_story_cached(
    folder: Path, cache: Path | None
) -> tuple[model.Story | None, findings.Findings]:
    """(story, findings) like `loader.load_story`, from the cache when nothing has changed."""
    path = None
    if cache is not None:
        try:
            path = cache / f"story-{key(folder)}.json"
            data = json.loads(path.read_bytes())
            story = decode(data["story"])
            found = findings.Findings()
            found.items = list(decode(data["findings"]))
            if isinstance(story, model.Story):
                return story, found
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            pass  # no cache, or not one we can use: load the files
    from game.engine.loader import load_story  # only on a miss: yaml, reader, analysis

    story, found = load_story(folder)
    if story is not None and path is not None:
        blob = json.dumps({"story": encode(story), "findings": encode(found.items)})
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_suffix(f".{os.getpid()}.tmp")
            temp.write_text(blob, encoding="utf-8")
            os.replace(temp, path)
        except OSError:
            pass  # a read-only cache folder only costs speed
    return story, found


def load_story_or_raise(folder: Path, cache: Path | None = None) -> model.Story:
    story, found = load_story_cached(folder, cache)
    if story is None:
        raise story_errors(findings.shown_path(folder), list(found.sorted()))
    return story
