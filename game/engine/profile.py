"""The player's profile: what was learnt across games (milestones earned, notes read, endings
found...), kept in one small versioned JSON file in the saves folder.

Written atomically like a save. A damaged, foreign or newer profile is reported and never
overwritten: the game then keeps what it learns in memory only, so nothing on disk is lost.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.safefile import UnreadableFile, read_regular
from game.engine.saves import atomic_write
from game.i18n import _

PROFILE_FILE = ".profile.json"  # the dot keeps it out of the save list, like the settings
FORMAT = "trotsky-profile"
FORMAT_VERSION = 1
MAX_PROFILE_BYTES = 1024 * 1024
_SETS = ("notes", "terms", "endings", "finished", "as_history")


@dataclass
class Profile:
    """Kept across games; every field only grows."""

    earned: dict[str, str] = field(default_factory=dict)  # milestone id -> ISO date earned
    notes: set[str] = field(default_factory=set)  # "scene#index" of every note read
    terms: set[str] = field(default_factory=set)  # glossary terms met
    endings: set[str] = field(default_factory=set)  # ending scene ids reached
    finished: set[str] = field(default_factory=set)  # chapter ids finished
    as_history: set[str] = field(default_factory=set)  # chapters played exactly as history went
    quiz_best: dict[str, int] = field(default_factory=dict)  # chapter id -> most right answers

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION}
        data["earned"] = dict(sorted(self.earned.items()))
        for name in _SETS:
            data[name] = sorted(getattr(self, name))
        data["quiz_best"] = dict(sorted(self.quiz_best.items()))
        return data

    @classmethod
    def from_json(cls, data: Any) -> Profile:
        """Rebuild from the file's JSON; raises ValueError or TypeError on a bad shape."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a profile")
        earned = data.get("earned", {})
        quiz_best = data.get("quiz_best", {})
        if not isinstance(earned, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in earned.items()
        ):
            raise TypeError("earned is not a table of dates")
        if not isinstance(quiz_best, dict) or not all(
            isinstance(k, str) and type(v) is int for k, v in quiz_best.items()
        ):
            raise TypeError("quiz_best is not a table of numbers")
        sets: dict[str, set[str]] = {}
        for name in _SETS:
            items = data.get(name, [])
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise TypeError(f"{name} is not a list of ids")
            sets[name] = set(items)
        return cls(earned=dict(earned), quiz_best=dict(quiz_best), **sets)


@dataclass
class ProfileFile:
    """The profile and where it lives; `problem` says why it is not being written."""

    path: Path
    profile: Profile
    problem: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _taken: int = 0  # snapshots taken ...
    _written: int = 0  # ... and the newest one written

    @classmethod
    def open(cls, folder: Path) -> ProfileFile:
        path = folder / PROFILE_FILE
        profile, problem = read_profile(path)
        return cls(path, profile, problem)

    def save(self) -> None:
        """Write the profile; raises SaveError. A profile that was unreadable is never
        overwritten: the player may want it back, so this does nothing then."""
        self.write(self.snapshot(self.profile.to_json()))

    def snapshot(self, data: dict[str, Any]) -> ProfileSnapshot:
        """The profile as `data` (a fresh `to_json()`), to write now or on another thread."""
        with self._lock:
            self._taken += 1
            return ProfileSnapshot(data, self._taken)

    def write(self, snapshot: ProfileSnapshot) -> None:
        """Write a snapshot unless a newer one was written already; raises SaveError."""
        if self.problem is not None:
            return
        text = json.dumps(snapshot.data, indent=1, ensure_ascii=False)
        with self._lock:
            if self._written >= snapshot.sequence:
                return
            atomic_write(self.path, text.encode("utf-8"))
            self._written = snapshot.sequence


@dataclass(frozen=True)
class ProfileSnapshot:
    """The profile's JSON at one moment; nothing else holds `data`."""

    data: dict[str, Any]
    sequence: int


def read_profile(path: Path) -> tuple[Profile, str | None]:
    """The profile on disk (an empty one when there is none), and why it was not usable."""
    if not path.exists() and not path.is_symlink():
        return Profile(), None
    keep = _("it is left as it is and milestones are kept only until you quit")
    damaged = _("the profile {file} is damaged; {keep}").format(file=path.name, keep=keep)
    try:
        data = json.loads(read_regular(path, MAX_PROFILE_BYTES).decode("utf-8"))
    except UnreadableFile as err:
        return Profile(), _("cannot read the profile {file} ({reason}); {keep}").format(
            file=path.name, reason=err.reason, keep=keep
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Profile(), damaged
    version = data.get("version") if isinstance(data, dict) else None
    if type(version) is int and version > FORMAT_VERSION and data.get("format") == FORMAT:
        return Profile(), (
            _(
                "the profile {file} is version {version}, newer than this game reads "
                "({current}); {keep}"
            ).format(file=path.name, version=version, current=FORMAT_VERSION, keep=keep)
        )
    try:
        return Profile.from_json(data), None
    except (TypeError, ValueError):
        return Profile(), damaged
