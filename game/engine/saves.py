"""Saves: versioned JSON files in one folder, written atomically, never trusted blindly.

A save is written to a temp file in the same folder, flushed, fsynced and renamed over the
old one, so a crash leaves either the old save or the new one. A file that is broken, from
another story or from a newer game is reported and left exactly as it is.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.engine.errors import SaveError
from game.engine.model import Story
from game.engine.safefile import TooLarge, UnreadableFile, read_regular
from game.engine.sanitize import clean
from game.engine.savejson import Refused, control_in, parse_save_json
from game.engine.state import GameState
from game.i18n import N_, _

if TYPE_CHECKING:
    from game.engine.session import Session

FORMAT = "trotsky-save"
# the end of the messages about a file the game refuses to touch (said once, when nested)
LEFT_UNTOUCHED = N_("; it is left untouched")
FORMAT_VERSION = 1
MIN_COMPATIBLE = 1  # the oldest format this game still reads
AUTOSAVE = "autosave"
MAX_NAME = 40
MAX_SAVE_BYTES = 2 * 1024 * 1024
STALE_TEMP_SECONDS = 60
# What `atomic_write` leaves when killed: `.` + the file's stem + `.` + mkstemp's 8 + `.tmp`.
_OUR_TEMP = re.compile(r"^\.\.?[^./\\]+\.[a-z0-9_]{8}\.tmp$")
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
        raise SaveError(_("a save needs a name"))
    if len(name) > MAX_NAME:
        raise SaveError(_("save names are at most {count} characters").format(count=MAX_NAME))
    if any(unicodedata.category(c)[0] == "C" for c in name):
        raise SaveError(_("save names cannot contain control characters"))
    stem = "".join(c if c.isalnum() else "-" for c in name.casefold()).strip("-")
    stem = "-".join(part for part in stem.split("-") if part)
    if not stem:
        raise SaveError(_("a save name needs at least one letter or digit"))
    if stem in _RESERVED:
        raise SaveError(_("`{name}` is a reserved name; choose another").format(name=name))
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
    """A save taken at one moment, ready to be encoded and written on any thread.

    Taking it costs a copy of the state's lists (the records in them are frozen), so the UI
    thread pays only that; `encoded()` (JSON) and the write run on a worker. Nothing else
    holds `state` or `header`, so they never change after the snapshot."""

    path: Path
    header: dict[str, Any]  # everything but the state: format, names, times, summary
    state: GameState  # a private copy of the session's state
    sequence: int
    name: str = ""
    replace: bool = False  # the player agreed to replace a save of another name

    def encoded(self) -> bytes:
        """The file's bytes; raises SaveError for a value JSON cannot hold."""
        try:
            return encode({**self.header, "state": self.state.to_json()}).encode("utf-8")
        except ValueError as err:  # a number JSON cannot hold (allow_nan=False)
            raise SaveError(
                _("the game cannot be written as a save ({error})").format(error=err)
            ) from None


@dataclass(frozen=True, slots=True)
class Loaded:
    state: GameState
    notices: tuple[str, ...]  # what was carried forward, for the player to read
    created: str = ""

    def session(self, story: Story) -> Session:
        from game.engine.session import Session  # the title lists saves without playing one

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
    # allow_nan=False: `Infinity` is not JSON, and no reader (ours included) should meet it
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def same_name(first: str, second: str) -> bool:
    """Two save names that mean one save: equal but for case, accents' form and spacing."""

    def key(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).casefold().split())

    return key(first) == key(second)


class SaveFolder:
    """The saves of one story in one folder."""

    def __init__(self, folder: Path, story: Story) -> None:
        self.folder = folder
        self.story = story
        self.story_id = story.id
        self._lock = threading.Lock()  # saves may be written from a worker thread
        self._sequence = 0
        self._written: dict[Path, int] = {}
        self.removed_temporaries = remove_stale_temporaries(folder)

    def path_for(self, name: str) -> Path:
        return self.folder / slot_filename(name)

    # -- writing --------------------------------------------------------------------------

    def save(self, name: str, session: Session, *, replace: bool = False) -> Path:
        """Write the session to the named slot; raises SaveError, leaving any old file intact.

        A file that holds a save of another name ("A B" and "a-b" share `a-b.json`) is
        replaced only with `replace=True`, after the player said so."""
        return self.write(self.prepare(name, session, replace=replace))

    def prepare(self, name: str, session: Session, *, replace: bool = False) -> PreparedSave:
        """Snapshot the session now (on the caller's thread): a copy of its state and the
        header's strings, nothing encoded yet; `write` encodes and writes, on any thread."""
        path = self.path_for(name)
        header = self.header(name.strip(), session)  # first: it adds the time played
        state = session.state.copy()
        with self._lock:
            self._sequence += 1
            return PreparedSave(path, header, state, self._sequence, name.strip(), replace)

    def write(self, prepared: PreparedSave) -> Path:
        """Write a snapshot unless a newer one for the same file was written already."""
        if self._written.get(prepared.path, 0) > prepared.sequence:  # read again below
            return prepared.path
        data = prepared.encoded()  # outside the lock: a newer snapshot may be taken meanwhile
        with self._lock:
            if self._written.get(prepared.path, 0) > prepared.sequence:
                return prepared.path
            if prepared.path.exists() or prepared.path.is_symlink():
                holder = self._check_overwritable(prepared.path)
                if not prepared.replace and not same_name(holder, prepared.name):
                    raise SaveError(
                        _(
                            "“{name}” would be saved in {file}, which holds the save “{holder}”; it is left "
                            "untouched: choose another name"
                        ).format(name=prepared.name, file=prepared.path.name, holder=holder)
                    )
            atomic_write(prepared.path, data)
            self._written[prepared.path] = prepared.sequence
        return prepared.path

    def autosave(self, session: Session) -> Path:
        return self.save(AUTOSAVE, session)

    def header(self, name: str, session: Session) -> dict[str, Any]:
        """Everything a save holds but the state (only strings and numbers, taken now)."""
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
            "summary": about(session.story, scene.id),
        }

    def _check_overwritable(self, path: Path) -> str:
        """The name of the save in `path`; raises SaveError if it is not one we may replace."""
        try:
            data = self._read(path)[0]
        except SaveError as err:
            why = err.message.removesuffix(_(LEFT_UNTOUCHED))  # said once, below
            raise SaveError(
                _(
                    "{file} is not a save this game can replace ({why}); it is left untouched: choose"
                    " another name"
                ).format(file=path.name, why=why)
            ) from None
        return _stored_name(data, path)

    def existing_name(self, name: str) -> str | None:
        """The name of the save a `save(name)` would replace, or None when there is none."""
        try:
            path = self.path_for(name)
            return _stored_name(self._read(path)[0], path) if path.exists() else None
        except SaveError:
            return None

    # -- reading --------------------------------------------------------------------------

    def _read_header(self, path: Path) -> dict[str, Any]:
        """The parsed file, checked for format and story; raises SaveError."""
        try:  # a FIFO would block a plain read forever, /dev/zero would fill the memory
            raw = read_regular(path, MAX_SAVE_BYTES)
        except TooLarge:
            raise SaveError(_("{file} is too large to be a save").format(file=path.name)) from None
        except UnreadableFile as err:
            raise SaveError(
                _("cannot read {file}: {reason}").format(file=path.name, reason=err.reason)
            ) from None
        if not raw.strip():
            raise SaveError(_("{file} is empty").format(file=path.name))
        try:
            data = parse_save_json(raw)
        except Refused as err:
            raise SaveError(
                _("{file} is damaged (it holds {error})").format(file=path.name, error=err)
            ) from None
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise SaveError(
                _("{file} is damaged (not readable JSON)").format(file=path.name)
            ) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SaveError(_("{file} is not a save of this game").format(file=path.name))
        where = control_in(data)
        if where is not None:
            raise SaveError(
                _(
                    "{file} holds a control character in its text (at `{where}`), which no save of "
                    "this game has; it is left untouched"
                ).format(file=path.name, where=where)
            )
        version = data.get("format_version")
        oldest = data.get("min_compatible", version)
        if not isinstance(version, int) or not isinstance(oldest, int):
            raise SaveError(_("{file} has no valid format version").format(file=path.name))
        if oldest > FORMAT_VERSION:
            raise SaveError(
                _(
                    "{file} was made by a newer version of the game (save format {version}, readable "
                    "from format {oldest}; this game reads format {current})"
                ).format(file=path.name, version=version, oldest=oldest, current=FORMAT_VERSION)
            )
        if data.get("story_id") != self.story_id:
            raise SaveError(
                _("{file} belongs to another story ({other}, not {story})").format(
                    file=path.name, other=repr(data.get("story_id")), story=repr(self.story_id)
                )
            )
        return data

    def load(self, name_or_path: str | Path) -> Loaded:
        """Read a slot (by name or path) and fit it to the story; raises SaveError.

        A name is what `slots()` lists: the save's own name, or for a file whose name does
        not come from its save's name (copied, renamed) the file name without `.json`."""
        if isinstance(name_or_path, Path):
            path = name_or_path
        else:
            path = self.path_for(name_or_path)
            if not path.exists():
                path = self._file_named(name_or_path.strip()) or path
        if not path.exists():
            raise SaveError(_("there is no save called {name}").format(name=repr(path.stem)))
        return self._read(path)[1]

    def _file_named(self, stem: str) -> Path | None:
        """The save file whose name is exactly `stem` + `.json`, found by listing the
        folder (never by joining what was typed to a path)."""
        if not self.folder.is_dir():
            return None
        files = self.folder.glob("*.json")
        return next((p for p in files if p.stem == stem and not p.name.startswith(".")), None)

    def _read(self, path: Path) -> tuple[dict[str, Any], Loaded]:
        data = self._read_header(path)
        try:
            state = GameState.from_json(data["state"])
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise SaveError(
                _("{file} is damaged (its game state is incomplete: {error})").format(
                    file=path.name, error=err
                )
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
                # told by the story in the language being played; the file's own summary is the
                # prose of the language it was saved in (kept for other tools)
                summary = about(self.story, loaded.state.scene) or _mapping(data.get("summary"))
                found.append(
                    SaveSlot(
                        name=clean(_stored_name(data, path)),
                        path=path,
                        updated=clean(str(data.get("updated", ""))),
                        chapter=clean(str(summary.get("chapter", ""))),
                        date=clean(str(summary.get("date", ""))),
                        place=clean(str(summary.get("place", ""))),
                        title=clean(str(summary.get("title", ""))),
                        play_seconds=loaded.state.play_seconds,
                    )
                )
            except SaveError as err:
                found.append(SaveSlot(name=clean(path.stem), path=path, error=err.message))
            except (TypeError, ValueError):
                found.append(
                    SaveSlot(
                        name=clean(path.stem),
                        path=path,
                        error=clean(_("{file} is damaged").format(file=path.name)),
                    )
                )
        found.sort(
            key=lambda slot: (slot.error is None, slot.updated, _mtime(slot.path)), reverse=True
        )
        return found

    def delete(self, path: Path) -> None:
        """Delete a good save of this story; anything else in the folder is left alone."""
        if path.parent.resolve() != self.folder.resolve():
            raise SaveError(_("only saves in the saves folder can be deleted"))
        self._read(path)  # raises for broken or foreign files, which stay untouched
        try:
            path.unlink()
        except OSError as err:
            raise SaveError(
                _("cannot delete {file}: {error}").format(file=path.name, error=err.strerror or err)
            ) from None

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
            return _("There is no saved game to continue yet.")
        reasons = "; ".join(slot.error or "" for slot in broken[:3])
        return _("No save can be resumed: {reasons}. The files are left as they are.").format(
            reasons=reasons
        )


def about(story: Story, scene_id: str) -> dict[str, Any]:
    """Where a game stands, in a save's summary: chapter, date, place and scene title."""
    scene = story.scenes.get(scene_id)
    if scene is None:
        return {}
    chapter = story.chapter(scene.chapter)
    return {
        "chapter": f"{chapter.number}. {chapter.title}",
        "date": scene.shown_date,
        "place": scene.place,
        "title": scene.title,
    }


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _stored_name(data: dict[str, Any], path: Path) -> str:
    """The name a save is listed and loaded by: its own, when its file name comes from it;
    else (a file copied or renamed by hand) the file name, which `load` also accepts."""
    name = data.get("name")
    if isinstance(name, str):
        with contextlib.suppress(SaveError):
            if slot_filename(name) == path.name:
                return name.strip()
    return path.stem


def remove_stale_temporaries(folder: Path, older_than: float = STALE_TEMP_SECONDS) -> list[str]:
    """Delete what a killed `atomic_write` left in `folder`: regular files of our own name
    pattern, older than `older_than` seconds (a save being written now is younger).
    Any other file is never touched. Returns the names removed."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:  # no folder yet, or not one we can list: nothing of ours to clean
        return removed
    now = time.time()
    for entry in entries:
        if not _OUR_TEMP.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < older_than:
                continue
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                continue  # a temporary of someone else's game in a shared folder
            os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            continue
    return removed


def fit_to_story(state: GameState, story: Story, filename: str, version: object) -> Loaded:
    """Carry a state forward to this story version, or raise SaveError if it cannot be."""
    notices: list[str] = []
    for attribute in ("scene", "start"):
        old = getattr(state, attribute)
        new = story.resolve_scene_id(old)
        if new is None:
            raise SaveError(
                _(
                    "{file} points at the scene `{old}`, which this version of the story (version "
                    "{story_version}; the save is from version {version}) no longer has"
                ).format(file=filename, old=old, story_version=story.version, version=version)
            )
        if new != old:
            setattr(state, attribute, new)
            if attribute == "scene":
                notices.append(
                    _("The scene `{old}` is now called `{new}`.").format(old=old, new=new)
                )
    for name in list(state.variables):
        declared = story.variables.get(name)
        if declared is None:
            del state.variables[name]
            notices.append(
                _("The variable `{name}` is no longer used and was dropped.").format(name=name)
            )
        elif type(state.variables[name]) is not type(declared.default):
            state.variables[name] = declared.default
            notices.append(
                _("`{name}` had a value of the wrong type and was reset.").format(name=name)
            )
        elif isinstance(declared.default, int) and not isinstance(declared.default, bool):
            value = state.variables[name]
            assert isinstance(value, int)  # the same type as the default, checked above
            if declared.clamp(value) != value:
                state.variables[name] = declared.clamp(value)
                notices.append(
                    _("`{name}` was {value}, outside its range; it is now {now}.").format(
                        name=name, value=value, now=declared.clamp(value)
                    )
                )
    for name, declared in story.variables.items():
        if name not in state.variables:
            state.variables[name] = declared.default
            notices.append(
                _("The new variable `{name}` starts at {default}.").format(
                    name=name, default=repr(declared.default)
                )
            )
    return Loaded(state, tuple(notices))


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file, never a mix."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp"
        )
    except OSError as err:
        raise SaveError(
            _("cannot write in {folder}: {error}").format(
                folder=path.parent, error=err.strerror or err
            )
        ) from None
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise SaveError(
            _("cannot write {file}: {error}").format(file=path.name, error=err.strerror or err)
        ) from None
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
