"""The teacher's report and a student's journey page: escaped, self-contained, read-only."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.classroom import report as reporting
from game.classroom.students import enrol, student_folder
from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from tests.classroom.conftest import play_student
from tests.conftest import ROOT, SCENES

# Three choices into chapter 1, then its quiz (the first two right, the third wrong).
PLAY_AND_QUIZ = "1\n1\n1\n1\n1\nquiz\n1\n2\n3\n1\nquit\n"


def trotsky(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TROTSKY_CACHE": ""}
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=cwd,
        env=env,
    )


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: its content hash and modification time."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def external_references(html: str) -> list[str]:
    """Anything in a page that could reach the network (the SVG namespace is a name, not a fetch)."""
    links = re.findall(r"(?:\b(?:src|href)\s*=\s*|\burl\(\s*)['\"]?([^'\" >)]+)", html)
    urls = [u for u in re.findall(r"(?:https?:)?//[\w.-]+", html) if "www.w3.org" not in u]
    return links + urls


def test_three_students_give_an_escaped_report_and_three_csv_rows(tmp_path: Path) -> None:
    classroom = tmp_path / "class"
    for name in ("Vera", "<script>alert(1)</script>", "../x"):
        played = play_student(PLAY_AND_QUIZ, classroom, name, scenes=SCENES, cwd=tmp_path)
        assert played.returncode == 0, played.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class"]  # nothing written outside DIR
    before = snapshot(classroom)
    out = tmp_path / "out"
    out.mkdir()
    result = trotsky(
        "report", str(classroom), "--html", "out/r.html", "--csv", "out/r.csv", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert snapshot(classroom) == before  # read-only on the saves

    html = (out / "r.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "../x" in html
    assert external_references(html) == []
    assert "<svg" in html and "<rect" in html  # the chart of chapters reached
    assert "Content-Security-Policy" in html

    rows = list(csv.DictReader(io.StringIO((out / "r.csv").read_text(encoding="utf-8-sig"))))
    assert sorted(row["name"] for row in rows) == sorted(
        ["Vera", "<script>alert(1)</script>", "../x"]
    )
    story = reporting.build(classroom, load_story_or_raise(SCENES)).story
    first = story.chapters[0]
    for row in rows:
        folder = student_folder(classroom, row["name"])
        session = SaveFolder(folder, story).load("autosave").session(story)
        right, total = session.quiz_result(first.id) or (0, 0)
        assert total > 0
        assert row[f"quiz {first.number}: {first.title}"] == f"{right}/{total}"
        assert row["chapter reached"] == str(first.number)
        assert row["endings reached"] == (session.scene.title if session.scene.ending else "")
        assert 0 <= int(row["agreement with history (%)"]) <= 100
        assert int(row["notes read"]) >= 1 and int(row["notes total"]) > int(row["notes read"])


def save_game(classroom: Path, name: str, story: Story, quiz: list[int] | None) -> Path:
    session = Session.new(story)
    for _ in range(3):
        session.choose(1)
    if quiz is not None:
        session.answer_quiz(story.chapters[0].id, quiz)
    return SaveFolder(enrol(classroom, name).folder, story).autosave(session)


def test_questions_are_ordered_by_how_many_got_them_wrong(tmp_path: Path, story: Story) -> None:
    quiz = story.chapters[0].quiz
    right = [q.answer for q in quiz]
    wrong = [q.answer % len(q.options) + 1 for q in quiz]
    save_game(tmp_path, "a", story, [wrong[0], wrong[1], right[2]])
    save_game(tmp_path, "b", story, [wrong[0], right[1], right[2]])
    save_game(tmp_path, "c", story, None)
    built = reporting.build(tmp_path, story)
    missed = built.missed()
    assert [(m.number, m.wrong, m.took) for m in missed] == [(1, 2, 2), (2, 1, 2), (3, 0, 2)]
    assert [count for _, count in built.reached()][:1] == [3]
    html = reporting.to_html(built)
    assert html.index(quiz[0].question.replace("'", "&#39;").replace('"', "&#34;")) < html.index(
        quiz[2].question.replace("'", "&#39;").replace('"', "&#34;")
    )


def test_damaged_and_foreign_files_are_listed_and_left_alone(
    tmp_path: Path, story: Story, mini: Story
) -> None:
    save_game(tmp_path, "good", story, None)
    broken = enrol(tmp_path, "broken").folder
    (broken / "autosave.json").write_bytes(b'{"format": "trotsky-save", "format_vers')
    (broken / "empty.json").write_bytes(b"")
    foreign = enrol(tmp_path, "foreign").folder
    SaveFolder(foreign, mini).autosave(Session.new(mini))
    odd = student_folder(tmp_path, "odd")
    odd.mkdir()
    (odd / ".student.json").write_bytes(b"\x00\xff not json")
    (tmp_path / "notes.txt").write_text("a teacher's note")
    (tmp_path / "elsewhere").symlink_to(ROOT)
    before = snapshot(tmp_path)
    built = reporting.build(tmp_path, story)
    reasons = {item.where: item.reason for item in built.unreadable}
    assert "damaged" in reasons[f"{broken.name}/autosave.json"]
    assert "empty" in reasons[f"{broken.name}/empty.json"]
    assert "another story" in reasons[f"{foreign.name}/autosave.json"]
    assert "damaged" in reasons[odd.name]
    assert reasons["notes.txt"] == "not a student folder"
    assert "link" in reasons["elsewhere"]
    assert {s.name for s in built.students} == {"good", "broken", "foreign", odd.name}
    html, text = reporting.to_html(built), reporting.to_csv(built)
    assert "Unreadable files" in html and text.count("\n") == 5
    assert snapshot(tmp_path) == before


def test_csv_cells_never_start_a_formula(tmp_path: Path, story: Story) -> None:
    save_game(tmp_path, '=HYPERLINK("http://x")', story, None)
    rows = list(csv.reader(io.StringIO(reporting.to_csv(reporting.build(tmp_path, story)))))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_the_report_refuses_to_write_into_the_class_folder(tmp_path: Path) -> None:
    (tmp_path / "class").mkdir()
    result = trotsky("report", "class", "--html", "class/r.html", cwd=tmp_path)
    assert result.returncode == 2 and "outside the class folder" in result.stderr
    missing = trotsky("report", "nowhere", cwd=tmp_path)
    assert missing.returncode == 2 and "not a folder" in missing.stderr


def test_export_shows_one_journey_escaped(tmp_path: Path, story: Story) -> None:
    classroom = tmp_path / "class"
    quiz = [q.answer for q in story.chapters[0].quiz]
    save = save_game(classroom, "<b>Lev</b>", story, quiz)
    result = trotsky("export", str(save), "--html", "journey.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "journey.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Lev&lt;/b&gt;" in html and "<b>Lev" not in html
    assert external_references(html) == []
    session = SaveFolder(save.parent, story).load(save).session(story)
    for entry in session.journal():
        assert entry.note.source.replace('"', "&#34;").replace("'", "&#39;") in html
    assert f"{len(quiz)} of {len(quiz)}" in html
    assert "of my choices were what Trotsky did" in html


@pytest.mark.parametrize("content", [b"", b"not json", b'{"format": "other"}'])
def test_export_of_a_bad_file_is_a_message(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "bad.json").write_bytes(content)
    result = trotsky("export", "bad.json", "--html", "out.html", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "out.html").exists()


def test_validate_imports_neither_jinja_nor_textual_serve() -> None:
    code = (
        "import sys; from game.cli import run; run(['validate']);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'textual_serve', 'aiohttp')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_text_summary_counts_one_student_as_one(tmp_path: Path, story: Story) -> None:
    save_game(tmp_path, "solo", story, None)
    first = reporting.to_text(reporting.build(tmp_path, story)).splitlines()[0]
    assert first.endswith(", 1 student")
    save_game(tmp_path, "duo", story, None)
    assert (
        reporting.to_text(reporting.build(tmp_path, story)).splitlines()[0].endswith(", 2 students")
    )
