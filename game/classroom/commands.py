"""The classroom's command line: `serve`, `report`, `export`, `class reset-pin`, and the
`--classroom DIR --student NAME` save folder of the playing faces.

Kept light: `trotsky validate` imports this module to build its parser, so Jinja2 and
textual-serve are imported only inside the command that needs them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game import i18n, paths
from game.engine.errors import GameError
from game.engine.storecache import load_story_or_raise

if TYPE_CHECKING:
    from game.engine.editions import Editions
    from game.engine.model import Story
    from game.engine.saves import SaveFolder

COMMANDS = {"serve", "report", "export", "class"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def add_parsers(commands: Any, where: argparse.ArgumentParser) -> None:
    """The classroom's subcommands, beside the authoring ones."""
    serve = commands.add_parser(
        "serve",
        parents=[where],
        help="serve the game to a class's browsers (textual-serve)",
        description="Serve the game in browsers: each tab plays its own game, each student "
        "logs in with a name and a PIN. Ctrl+C stops the server.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--classroom", metavar="DIR", help="the class's folder (default: beside the saves)"
    )
    serve.add_argument(
        "--max-players", type=int, default=40, metavar="N", help="games at once (default: 40)"
    )
    serve.add_argument(
        "--warm",
        type=int,
        default=4,
        metavar="N",
        help="games started ahead, so a new tab plays at once (default: 4; a class: its size)",
    )
    report = commands.add_parser(
        "report", parents=[where], help="the teacher's report on a class folder (read-only)"
    )
    report.add_argument("dir", metavar="DIR", help="the class's folder")
    report.add_argument("--html", metavar="FILE", help="write a self-contained HTML page")
    report.add_argument("--csv", metavar="FILE", help="write one CSV row per student")
    export = commands.add_parser(
        "export", parents=[where], help="one save's journey as a printable HTML page"
    )
    export.add_argument("save", metavar="SAVE_FILE", help="a save file (.json)")
    export.add_argument("--html", metavar="FILE", required=True, help="the page to write")
    manage = commands.add_parser("class", help="manage a class folder")
    actions = manage.add_subparsers(dest="action", metavar="ACTION", required=True)
    reset = actions.add_parser("reset-pin", help="forget a student's PIN; their saves stay")
    reset.add_argument("dir", metavar="DIR", help="the class's folder")
    reset.add_argument("name", metavar="NAME", help="the student's name, as they typed it")


def saves_folder(args: argparse.Namespace) -> Path | None:
    """The saves folder `--classroom DIR --student NAME` (or a served game) plays in, or None."""
    if args.served:
        return Path(args.served)
    if args.classroom is None and args.student is None:
        return None
    if not (args.classroom and args.student):
        raise GameError("--classroom DIR and --student NAME go together")
    if args.saves:
        raise GameError("use either --saves or --classroom, not both")
    from game.classroom.students import enrol

    return enrol(Path(args.classroom).expanduser(), args.student).folder


def default_classroom() -> Path:
    return paths.saves_dir(None).parent / "classroom"


def run(args: argparse.Namespace, scenes: Path) -> int:
    if args.command == "class":
        from game.classroom.students import reset_pin

        student = reset_pin(Path(args.dir).expanduser(), args.name)
        print(f"The PIN of {student.name!r} is forgotten: the next login picks a new one.")
        return 0
    story = load_story_or_raise(scenes, paths.cache_dir())
    if args.command == "report":
        return report(args, story)
    if args.command == "export":
        return export(args, story)
    from game.classroom.server import serve

    language = i18n.choose(getattr(args, "lang", None))
    if language != i18n.ENGLISH:  # the school page speaks the class's language too
        from game.engine.editions import Editions

        i18n.set_language(language)
        story = Editions(story, scenes).story(language)[0]
    classroom = Path(args.classroom).expanduser() if args.classroom else default_classroom()
    return serve(
        scenes=scenes,
        classroom=classroom,
        host=args.host,
        port=args.port,
        max_players=args.max_players,
        warm=args.warm,
        title=story.title,
        language=language,
    )


def report(args: argparse.Namespace, story: Story) -> int:
    import game.classroom.report as reporting

    folder = Path(args.dir).expanduser()
    if not folder.is_dir():
        raise GameError(f"{folder} is not a folder")
    result = reporting.build(folder, story)
    if args.html:
        write(Path(args.html), reporting.to_html(result), folder)
    if args.csv:
        write(Path(args.csv), reporting.to_csv(result), folder)
    if not (args.html or args.csv):
        sys.stdout.write(reporting.to_text(result))
    return 0


def export(args: argparse.Namespace, story: Story) -> int:
    import game.classroom.report as reporting

    page = reporting.journey_html(Path(args.save).expanduser(), story)
    write(Path(args.html), page, None)
    return 0


def write(path: Path, text: str, classroom: Path | None) -> None:
    """Write a report file; never over a save (the report is read-only on the class folder)."""
    if path.suffix.lower() == ".json" or (
        classroom is not None and path.resolve().is_relative_to(classroom.resolve())
    ):
        raise GameError(f"{path}: write the report outside the class folder, not as a .json file")
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as err:
        raise GameError(f"cannot write {path}: {err.strerror or err}") from None
    print(f"wrote {path}")


def play_served(
    story: Story, saves: SaveFolder, server_pid: int | None, editions: Editions | None = None
) -> int:
    """The game a browser tab runs under `trotsky serve`: it starts by asking who plays."""
    from game.classroom.served import ClassroomApp

    ClassroomApp(story, saves, server_pid, editions).run()
    return 0
