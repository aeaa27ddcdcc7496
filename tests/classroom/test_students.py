"""Student folders: safe and distinct for any name; PINs kept only as salted scrypt hashes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.classroom.students import (
    RECORD,
    StudentError,
    enrol,
    folder_name,
    open_student,
    reset_pin,
    set_pin,
    student_folder,
)
from tests.classroom.conftest import play_student

HOSTILE = [
    "../x",
    "..",
    "/etc/passwd",
    "a/b\\c",
    "<script>alert(1)</script>",
    "CON",
    "nul",
    "COM1",
    "x" * 60,
    "Анна Петровна",
    "李小龙",
    "नमस्ते",
    "Zoë",
    ".hidden",
    "trailing dots...",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_every_name_gets_one_plain_folder_inside_the_classroom(name: str, tmp_path: Path) -> None:
    folder = student_folder(tmp_path, name)
    assert folder.parent == tmp_path
    assert not folder.name.startswith(".") and not folder.name.endswith((".", " "))
    assert "/" not in folder.name and "\\" not in folder.name and ".." not in folder.name
    assert folder.name.split("-")[0].casefold() not in {"con", "nul", "com1", "prn", "aux"}
    assert len(folder.name.encode("utf-8")) <= 255
    assert folder_name(name) == folder_name(name)  # stable: the same student finds the folder


def test_unicode_letters_are_kept_readable() -> None:
    assert folder_name("Анна Петровна").startswith("Анна-Петровна-")
    assert folder_name("Zoë").startswith("Zoë-")
    assert folder_name("李小龙").startswith("李小龙-")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Anna", "anna"),
        ("../x", "x"),
        ("a b", "a-b"),
        ("x" * 50 + "1", "x" * 50 + "2"),
        ("a/b", "a\\b"),
    ],
)
def test_two_names_never_share_a_folder(first: str, second: str) -> None:
    assert folder_name(first) != folder_name(second)
    assert folder_name(first).casefold() != folder_name(second).casefold()  # case-blind disks


def test_spacing_and_unicode_forms_are_one_name() -> None:
    assert folder_name("  Zoe\u0308  Smith ") == folder_name("Zoë Smith")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("a\x00b", "control"),
        ("a\x1b]52;c;x\x07", "control"),
        ("evil\u202etxt", "invisible"),
        ("x" * 61, "at most 60"),
    ],
)
def test_unusable_names_are_refused_with_a_reason(name: str, words: str) -> None:
    with pytest.raises(StudentError) as caught:
        folder_name(name)
    assert words in caught.value.message


def test_the_pin_is_stored_only_as_a_salted_scrypt_hash(tmp_path: Path) -> None:
    student = set_pin(enrol(tmp_path, "Vera"), "4711")
    text = (student.folder / RECORD).read_text()
    assert "4711" not in text
    record = json.loads(text)
    assert record["name"] == "Vera" and record["pin"]["scheme"] == "scrypt"
    again = open_student(tmp_path, "Vera")
    assert again.check_pin("4711") and not again.check_pin("4712") and not again.check_pin("")
    other = set_pin(enrol(tmp_path, "Ivan"), "4711")
    assert other.pin is not None and again.pin is not None
    assert other.pin["hash"] != again.pin["hash"]  # salted: the same PIN hashes differently


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", " 1234", "١٢٣٤"])
def test_a_pin_is_four_to_eight_ascii_digits(pin: str, tmp_path: Path) -> None:
    with pytest.raises(StudentError):
        set_pin(enrol(tmp_path, "Vera"), pin)


def test_reset_pin_forgets_the_pin_and_keeps_the_saves(tmp_path: Path) -> None:
    student = set_pin(enrol(tmp_path, "Vera"), "4711")
    (student.folder / "autosave.json").write_text("{}")
    reset_pin(tmp_path, "Vera")
    assert not open_student(tmp_path, "Vera").has_pin
    assert (student.folder / "autosave.json").read_text() == "{}"
    with pytest.raises(StudentError):
        reset_pin(tmp_path, "Nobody")


def test_a_damaged_record_is_reported_not_trusted(tmp_path: Path) -> None:
    student = set_pin(enrol(tmp_path, "Vera"), "4711")
    (student.folder / RECORD).write_text(
        '{"format": "trotsky-student", "pin": {"n": 2, "salt": 1}}'
    )
    assert not open_student(tmp_path, "Vera").check_pin("4711")
    (student.folder / RECORD).write_bytes(b"\xff")
    with pytest.raises(StudentError):
        open_student(tmp_path, "Vera")


def test_plain_play_with_classroom_saves_in_the_students_folder(tmp_path: Path) -> None:
    classroom = tmp_path / "class"
    first = play_student("1\nquit\n", classroom, "../x", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    folder = student_folder(classroom, "../x")
    assert (folder / "autosave.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class"]  # nothing outside DIR
    resumed = play_student("quit\n", classroom, "../x", "--continue", cwd=tmp_path)
    assert resumed.returncode == 0
    assert "-- The yard --" in resumed.stdout  # where the first choice led


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--classroom", "c"], "go together"),
        (["--student", "x"], "go together"),
        (["--classroom", "c", "--student", "x", "--saves", "s"], "not both"),
        (["--classroom", "c", "--student", "\x07"], "control"),
    ],
)
def test_classroom_flags_misused_give_a_message(
    args: list[str], words: str, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "game", "--plain", *args],
        input="quit\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def _claim(args: tuple[str, str, str]) -> bool:
    from game.classroom.students import claim_pin

    classroom, name, pin = args
    return claim_pin(open_student(Path(classroom), name), pin) is not None


def test_two_tabs_giving_a_new_name_its_first_pin_at_once_cannot_both_win(
    tmp_path: Path,
) -> None:
    """Eight processes claim the same new name with eight PINs: one wins, the others are
    told the name has a PIN now, and the winner's PIN is the one that opens it."""
    import multiprocessing

    pins = [f"{n}{n}{n}{n}" for n in range(1, 9)]
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        won = pool.map(_claim, [(str(tmp_path), "Ana", pin) for pin in pins])
    assert won.count(True) == 1
    winner = pins[won.index(True)]
    student = open_student(tmp_path, "Ana")
    assert [pin for pin in pins if student.check_pin(pin)] == [winner]
