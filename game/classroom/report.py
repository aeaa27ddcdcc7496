"""The teacher's report on a class folder, and one student's journey: data, then HTML/CSV/text.

Read-only on the saves: every file is opened for reading through the engine's SaveFolder,
and scores come from the Session API (comparison, journal, quiz marks), never recomputed
here. A damaged or foreign file is listed with its reason; nothing in it can stop the report.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from game.classroom.students import StudentError, read_record
from game.engine.errors import GameError
from game.engine.findings import plural
from game.engine.model import Chapter, QuizQuestion, Story, paragraphs
from game.engine.saves import SaveFolder
from game.engine.session import QuizMark, Session

if TYPE_CHECKING:
    import jinja2

# What one unreadable file may throw at us beyond the engine's own SaveError.
READ_ERRORS = (GameError, OSError, ValueError, TypeError, KeyError, RecursionError)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


@dataclass
class StudentSummary:
    name: str
    folder: str
    last_played: str = ""  # ISO time of the newest save
    play_seconds: float = 0.0
    chapter: Chapter | None = None  # the furthest chapter reached
    endings: list[str] = field(default_factory=list)
    notes_read: int = 0
    quiz: dict[str, list[QuizMark]] = field(default_factory=dict)  # chapter id -> marks
    agreement: int | None = None  # % of decisions that matched history
    decisions: int = 0

    def quiz_score(self, chapter_id: str) -> tuple[int, int] | None:
        marks = self.quiz.get(chapter_id)
        return None if marks is None else (sum(m.right for m in marks), len(marks))


@dataclass(frozen=True)
class Unreadable:
    where: str  # the folder or file, relative to the class folder
    reason: str


@dataclass(frozen=True)
class MissedQuestion:
    chapter: Chapter
    number: int  # from 1 within the chapter's quiz
    question: QuizQuestion
    wrong: int
    took: int


@dataclass
class ClassReport:
    story: Story
    classroom: str
    students: list[StudentSummary]
    unreadable: list[Unreadable]
    notes_total: int
    generated: str

    @property
    def quiz_chapters(self) -> list[Chapter]:
        return [chapter for chapter in self.story.chapters if chapter.quiz]

    def reached(self) -> list[tuple[Chapter, int]]:
        """How many students reached each chapter (got at least that far)."""
        return [
            (
                chapter,
                sum(1 for s in self.students if s.chapter and s.chapter.number >= chapter.number),
            )
            for chapter in self.story.chapters
        ]

    def missed(self) -> list[MissedQuestion]:
        """Every quiz question someone took, the most often missed first."""
        found = []
        for chapter in self.quiz_chapters:
            taken = [s.quiz[chapter.id] for s in self.students if chapter.id in s.quiz]
            for index, question in enumerate(chapter.quiz):
                took = [marks[index] for marks in taken if index < len(marks)]
                if took:
                    wrong = sum(1 for mark in took if not mark.right)
                    found.append(MissedQuestion(chapter, index + 1, question, wrong, len(took)))
        return sorted(found, key=lambda m: (-m.wrong, m.chapter.number, m.number))


def notes_total(story: Story) -> int:
    return sum(1 for scene in story.scenes.values() for choice in scene.choices if choice.note)


def build(classroom: Path, story: Story) -> ClassReport:
    students: list[StudentSummary] = []
    unreadable: list[Unreadable] = []
    for entry in sorted(classroom.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            unreadable.append(Unreadable(entry.name, "a link; the report does not follow links"))
        elif not entry.is_dir():
            unreadable.append(Unreadable(entry.name, "not a student folder"))
        else:
            try:
                students.append(summarise(entry, story, unreadable))
            except READ_ERRORS as err:
                reason = err.message if isinstance(err, GameError) else type(err).__name__
                unreadable.append(Unreadable(entry.name, f"cannot be read ({reason})"))
    students.sort(key=lambda s: (s.name.casefold(), s.folder))
    now = datetime.now(UTC).isoformat(timespec="minutes")
    return ClassReport(story, classroom.name, students, unreadable, notes_total(story), now)


def summarise(folder: Path, story: Story, unreadable: list[Unreadable]) -> StudentSummary:
    """One student from their folder; their unreadable files are added to `unreadable`."""
    name = folder.name
    try:
        record = read_record(folder)
    except StudentError as err:
        unreadable.append(Unreadable(folder.name, err.message))
        record = None
    if record and isinstance(record.get("name"), str):
        name = record["name"]
    summary = StudentSummary(name, folder.name)
    saves = SaveFolder(folder, story)
    sessions: list[Session] = []
    for slot in saves.slots():  # good saves first, newest first
        if slot.error:
            unreadable.append(Unreadable(f"{folder.name}/{slot.path.name}", slot.error))
            continue
        try:
            sessions.append(saves.load(slot.path).session(story))
        except READ_ERRORS as err:
            reason = err.message if isinstance(err, GameError) else type(err).__name__
            unreadable.append(Unreadable(f"{folder.name}/{slot.path.name}", reason))
            continue
        summary.last_played = max(summary.last_played, slot.updated)
    if not sessions:
        return summary
    newest = sessions[0]
    summary.play_seconds = newest.state.play_seconds
    summary.chapter = furthest_chapter(newest)
    summary.endings = sorted({s.scene.title for s in sessions if s.scene.ending})
    summary.notes_read = len({n for n in newest.state.notes_seen if newest.note(n) is not None})
    for chapter in story.chapters:
        marks = newest.quiz_marks(chapter.id)
        if marks is not None:
            summary.quiz[chapter.id] = marks
    rows = newest.comparison()
    summary.decisions = len(rows)
    if rows:
        summary.agreement = round(100 * sum(1 for row in rows if row.matched) / len(rows))
    return summary


def furthest_chapter(session: Session) -> Chapter:
    story = session.story
    numbers = {
        story.chapter(story.scenes[s].chapter).number
        for s in session.state.visited
        if s in story.scenes
    }
    return next(c for c in story.chapters if c.number == max(numbers))


# -- rendering --------------------------------------------------------------------------------


def minutes(seconds: float) -> str:
    total = round(seconds / 60)
    return f"{total // 60} h {total % 60:02d} min" if total >= 60 else f"{total} min"


def when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ""


def environment() -> jinja2.Environment:
    """Jinja2 with autoescaping on everything: names and story text are data, never markup."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("game.classroom", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(minutes=minutes, when=when, paragraphs=paragraphs)
    return env


def to_html(report: ClassReport) -> str:
    reached = report.reached()
    return str(
        environment()
        .get_template("report.html")
        .render(
            report=report,
            reached=reached,
            most=max([n for _, n in reached] + [1]),
            missed=report.missed(),
        )
    )


def cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(report: ClassReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    quizzes = report.quiz_chapters
    writer.writerow(
        [
            "name",
            "last played",
            "time played (min)",
            "chapter reached",
            "endings reached",
            "notes read",
            "notes total",
            *(f"quiz {c.number}: {c.title}" for c in quizzes),
            "agreement with history (%)",
            "folder",
        ]
    )
    for student in report.students:
        scores = [student.quiz_score(c.id) for c in quizzes]
        writer.writerow(
            [
                cell(student.name),
                when(student.last_played),
                round(student.play_seconds / 60),
                student.chapter.number if student.chapter else "",
                cell("; ".join(student.endings)),
                student.notes_read,
                report.notes_total,
                *(f"{s[0]}/{s[1]}" if s else "" for s in scores),
                "" if student.agreement is None else student.agreement,
                student.folder,
            ]
        )
    return "\ufeff" + out.getvalue()  # the BOM tells spreadsheet programs it is UTF-8


def to_text(report: ClassReport) -> str:
    lines = [
        f"{report.story.title}: class {report.classroom}, {plural(len(report.students), 'student')}"
    ]
    for s in report.students:
        where = f"chapter {s.chapter.number}" if s.chapter else "not started"
        agree = "" if s.agreement is None else f", {s.agreement}% as history"
        lines.append(
            f"  {s.name!r}: {where}, {minutes(s.play_seconds)}, "
            f"notes {s.notes_read}/{report.notes_total}{agree}"
        )
    for item in report.unreadable:
        lines.append(f"  unreadable: {item.where}: {item.reason}")
    return "\n".join(lines) + "\n"


def journey_html(path: Path, story: Story) -> str:
    """One save as a printable page: choices against history, notes read, quiz answers."""
    if not path.is_file():
        raise GameError(f"{path} is not a save file")
    session = SaveFolder(path.parent, story).load(path).session(story)
    name = path.stem
    try:
        record = read_record(path.parent)
    except StudentError:
        record = None
    if record and isinstance(record.get("name"), str):
        name = record["name"]
    rows = session.comparison()
    matched = sum(1 for row in rows if row.matched)
    quizzes = [(c, session.quiz_marks(c.id)) for c in story.chapters if c.quiz]
    return str(
        environment()
        .get_template("journey.html")
        .render(
            story=story,
            name=name,
            session=session,
            chapter=furthest_chapter(session),
            rows=rows,
            matched=matched,
            journal=session.journal(),
            quizzes=[(c, marks) for c, marks in quizzes if marks is not None],
            generated=datetime.now(UTC).isoformat(timespec="minutes"),
        )
    )
