"""Transcripts: a plain-mode session as text, recorded once and replayed to catch every change.

A transcript is a short header, a `---` line, then the session: what the game printed, and
each line the player typed marked with `> `. A printed line that could be mistaken for a
typed one (it starts with `>` or `\\`) is written with a `\\` in front. The saves go to a fresh
temporary folder, and its path and clock times are written as `<saves>` and `<time>`, so a
transcript does not depend on the machine, the day, or the player's own saves.
"""

from __future__ import annotations

import difflib
import io
import re
import shlex
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from game.engine.errors import GameError
from game.engine.findings import shown_path
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session

SEPARATOR = "---"
UPDATE_ALL = "trotsky replay --update tests/transcripts/*"
HEADER = [
    "# A trotsky transcript: what the game printed; lines starting with `> ` are what the player typed.",
    "# Check it: trotsky replay FILE   After a wanted change: trotsky replay --update FILE",
]
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
# A clock time: ISO (`2026-12-04T14:44:05+00:00`) or as read (`4 Dec 2026, 15:44`); a story
# date has no hour, so `21 August 1902` is left alone.
_CLOCK = re.compile(
    r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
    rf"|\d{{1,2}} {_MONTH} \d{{4}},? \d{{1,2}}:\d{{2}}(?::\d{{2}})?"
)


class TranscriptError(GameError):
    """A file that is not a transcript."""


@dataclass
class Transcript:
    args: list[str] = field(default_factory=list)  # --start / --set, as typed
    lines: list[str] = field(default_factory=list)  # the session, escaped as in the file

    @property
    def inputs(self) -> list[str]:
        return [line[2:] if line != ">" else "" for line in self.lines if is_typed(line)]

    def text(self) -> str:
        header = [*HEADER, *([f"# args: {shlex.join(self.args)}"] if self.args else [])]
        return "\n".join([*header, SEPARATOR, *self.lines]) + "\n"

    @classmethod
    def parse(cls, text: str, where: str) -> Transcript:
        lines = text.splitlines()
        if SEPARATOR not in lines or not all(
            line.startswith("#") for line in lines[: lines.index(SEPARATOR)]
        ):
            raise TranscriptError(
                f"{where} is not a transcript: it needs `#` header lines, then a `---` line; "
                "make one with `trotsky record FILE`"
            )
        cut = lines.index(SEPARATOR)
        args: list[str] = []
        for line in lines[:cut]:
            if line.startswith("# args:"):
                args = shlex.split(line[len("# args:") :])
        return cls(args, lines[cut + 1 :])


def is_typed(line: str) -> bool:
    return line == ">" or line.startswith("> ")


def escaped(line: str) -> str:
    """A printed line as the transcript writes it, so it can never pass for a typed one."""
    return "\\" + line if line.startswith((">", "\\")) else line


class Tape:
    """Both ends of the plain game: reads the player's lines from `source`, takes what the
    game prints, and writes the transcript lines (with the scene the game was in at each)."""

    def __init__(self, source: TextIO, echo: TextIO | None, saves: Path) -> None:
        self.source = source
        self.echo = echo
        self.lines: list[str] = []
        self.scenes: list[str] = []
        self.pending = ""
        self.scene: Callable[[], str] = lambda: ""
        self.hidden = sorted({str(saves), str(saves.resolve())}, key=len, reverse=True)

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if self.echo is not None:
            self.echo.write(text)
        self.pending += text
        while "\n" in self.pending:
            line, _, self.pending = self.pending.partition("\n")
            self._add(escaped(self._normal(line)))
        return len(text)

    def flush(self) -> None:
        if self.echo is not None:
            self.echo.flush()

    def readline(self, size: int | None = -1) -> str:
        line = self.source.readline(-1 if size is None else size)
        if not line:
            return ""  # end of input: the prompt stays part of what was printed
        prompt, self.pending = self.pending, ""
        if prompt.strip() != ">":  # another prompt (a quiz's): keep it as printed text
            self._add(escaped(self._normal(prompt)))
        self._add(f"> {line.strip()}".rstrip())
        return line

    def finish(self) -> None:
        if self.pending:
            self._add(escaped(self._normal(self.pending)))
            self.pending = ""

    def _add(self, line: str) -> None:
        self.lines.append(line)
        self.scenes.append(self.scene())

    def _normal(self, line: str) -> str:
        for path in self.hidden:
            line = line.replace(path, "<saves>")
        return _CLOCK.sub("<time>", line).rstrip()


def play(
    story: Story, args: list[str], source: TextIO, echo: TextIO | None = None
) -> tuple[Transcript, list[str]]:
    """Play plain mode on `source`; the transcript, and the scene id of each of its lines."""
    from game.cli import starting_session
    from game.plain import PlainGame

    start, settings = _options(args)
    with tempfile.TemporaryDirectory(prefix="trotsky-transcript-") as folder:
        saves = Path(folder) / "saves"
        tape = Tape(source, echo, saves)
        session = starting_session(story, start, settings) or Session.new(story)
        game = PlainGame(session, SaveFolder(saves, story), tape, tape)  # type: ignore[arg-type]
        tape.scene = lambda: game.session.state.scene
        game.run()
        tape.finish()
    return Transcript(list(args), tape.lines), tape.scenes


def _options(args: list[str]) -> tuple[str | None, list[str]]:
    start: str | None = None
    settings: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--start":
            start = next(words, None)
        elif word == "--set":
            settings.append(next(words, ""))
        else:
            raise TranscriptError(f"unexpected `{word}` in the transcript's args")
    return start, settings


# -- replaying -------------------------------------------------------------------------------


@dataclass
class Replayed:
    path: Path
    recorded: Transcript
    played: Transcript
    scenes: list[str]

    @property
    def same(self) -> bool:
        return self.recorded.lines == self.played.lines


def replay_file(story: Story, path: Path) -> Replayed:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise TranscriptError(f"cannot read {shown_path(path)}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise TranscriptError(f"{shown_path(path)} is not UTF-8 text") from None
    recorded = Transcript.parse(text, shown_path(path))
    source = io.StringIO("".join(f"{line}\n" for line in recorded.inputs))
    played, scenes = play(story, recorded.args, source)
    return Replayed(path, recorded, played, scenes)


def diff(replayed: Replayed, story: Story, scenes_dir: Path) -> list[str]:
    """A unified diff of recorded against played, each hunk headed by the scene and the YAML
    file:line of the text that changed."""
    old, new = replayed.recorded.lines, replayed.played.lines
    where = shown_path(replayed.path)
    lines = [f"--- {where} (recorded)", f"+++ {where} (played now)"]
    finder = TextFinder(story, scenes_dir)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(3):
        first, last = group[0], group[-1]
        changed_new = [
            new[j] for tag, _, _, j1, j2 in group if tag != "equal" for j in range(j1, j2)
        ]
        changed_old = [
            old[i] for tag, i1, i2, _, _ in group if tag != "equal" for i in range(i1, i2)
        ]
        at = next(
            (found for line in changed_new + changed_old if (found := finder.find(line))), None
        )
        if at is None:  # text that is in no file (a deleted line, a menu): where the game was
            index = min(next((j for t, _, _, j, _ in group if t != "equal"), 0), len(new) - 1)
            scene_id = replayed.scenes[index] if new else story.start
            scene = story.scenes.get(scene_id)
            at = (scene_id, str(scene.location) if scene else "?")
        lines.append(
            f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@"
            f" scene `{at[0]}` at {at[1]}"
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [f" {line}" for line in old[i1:i2]]
                continue
            lines += [f"-{line}" for line in old[i1:i2]]
            lines += [f"+{line}" for line in new[j1:j2]]
    return lines


class TextFinder:
    """Finds which YAML line (and so which scene) a printed line of story text comes from."""

    def __init__(self, story: Story, scenes_dir: Path) -> None:
        self.files: list[tuple[str, list[str], list[tuple[int, str]]]] = []
        for chapter in story.chapters:
            path = scenes_dir / chapter.file
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                continue
            flat = [" ".join(line.split()) for line in text.splitlines()]
            starts = sorted(
                (s.location.line, s.id) for s in story.scenes.values() if s.chapter == chapter.id
            )
            self.files.append((shown_path(path), flat, starts))

    def find(self, printed: str) -> tuple[str, str] | None:
        words = printed.lstrip("\\").split()
        if words and re.fullmatch(r"\d+\.", words[0]):
            words = words[1:]  # an offered choice: "  2. Go outside"
        if len(words) < 3:
            return None  # too short to say where it comes from
        size = min(len(words), 5)
        windows = {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
        for shown, flat, starts in self.files:
            for number, line in enumerate(flat, 1):
                if any(window in line for window in windows):
                    scene = next((sid for start, sid in reversed(starts) if start <= number), "?")
                    return scene, f"{shown}:{number}"
        return None


def route_to(story: Story, ending: str, args: list[str]) -> list[str]:
    """The lines to type to reach `ending` (`history`: Trotsky's choice wherever there is one)."""
    from game.cli import starting_session
    from game.engine.walker import Graph

    start, settings = _options(args)
    session = starting_session(story, start, settings) or Session.new(story)
    if ending == "history":
        typed: list[str] = []
        while not session.is_over and len(typed) < 10_000:
            options = session.options()
            if not options:
                break
            pick = next((o for o in options if o.choice and o.choice.history), options[0])
            typed.append(str(pick.number))
            session.choose(pick.number)
        return typed
    if ending not in Graph(story).endings:
        raise TranscriptError(f"`{ending}` is not an ending of the story")
    if args:
        raise TranscriptError("--to ENDING plays from the start: leave out --start and --set")
    from game.tools.quicktest import quicktest

    route = quicktest(story, routes=True).routes.get(ending)
    if route is None:
        raise TranscriptError(f"no playthrough reaches `{ending}`; see `trotsky quicktest`")
    return [str(number) for number in route]


def record_file(
    story: Story, path: Path, args: list[str], source: TextIO, echo: TextIO | None
) -> Path:
    transcript, _ = play(story, args, source, echo)
    try:
        path.write_text(transcript.text(), encoding="utf-8")
    except OSError as err:
        raise TranscriptError(f"cannot write {shown_path(path)}: {err.strerror}") from None
    return path


def transcript_files(paths: list[str]) -> Iterator[Path]:
    """The files named, with a folder standing for the transcripts in it."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(path.glob("*.transcript"))
        else:
            yield path
