"""Student folders: a safe, distinct folder name for any student name, and the PIN record.

`DIR/<slug>-<hash>/` is a student's saves folder. The slug keeps the name readable (letters
of any script, digits), the hash of the exact name keeps two names apart even when their
slugs meet ("Anna" and "anna", "../x" and "x", two long names with the same start) and on
case-insensitive or normalising file systems. The exact name lives in `.student.json`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
import secrets
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine.errors import GameError
from game.engine.saves import atomic_write
from game.i18n import _

RECORD = ".student.json"  # the dot keeps it out of the save list
LOCK = ".student.lock"  # held while a first PIN is given (see claim_pin)
RECORD_FORMAT = "trotsky-student"
MAX_NAME = 60
MAX_SLUG = 40
HASH_CHARS = 10  # 40 bits: no two names of a class (or a school) share a folder
MAX_RECORD_BYTES = 64 * 1024
PIN_PATTERN = re.compile(r"[0-9]{4,8}")
# scrypt at n=2**14, r=8 costs about 16 MiB and some tens of ms: cheap for one login,
# dear for guessing a PIN from a stolen file (a 4-digit PIN remains weak; it keeps honest
# classmates apart, it is no bank).
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))} | {
    f"lpt{i}" for i in range(10)
}
# Invisible characters that reorder or hide text: a name with them reads unlike its bytes.
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class StudentError(GameError):
    """A student name or PIN that cannot be used, with the reason in plain words."""


def clean_name(name: str) -> str:
    """The name as it is kept: NFC, spaces collapsed; raises StudentError if unusable."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise StudentError(_("a student needs a name"))
    if len(name) > MAX_NAME:
        raise StudentError(_("a student name is at most {count} characters").format(count=MAX_NAME))
    for char in name:
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") or char in _BIDI:
            raise StudentError(_("a student name cannot contain control or invisible characters"))
    return name


def folder_name(name: str) -> str:
    """The folder for a student: a readable slug and a short hash of the exact (clean) name."""
    name = clean_name(name)
    slug = "".join(c if unicodedata.category(c)[0] in "LNM" or c in "_" else "-" for c in name)
    slug = "-".join(part for part in slug.split("-") if part)[:MAX_SLUG].strip("-")
    if not slug or slug.casefold() in _WINDOWS_RESERVED:
        slug = f"student-{slug}".strip("-")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:HASH_CHARS]
    return f"{slug}-{digest}"


def student_folder(classroom: Path, name: str) -> Path:
    """`classroom/<folder name>`, always a direct child of the classroom folder."""
    folder = classroom / folder_name(name)
    assert folder.parent == classroom  # the name cannot climb: no separator or dot survives
    return folder


@dataclass(frozen=True, slots=True)
class Student:
    """A student's folder and record: the exact name, and the PIN's salted hash if set."""

    name: str
    folder: Path
    pin: dict[str, Any] | None = None

    @property
    def has_pin(self) -> bool:
        return self.pin is not None

    def check_pin(self, pin: str) -> bool:
        if self.pin is None:
            return False
        try:
            salt = bytes.fromhex(self.pin["salt"])
            expected = bytes.fromhex(self.pin["hash"])
            made = _scrypt(pin, salt, self.pin)
        except (KeyError, TypeError, ValueError, MemoryError):
            return False
        return hmac.compare_digest(made, expected)


def _scrypt(pin: str, salt: bytes, cost: dict[str, Any]) -> bytes:
    n, r, p = (int(cost[k]) for k in ("n", "r", "p"))
    if not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):  # a record must not cost a DoS
        raise ValueError("scrypt cost out of range")
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * 2**20, dklen=32
    )


def hash_pin(pin: str) -> dict[str, Any]:
    """A new salted scrypt hash of a PIN; raises StudentError for a PIN that is not 4-8 digits."""
    if not PIN_PATTERN.fullmatch(pin):
        raise StudentError(_("a PIN is 4 to 8 digits"))
    salt = secrets.token_bytes(16)
    return {
        "scheme": "scrypt",
        **SCRYPT,
        "salt": salt.hex(),
        "hash": _scrypt(pin, salt, SCRYPT).hex(),
    }


def open_student(classroom: Path, name: str) -> Student:
    """The student's record, or a new (unsaved) one when the name is used the first time."""
    name = clean_name(name)
    folder = student_folder(classroom, name)
    record = read_record(folder)
    if record is None:
        return Student(name, folder)
    pin = record.get("pin")
    return Student(name, folder, pin if isinstance(pin, dict) else None)


def read_record(folder: Path) -> dict[str, Any] | None:
    """The folder's `.student.json`, or None when there is none; raises StudentError if damaged."""
    path = folder / RECORD
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            raise StudentError(
                _("{file} in {folder} is not a regular file").format(
                    file=path.name, folder=folder.name
                )
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_RECORD_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise StudentError(
            _("cannot read {file} in {folder}: {error}").format(
                file=path.name, folder=folder.name, error=err.strerror or err
            )
        ) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise StudentError(
            _("{file} in {folder} is damaged").format(file=path.name, folder=folder.name)
        ) from None
    if (
        len(raw) > MAX_RECORD_BYTES
        or not isinstance(data, dict)
        or data.get("format") != RECORD_FORMAT
    ):
        raise StudentError(
            _("{file} in {folder} is not a student record of this game").format(
                file=path.name, folder=folder.name
            )
        )
    return data


def save_student(student: Student) -> Student:
    """Write the record (creating the folder); the PIN is only ever stored hashed."""
    data: dict[str, Any] = {"format": RECORD_FORMAT, "name": student.name}
    if student.pin is not None:
        data["pin"] = student.pin
    student.folder.mkdir(parents=True, exist_ok=True)
    atomic_write(
        student.folder / RECORD, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
    )
    return student


def enrol(classroom: Path, name: str) -> Student:
    """The student's folder for local play (the command line is trusted: no PIN asked)."""
    student = open_student(classroom, name)
    if not (student.folder / RECORD).exists():
        save_student(student)
    return student


def set_pin(student: Student, pin: str) -> Student:
    return save_student(Student(student.name, student.folder, hash_pin(pin)))


def claim_pin(student: Student, pin: str) -> Student | None:
    """Give a name its first PIN, unless another tab gave it one first (then None): two
    students typing the same new name at once must not overwrite each other's PIN. The
    check and the write happen under a lock on the folder's lock file (released by the
    system even if the game is killed); where there is no `fcntl`, the check comes last."""
    pinned = Student(student.name, student.folder, hash_pin(pin))  # slow: before the lock
    student.folder.mkdir(parents=True, exist_ok=True)
    with _folder_lock(student.folder):
        current = read_record(student.folder)
        if current is not None and isinstance(current.get("pin"), dict):
            return None
        return save_student(pinned)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; the re-read above still narrows it
        yield
        return
    with (folder / LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def reset_pin(classroom: Path, name: str) -> Student:
    """Forget a student's PIN: the next login with the name picks a new one. Saves stay."""
    student = open_student(classroom, name)
    if not student.folder.is_dir():
        raise StudentError(
            _("there is no student called {name} in {folder}").format(
                name=repr(name), folder=classroom
            )
        )
    return save_student(Student(student.name, student.folder, None))
