"""A cache of the checked story, keyed on the files' contents, so the game starts faster.

It holds the Story and the warnings of a load that had no errors, as plain JSON. Decoding
can only build the engine's own classes, from a fixed list; nothing is ever unpickled or
run. Any problem with the cache (missing, stale, damaged, unwritable) means a full load.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

try:  # CPython's own BLAKE2: `import hashlib` loads OpenSSL first, ~2.5 ms of every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from game.engine import conditions, findings, model
from game.engine.errors import story_errors
from game.engine.safefile import UnreadableFile, read_regular
from game.engine.sanitize import clean

FORMAT = 2
MAX_KEYED_BYTES = 4 * 1024 * 1024  # yamlsource.MAX_FILE_BYTES, without importing yaml
MAX_CACHE_BYTES = 1024 * 1024 * 1024  # a FIFO or /dev/zero named like a cache file: no hang
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
        model.Milestone,
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
    digest = blake2b(f"{FORMAT} {sys.version_info[:2]}".encode(), digest_size=32)
    for path in sorted(Path(__file__).parent.glob("*.py")):  # a loader change invalidates
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + _contents(path) + b"\0")
    digest.update(str(folder.resolve()).encode())  # findings name the files
    return digest.hexdigest()[:32]


def _contents(path: Path) -> bytes:
    """A story file's bytes for the key; for anything the loader will refuse (a FIFO, a
    device, a file over the cap) its stat data, so the key never blocks or reads forever."""
    try:
        return read_regular(path, MAX_KEYED_BYTES)
    except UnreadableFile:
        try:
            info = os.stat(path)
        except OSError:
            return b"unreadable"
        return f"unreadable {info.st_mode} {info.st_size} {info.st_mtime_ns}".encode()


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
    """The engine's objects from `encode`'s JSON; every text crosses the sanitiser, so a
    cache file edited by hand cannot carry a terminal escape the loader would refuse."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        if value and isinstance(value[0], str) and value[0].startswith(_MARK):
            cls = _CLASSES[value[0][1:]]
            return cls(*(decode(v) for v in value[1:]))
        return tuple(decode(v) for v in value)
    if isinstance(value, dict):
        return {k: decode(v) for k, v in value.items()}
    return value


class LazyScenes(Mapping[str, model.Scene]):
    """The story's scenes, each decoded from the cache the first time it is asked for.

    A start needs a handful of scenes, not thousands: building every Scene up front was
    three quarters of a cached load. Each scene is kept as its own JSON text, so reading the
    file builds a few thousand strings instead of hundreds of thousands of lists and dicts.
    The file's digest was checked before this is built, so decoding a scene cannot fail.
    """

    def __init__(self, texts: dict[str, str]) -> None:
        self._texts = texts
        self._decoded: dict[str, model.Scene] = {}

    def __getitem__(self, scene_id: str) -> model.Scene:
        scene = self._decoded.get(scene_id)
        if scene is None:
            scene = decode(json.loads(self._texts[scene_id]))
            assert isinstance(scene, model.Scene)  # checked by digest; written by `_write`
            self._decoded[scene_id] = scene
        return scene

    def __contains__(self, scene_id: object) -> bool:
        return scene_id in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


def _digest(texts: dict[str, str]) -> str:
    joined = "\0".join(f"{scene_id}\0{text}" for scene_id, text in texts.items())
    return blake2b(joined.encode("utf-8"), digest_size=32).hexdigest()


def _read(path: Path) -> tuple[model.Story, findings.Findings]:
    """A cache file's story and findings; raises on anything unexpected."""
    data = json.loads(read_regular(path, MAX_CACHE_BYTES))  # UnreadableFile is an OSError
    texts = data["scenes"]
    if data["format"] != FORMAT or _digest(texts) != data["digest"]:
        raise ValueError("a damaged or foreign cache file")
    shell = decode(data["story"])
    if not isinstance(shell, model.Story):
        raise TypeError("not a cached story")
    story = replace(shell, scenes=LazyScenes(texts))
    story.scenes[story.start]  # the story can begin
    found = findings.Findings()
    found.items = list(decode(data["findings"]))
    return story, found


def _write(path: Path, story: model.Story, found: findings.Findings) -> None:
    texts = {scene_id: json.dumps(encode(scene)) for scene_id, scene in story.scenes.items()}
    blob = json.dumps(
        {
            "format": FORMAT,
            "digest": _digest(texts),
            "story": encode(replace(story, scenes={})),
            "findings": encode(found.items),
            "scenes": texts,
        }
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(blob, encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        pass  # a read-only cache folder only costs speed


def load_story_cached(
    folder: Path, cache: Path | None
) -> tuple[model.Story | None, findings.Findings]:
    """(story, findings) like `loader.load_story`, from the cache when nothing has changed."""
    path = None
    if cache is not None:
        try:
            path = cache / f"story-{key(folder)}.json"
            return _read(path)
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            pass  # no cache, or not one we can use: load the files
    from game.engine.loader import load_story  # only on a miss: yaml, reader, analysis

    story, found = load_story(folder)
    if story is not None and path is not None:
        _write(path, story, found)
    return story, found


def load_story_or_raise(folder: Path, cache: Path | None = None) -> model.Story:
    story, found = load_story_cached(folder, cache)
    if story is None:
        raise story_errors(findings.shown_path(folder), list(found.sorted()))
    return story
