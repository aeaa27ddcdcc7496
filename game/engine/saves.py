"""Saves: versioned JSON files in one folder, written atomically, never trusted blindly.

A save is written to a temp file in the same folder, flushed, fsynced and renamed over the
old one, so a crash leaves either the old save or the new one. A file that is broken, from
another story or from a newer game is reported and left exactly as it is.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.engine.errors import SaveError
from game.engine.model import Story
from game.engine.session import Session
from game.engine.state import GameState

FORMAT = "trotsky-save"
FORMAT_VERSION = 1
MIN_COMPATIBLE = 1  # the oldest format this game still reads
AUTOSAVE = "autosave"
MAX_NAME = 40
MAX_SAVE_BYTES = 2 * 1024 * 1024
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def slot_filename(name: str) -> str:
    """The file name for a slot name; raises SaveError for names that cannot be made safe."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise SaveError("a save needs a name")
    if len(name) > MAX_NAME:
        raise SaveError(f"save names are at most {MAX_NAME} characters")
    if any(unicodedata.category(c)[0] == "C" for c in name):
        raise SaveError("save names cannot contain control characters")
    stem = "".join(c if c.isalnum() else "-" for c in name.casefold()).strip("-")
    stem = "-".join(part for part in stem.split("-") if part)
    if not stem:
        raise SaveError("a save name needs at least one letter or digit")
    if stem in _RESERVED:
        raise SaveError(f"`{name}` is a reserved name; choose another")
    return f"{stem}.json"


@dataclass(frozen=True, slots=True)
class SaveSlot:
    """One file in the saves folder, as the Load screen lists it."""

    name: str
    path: Path
    updated: str = ""
    chapter: str = ""
    date: str = ""
    place: str = ""
    title: str = ""
    play_seconds: float = 0.0
    error: str | None = None  # why it cannot be loaded, if it cannot


@dataclass(frozen=True, slots=True)
class PreparedSave:
    path: Path
    data: bytes
    sequence: int


@dataclass(frozen=True, slots=True)
class Loaded:
    state: GameState
    notices: tuple[str, ...]  # what was carried forward, for the player to read
    created: str = ""

    def session(self, story: Story) -> Session:
        return Session(story, self.state, created=self.created)


def encode(payload: dict[str, Any]) -> str:
    """JSON a person can read and diff, yet small: the top levels indented, one line per
    record (a whole game's choices in full indentation passed 20 KB)."""
    return _encode(payload, "") + "\n"


def _encode(value: Any, indent: str) -> str:
    inner = indent + " "
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values()):
        items = [f"{inner}{_compact(k)}: {_encode(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}" if items else "{}"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "[\n" + ",\n".join(inner + _compact(v) for v in value) + f"\n{indent}]"
    return _compact(value)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


class SaveFolder:
    """The saves of one story in one folder."""

    def __init__(self, folder: Path, story: Story) -> None:
        self.folder = folder
        self.story = story
        self.story_id = story.id
        self._lock = threading.Lock()  # saves may be written from a worker thread
        self._sequence = 0
        self._written: dict[Path, int] = {}

    def path_for(self, name: str) -> Path:
        return self.folder / slot_filename(name)

    # -- writing --------------------------------------------------------------------------

    def save(self, name: str, session: Session) -> Path:
        """Write the session to the named slot; raises SaveError, leaving any old file intact."""
        return self.write(self.prepare(name, session))

    def prepare(self, name: str, session: Session) -> PreparedSave:
        """Snapshot the session now (on the caller's thread); `write` may run on another."""
        path = self.path_for(name)
        data = encode(self.payload(name.strip(), session))
        with self._lock:
            self._sequence += 1
            return PreparedSave(path, data.encode("utf-8"), self._sequence)

    def write(self, prepared: PreparedSave) -> Path:
        """Write a snapshot unless a newer one for the same file was written already."""
        with self._lock:
            if self._written.get(prepared.path, 0) > prepared.sequence:
                return prepared.path
            if prepared.path.exists():
                self._check_overwritable(prepared.path)
            atomic_write(prepared.path, prepared.data)
            self._written[prepared.path] = prepared.sequence
        return prepared.path

    def autosave(self, session: Session) -> Path:
        return self.save(AUTOSAVE, session)

    def payload(self, name: str, session: Session) -> dict[str, Any]:
        session.sync_clock()
        scene = session.scene
        now = datetime.now(UTC).isoformat(timespec="seconds")
        session.created = session.created or now
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "min_compatible": MIN_COMPATIBLE,
            "name": name,
            "story_id": session.story.id,
            "story_version": session.story.version,
            "created": session.created,
            "updated": now,
            "summary": {
                "chapter": f"{session.chapter.number}. {session.chapter.title}",
                "date": scene.shown_date,
                "place": scene.place,
                "title": scene.title,
            },
            "state": session.state.to_json(),
        }

    def _check_overwritable(self, path: Path) -> None:
        try:
            self._read(path)
        except SaveError as err:
            raise SaveError(
                f"{path.name} is not a save this game can replace ({err.message}); "
                "it is left untouched: choose another name"
            ) from None

    # -- reading --------------------------------------------------------------------------

    def _read_header(self, path: Path) -> dict[str, Any]:
        """The parsed file, checked for format and story; raises SaveError."""
        try:
            if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the read forever
                raise SaveError(f"cannot read {path.name}: it is not a regular file")
            with path.open("rb") as handle:
                raw = handle.read(MAX_SAVE_BYTES + 1)
        except OSError as err:
            raise SaveError(f"cannot read {path.name}: {err.strerror or err}") from None
        if len(raw) > MAX_SAVE_BYTES:
            raise SaveError(f"{path.name} is too large to be a save")
        if not raw.strip():
            raise SaveError(f"{path.name} is empty")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise SaveError(f"{path.name} is damaged (not readable JSON)") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SaveError(f"{path.name} is not a save of this game")
        version = data.get("format_version")
        oldest = data.get("min_compatible", version)
        if not isinstance(version, int) or not isinstance(oldest, int):
            raise SaveError(f"{path.name} has no valid format version")
        if oldest > FORMAT_VERSION:
            raise SaveError(
                f"{path.name} was made by a newer version of the game (save format {version}, "
                f"readable from format {oldest}; this game reads format {FORMAT_VERSION})"
            )
        if data.get("story_id") != self.story_id:
            raise SaveError(
                f"{path.name} belongs to another story ({data.get('story_id')!r}, not {self.story_id!r})"
            )
        return data

    def load(self, name_or_path: str | Path) -> Loaded:
        """Read a slot (by name or path) and fit it to the story; raises SaveError."""
        path = name_or_path if isinstance(name_or_path, Path) else self.path_for(name_or_path)
        if not path.exists():
            raise SaveError(f"there is no save called {path.stem!r}")
        return self._read(path)[1]

    def _read(self, path: Path) -> tuple[dict[str, Any], Loaded]:
        data = self._read_header(path)
        try:
            state = GameState.from_json(data["state"])
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise SaveError(
                f"{path.name} is damaged (its game state is incomplete: {err})"
            ) from None
        loaded = fit_to_story(state, self.story, path.name, data.get("story_version"))
        return data, Loaded(loaded.state, loaded.notices, str(data.get("created") or ""))

    def slots(self) -> list[SaveSlot]:
        """Every save file in the folder, newest first; unreadable ones carry their error."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob("*.json"):
            if path.name.startswith("."):  # settings and temp files, not saves
                continue
            try:
                data, loaded = self._read(path)
                summary: dict[str, Any] = _mapping(data.get("summary"))
                found.append(
                    SaveSlot(
                        name=str(data.get("name") or path.stem),
                        path=path,
                        updated=str(data.get("updated", "")),
                        chapter=str(summary.get("chapter", "")),
                        date=str(summary.get("date", "")),
                        place=str(summary.get("place", "")),
                        title=str(summary.get("title", "")),
                        play_seconds=loaded.state.play_seconds,
                    )
                )
            except SaveError as err:
                found.append(SaveSlot(name=path.stem, path=path, error=err.message))
            except (TypeError, ValueError):
                found.append(SaveSlot(name=path.stem, path=path, error=f"{path.name} is damaged"))
        found.sort(
            key=lambda slot: (slot.error is None, slot.updated, _mtime(slot.path)), reverse=True
        )
        return found

    def delete(self, path: Path) -> None:
        """Delete a good save of this story; anything else in the folder is left alone."""
        if path.parent.resolve() != self.folder.resolve():
            raise SaveError("only saves in the saves folder can be deleted")
        self._read(path)  # raises for broken or foreign files, which stay untouched
        try:
            path.unlink()
        except OSError as err:
            raise SaveError(f"cannot delete {path.name}: {err.strerror or err}") from None

    def exists(self, name: str) -> bool:
        try:
            return self.path_for(name).exists()
        except SaveError:
            return False

    def newest(self) -> SaveSlot | None:
        return next((slot for slot in self.slots() if slot.error is None), None)

    def why_none(self) -> str:
        """Why there is nothing to continue: no save at all, or the saves that cannot load."""
        broken = [slot for slot in self.slots() if slot.error]
        if not broken:
            return "There is no saved game to continue yet."
        reasons = "; ".join(slot.error or "" for slot in broken[:3])
        return f"No save can be resumed: {reasons}. The files are left as they are."


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def fit_to_story(state: GameState, story: Story, filename: str, version: object) -> Loaded:
    """Carry a state forward to this story version, or raise SaveError if it cannot be."""
    notices: list[str] = []
    for attribute in ("scene", "start"):
        old = getattr(state, attribute)
        new = story.resolve_scene_id(old)
        if new is None:
            raise SaveError(
                f"{filename} points at the scene `{old}`, which this version of the story "
                f"(version {story.version}; the save is from version {version}) no longer has"
            )
        if new != old:
            setattr(state, attribute, new)
            if attribute == "scene":
                notices.append(f"The scene `{old}` is now called `{new}`.")
    for name in list(state.variables):
        declared = story.variables.get(name)
        if declared is None:
            del state.variables[name]
            notices.append(f"The variable `{name}` is no longer used and was dropped.")
        elif type(state.variables[name]) is not type(declared.default):
            state.variables[name] = declared.default
            notices.append(f"`{name}` had a value of the wrong type and was reset.")
    for name, declared in story.variables.items():
        if name not in state.variables:
            state.variables[name] = declared.default
            notices.append(f"The new variable `{name}` starts at {declared.default!r}.")
    return Loaded(state, tuple(notices))


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file, never a mix."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp"
        )
    except OSError as err:
        raise SaveError(f"cannot write in {path.parent}: {err.strerror or err}") from None
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise SaveError(f"cannot write {path.name}: {err.strerror or err}") from None
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; the rename is still atomic there
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
