"""The `trotsky` command: play (Textual or --plain) and the authoring commands.

Only playing in the Textual UI imports Textual; everything else stays light.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game import __version__, i18n, paths
from game.classroom import commands as classroom
from game.engine.editions import Editions
from game.engine.errors import GameError, StoryError
from game.engine.findings import shown_path, suggest
from game.engine.sanitize import clean, first_control
from game.engine.storecache import load_story_or_raise
from game.i18n import _

if TYPE_CHECKING:  # playing needs these; `validate`, `graph` and `playtest` do not
    from game.engine.model import Story
    from game.engine.saves import SaveFolder
    from game.engine.session import Session

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
# A start with none but these (or no arguments) cannot name a command: the commands' dozen
# parsers are not built for it (~2.5 ms of the game's start).
NO_COMMAND = {"--continue", "--plain", "--dev"}


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--scenes",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the story folder (default: scenes/ of the checkout; env TROTSKY_SCENES)",
    )
    where.add_argument(
        "--lang",
        metavar="CODE",
        default=argparse.SUPPRESS,
        help="the language, e.g. `es` (default: env TROTSKY_LANG, else the locale's, else English)",
    )
    parser = argparse.ArgumentParser(
        prog="trotsky",
        description="Trotsky: The Prophet's Road, a text adventure through Leon Trotsky's life.",
        parents=[where],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--saves", metavar="DIR", help="the saves folder (env TROTSKY_SAVES)")
    parser.add_argument("--plain", action="store_true", help="play line by line on stdin/stdout")
    parser.add_argument(
        "--continue", dest="resume", action="store_true", help="resume the newest save"
    )
    parser.add_argument("--load", metavar="NAME", help="resume the save called NAME")
    parser.add_argument(
        "--dev", action="store_true", help="reload the story whenever a scene file changes"
    )
    parser.add_argument("--start", metavar="SCENE", help="start a new game at this scene")
    parser.add_argument(
        "--set",
        metavar="VAR=VALUE",
        action="append",
        default=[],
        help="start with this variable set (repeatable)",
    )
    parser.add_argument("--classroom", metavar="DIR", help="a class's folder: play as --student")
    parser.add_argument("--student", metavar="NAME", help="the student playing (with --classroom)")
    parser.add_argument("--served", metavar="DIR", help=argparse.SUPPRESS)  # `trotsky serve`'s game
    parser.add_argument("--server-pid", type=int, help=argparse.SUPPRESS)  # the game's server
    if not commands:
        parser.set_defaults(command=None)
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = subparsers.add_parser(
        "validate",
        parents=[where],
        help="check the story files and print every problem",
        description="Check the story files. Exit 0: no errors; 1: errors (or warnings with --strict); 2: bad usage.",
    )
    check.add_argument("--json", action="store_true", help="print findings and counts as JSON")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--content",
        action="store_true",
        help="list, for a teacher, which chapters and scenes carry which content notes",
    )
    graph = subparsers.add_parser(
        "graph", parents=[where], help="draw the story map (Graphviz dot or Mermaid)"
    )
    graph.add_argument("--format", choices=["dot", "mermaid"], default="dot")
    graph.add_argument("--chapter", metavar="ID", help="only this chapter's scenes")
    graph.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    test = subparsers.add_parser(
        "playtest",
        parents=[where],
        help="play many random games and report coverage, endings and dead ends",
        description="Random playthroughs. Exit 0: no error; 1: a dead end or engine error.",
    )
    test.add_argument("--runs", type=int, default=1000, metavar="N")
    test.add_argument("--seed", type=int, default=1, metavar="S")
    test.add_argument("--json", action="store_true", help="print the report as JSON")
    test.add_argument("--replay", type=int, metavar="RUN", help="show one run, choice by choice")
    quick = subparsers.add_parser(
        "quicktest",
        parents=[where],
        help="search every reachable state: choices never open, scenes never reached, soft locks",
        description="Exhaustive search of the story's states. Exit 0: no errors; 1: errors (or warnings with --strict).",
    )
    quick.add_argument("--json", action="store_true", help="print the report as JSON")
    quick.add_argument("--strict", action="store_true", help="treat warnings as errors")
    quick.add_argument(
        "--budget", type=int, default=200_000, metavar="N", help="stop after N states"
    )
    record = subparsers.add_parser(
        "record",
        parents=[where],
        help="play in plain mode and write the session to a transcript",
        description="Play in plain mode (saves go to a temporary folder) and write a transcript.",
    )
    record.add_argument("file", metavar="FILE")
    record.add_argument("--start", metavar="SCENE", default=argparse.SUPPRESS)
    record.add_argument("--set", metavar="VAR=VALUE", action="append", default=argparse.SUPPRESS)
    record.add_argument(
        "--to",
        metavar="ENDING",
        help="play by itself to this ending (`history`: Trotsky's own choices), then `1`, `path`",
    )
    replay = subparsers.add_parser(
        "replay",
        parents=[where],
        help="play transcripts again and show how the output differs",
        description="Replay transcripts. Exit 0: all the same; 1: a difference (shown as a diff).",
    )
    replay.add_argument("files", metavar="FILE", nargs="+")
    replay.add_argument("--update", action="store_true", help="rewrite the transcripts that differ")
    scaffold = subparsers.add_parser(
        "new-scene", parents=[where], help="append a scene skeleton to a chapter file"
    )
    scaffold.add_argument("id", help="the new scene's id")
    scaffold.add_argument("--chapter", required=True, metavar="ID")
    classroom.add_parsers(subparsers, where)
    translate = subparsers.add_parser(
        "translate",
        parents=[where],
        help="start a translation file: the English text and its fingerprints, to overwrite",
        description="Write scenes/CODE/FILE for one part of the story (it must not exist yet).",
    )
    translate.add_argument(
        "part", metavar="PART", help="a chapter id, `glossary`, `timeline` or `story`"
    )
    return parser


def tolerant_streams() -> None:
    """Never a UnicodeError on the standard streams: invalid input bytes become U+FFFD, and
    what an ASCII-only (or other narrow) output cannot show is written as `\\u2014`."""
    for stream, errors in (
        (sys.stdin, "replace"),
        (sys.stdout, "backslashreplace"),
        (sys.stderr, "backslashreplace"),
    ):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # closed or unusual: leave it
                reconfigure(errors=errors)


def has_terminal() -> bool:
    """Whether the terminal UI can run here: stdin and stdout both a terminal."""
    try:
        return bool(sys.stdin and sys.stdout and sys.stdin.isatty() and sys.stdout.isatty())
    except (OSError, ValueError):  # a closed stream
        return False


NO_TERMINAL = "trotsky: the game needs a terminal (stdin and stdout); to play without one, use `trotsky --plain`"


def main(argv: list[str] | None = None) -> int:
    tolerant_streams()
    try:
        return run(argv)
    except BrokenPipeError:  # `trotsky graph | head`: the reader left; nothing more to say
        sys.stderr.close()
        return EXIT_OK


def run(argv: list[str] | None) -> int:
    given = sys.argv[1:] if argv is None else argv
    args = build_parser(commands=not set(given) <= NO_COMMAND).parse_args(given)
    # a served game talks to textual-serve over pipes, through Textual's web driver
    served = getattr(args, "served", False)
    terminal_ui = not args.command and not args.plain and not served
    if not terminal_ui:
        gc.enable()  # game.launch paused it for the terminal UI's start only
    scenes = paths.scenes_dir(getattr(args, "scenes", None))
    language = i18n.choose(getattr(args, "lang", None))
    if not i18n.LANGUAGE.match(language) or (
        language not in i18n.available()
        and not (scenes / language).is_dir()
        and args.command != "translate"  # which starts a new language
    ):
        known = ", ".join(i18n.available())
        print(
            f"trotsky: there is no `{clean(language)}` translation (known: {known})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if language == i18n.ENGLISH:
        i18n.set_language(language)  # loads nothing; a run before may have spoken another
    if args.command == "validate":
        return validate(
            scenes, as_json=args.json, strict=args.strict, content=args.content, language=language
        )
    if terminal_ui and not has_terminal():
        print(NO_TERMINAL, file=sys.stderr)  # before any work: Textual would hang or crash
        return EXIT_USAGE
    try:
        if args.command in classroom.COMMANDS:
            return classroom.run(args, scenes)
        cache = paths.cache_dir()
        if cache is None and paths.home() is None and "TROTSKY_CACHE" not in os.environ:
            print(paths.NO_HOME_CACHE, file=sys.stderr)
        english = load_story_or_raise(scenes, cache)
        if args.command:
            return run_tool(args, english, scenes)
        folder = classroom.saves_folder(args) or paths.saves_dir(args.saves)
        if not asked_language(args) and not args.served:
            language = saved_language(folder, language)
        editions = Editions(english, scenes)
        story = translated(editions, language)
        start = starting_session(story, args.start, args.set)
    except StoryError as err:
        for finding in err.findings:
            print(clean(str(finding)), file=sys.stderr)
        print(f"trotsky: {err.message}; run `trotsky validate` for details", file=sys.stderr)
        return EXIT_USAGE
    except GameError as err:
        print(f"trotsky: {err.message}", file=sys.stderr)
        return EXIT_USAGE
    from game.engine.saves import SaveFolder

    saves = SaveFolder(folder, story)
    if args.served:
        return classroom.play_served(story, saves, args.server_pid, editions)
    if args.plain:
        return play_plain(story, saves, args, start, editions)
    from game.ui.app import TrotskyApp  # Textual is imported only to play in the terminal UI

    resume = "newest" if args.resume else args.load
    app = TrotskyApp(
        story,
        saves,
        resume=resume,
        start=start,
        watch=scenes if args.dev else None,
        editions=editions,
    )
    app.run()
    return app.return_code or EXIT_OK  # 1 when the game could not be saved on quitting


def translated(editions: Editions, language: str) -> Story:
    """The story in `language` where its overlay has it, and the interface's words too."""
    i18n.set_language(language)
    story, problem = editions.story(language)
    if problem:
        print(f"trotsky: {problem}", file=sys.stderr)
    return story


def asked_language(args: argparse.Namespace) -> bool:
    """Whether the player named a language for this run (`--lang` or TROTSKY_LANG)."""
    return bool(getattr(args, "lang", None) or os.environ.get("TROTSKY_LANG"))


def saved_language(folder: Path, default: str) -> str:
    """The language last chosen in the game's settings, when it is still one the game has."""
    from game.engine.settings import SETTINGS_FILE, Settings

    chosen = Settings.load(folder / SETTINGS_FILE)[0].language
    return chosen if chosen in i18n.available() else default


def starting_session(story: Story, scene: str | None, settings: list[str]) -> Session | None:
    """A new game at `--start SCENE` with `--set var=value`s, or None for the usual start."""
    if scene is None and not settings:
        return None
    from game.engine.session import Session

    session = Session.new(story)
    if scene is not None:
        if scene not in story.scenes:
            hint = suggest(scene, story.scenes)
            raise GameError(f"--start: there is no scene `{scene}`" + (f"; {hint}" if hint else ""))
        session.state.scene = scene
    for setting in settings:
        name, _equals, raw = setting.partition("=")
        variable = story.variables.get(name.strip())
        if variable is None or not raw:
            hint = suggest(name, story.variables)
            raise GameError(
                f"--set {setting}: expected VAR=VALUE with a declared variable"
                + (f"; {hint}" if hint else "")
            )
        value = parse_value(raw.strip(), variable.kind, setting)
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and variable.clamp(value) != value
        ):
            low = "" if variable.minimum is None else f" from {variable.minimum}"
            high = "" if variable.maximum is None else f" to {variable.maximum}"
            raise GameError(f"--set {setting}: `{variable.name}` runs{low}{high}")
        session.state.variables[variable.name] = value
    return session


def parse_value(raw: str, kind: str, setting: str) -> bool | int | str:
    if kind == "flag":
        if raw.lower() not in ("true", "false"):
            raise GameError(f"--set {setting}: a flag is `true` or `false`")
        return raw.lower() == "true"
    if kind == "counter":
        try:
            if not re.fullmatch(r"-?[0-9]{1,9}", raw):  # no `1_000`, no other scripts' digits
                raise ValueError(raw)
            return int(raw)
        except ValueError:
            raise GameError(f"--set {setting}: a counter takes a whole number") from None
    if first_control(raw) is not None:
        raise GameError(f"--set {setting}: a text value cannot hold control characters")
    return raw


def run_tool(args: argparse.Namespace, story: Story, scenes: Path) -> int:
    """The authoring commands that need a loaded story: graph, playtest, new-scene."""
    if args.command == "graph":
        from game.tools.graph import to_dot, to_mermaid

        if args.chapter and args.chapter not in {c.id for c in story.chapters}:
            raise GameError(f"there is no chapter `{args.chapter}`")
        render = to_dot if args.format == "dot" else to_mermaid
        text = render(story, args.chapter)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
            print(f"wrote {args.output}")
        else:
            sys.stdout.write(text)
        return EXIT_OK
    if args.command == "playtest":
        from game.tools import playtest

        if args.replay is not None:
            print("\n".join(playtest.replay(story, args.seed, args.replay)))
            return EXIT_OK
        report = playtest.playtest(story, max(1, args.runs), args.seed)
        if args.json:
            print(json.dumps(report.to_json(), indent=2))
        else:
            print("\n".join(playtest.render(report, story)))
        return EXIT_FINDINGS if report.errors else EXIT_OK
    if args.command in ("quicktest", "record", "replay"):
        from game.tools.storytest import run_command

        return run_command(args, story, scenes)
    if args.command == "translate":
        return start_translation(story, scenes, getattr(args, "lang", None), args.part)
    from game.tools.scaffold import new_scene

    path = new_scene(story, scenes, args.id, args.chapter)
    print(
        f"added scene `{args.id}` to {shown_path(path)}; fill in its TODOs, then `trotsky validate`"
    )
    return EXIT_OK


def start_translation(story: Story, scenes: Path, language: str | None, part: str) -> int:
    from game.tools.translate import skeleton

    if not language or language == i18n.ENGLISH or not i18n.LANGUAGE.match(language):
        raise GameError("translate needs --lang CODE, the code of the new language (e.g. `es`)")
    name, text = skeleton(story, part)
    target = scenes / language / name
    if target.exists():
        raise GameError(
            f"{shown_path(target)} exists already; `trotsky validate --lang {language}` shows what is left"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {shown_path(target)}: overwrite each English text with its translation")
    return EXIT_OK


def play_plain(
    story: Story,
    saves: SaveFolder,
    args: argparse.Namespace,
    start: Session | None,
    editions: Editions | None = None,
) -> int:
    from game.engine.session import Session
    from game.plain import PlainGame

    session = start or Session.new(story)
    notices: tuple[str, ...] = ()
    target: str | Path | None = args.load
    if args.resume:
        newest = saves.newest()
        target = newest.path if newest else None
        if newest is None:
            print(_("{reason} Starting a new game.").format(reason=saves.why_none()))
    if target is not None:
        try:
            loaded = saves.load(target)
        except GameError as err:
            print(_("Cannot resume: {error}. Starting a new game.").format(error=err.message))
        else:
            session, notices = loaded.session(story), loaded.notices
    return PlainGame(session, saves, sys.stdin, sys.stdout, editions).run(notices)


def validate(
    scenes: Path, *, as_json: bool, strict: bool, content: bool = False, language: str = "en"
) -> int:
    from game.engine.loader import load_story  # always the full check, never the cache
    from game.engine.validate import summary, summary_line

    story, findings = load_story(scenes)
    coverage = []
    if story is not None and language != i18n.ENGLISH:
        from game.engine.overlay import check_overlay, load_overlay

        overlay = load_overlay(scenes, language, findings)
        coverage = check_overlay(story, overlay, findings)
    items = findings.sorted()
    failed = bool(findings.errors) or (strict and bool(findings.warnings))
    counts = summary(story) if story else {}
    if content and story and not as_json:
        from game.present.milestones import teacher_list

        print("Content notes, chapter by chapter (a scene's notes cover its text and its notes):")
        for line in teacher_list(story):
            print(clean(line))
        print()
    if as_json:
        print(
            json.dumps(
                {
                    "scenes_dir": shown_path(scenes),
                    "ok": not failed,
                    "errors": len(findings.errors),
                    "warnings": len(findings.warnings),
                    "counts": counts,
                    "findings": [f.to_json() for f in items],
                    **({"coverage": [c.to_json() for c in coverage]} if coverage else {}),
                },
                indent=2,
            )
        )
        return EXIT_FINDINGS if failed else EXIT_OK
    for finding in items:
        print(clean(finding.render()))  # a finding quotes the file, which may hold anything
    if coverage:
        print(f"Translation `{language}`: pieces translated and current / all, words")
        for row in coverage:
            print(f"  {row.line}")
    print(summary_line(shown_path(scenes), counts if story else None, findings))
    return EXIT_FINDINGS if failed else EXIT_OK
