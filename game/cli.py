"""The `trotsky` command: play (Textual or --plain) and the authoring commands.

Only playing in the Textual UI imports Textual; everything else stays light.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game import __version__, paths
from game.engine.errors import GameError, StoryError
from game.engine.findings import shown_path
from game.engine.loader import load_story, load_story_or_raise
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.engine.validate import summary

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--scenes",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the story folder (default: scenes/ of the checkout; env TROTSKY_SCENES)",
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        parents=[where],
        help="check the story files and print every problem",
        description="Check the story files. Exit 0: no errors; 1: errors (or warnings with --strict); 2: bad usage.",
    )
    check.add_argument("--json", action="store_true", help="print findings and counts as JSON")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    scenes = paths.scenes_dir(getattr(args, "scenes", None))
    if args.command == "validate":
        return validate(scenes, as_json=args.json, strict=args.strict)
    try:
        story = load_story_or_raise(scenes)
    except StoryError as err:
        for finding in err.findings:
            print(finding, file=sys.stderr)
        print(f"trotsky: {err.message}; run `trotsky validate` for details", file=sys.stderr)
        return EXIT_USAGE
    saves = SaveFolder(paths.saves_dir(args.saves), story)
    if args.plain:
        return play_plain(story, saves, args)
    from game.ui.app import TrotskyApp  # Textual is imported only to play in the terminal UI

    resume = "newest" if args.resume else args.load
    TrotskyApp(story, saves, resume=resume).run()
    return EXIT_OK


def play_plain(story: Story, saves: SaveFolder, args: argparse.Namespace) -> int:
    from game.plain import PlainGame

    session = Session.new(story)
    notices: tuple[str, ...] = ()
    target: str | Path | None = args.load
    if args.resume:
        newest = saves.newest()
        target = newest.path if newest else None
        if newest is None:
            print("No saved game to continue; starting a new game.")
    if target is not None:
        try:
            loaded = saves.load(target)
        except GameError as err:
            print(f"Cannot resume: {err.message}. Starting a new game.")
        else:
            session, notices = loaded.session(story), loaded.notices
    return PlainGame(session, saves, sys.stdin, sys.stdout).run(notices)


def validate(scenes: Path, *, as_json: bool, strict: bool) -> int:
    story, findings = load_story(scenes)
    items = findings.sorted()
    failed = bool(findings.errors) or (strict and bool(findings.warnings))
    counts = summary(story) if story else {}
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
                },
                indent=2,
            )
        )
        return EXIT_FINDINGS if failed else EXIT_OK
    for finding in items:
        print(finding)
    errors, warnings = len(findings.errors), len(findings.warnings)
    if story:
        counted = ", ".join(f"{n} {name}" for name, n in counts.items())
        print(f"{shown_path(scenes)}: {counted}; {errors} errors, {warnings} warnings")
    else:
        print(
            f"{shown_path(scenes)}: {errors} errors, {warnings} warnings; the story cannot be played"
        )
    return EXIT_FINDINGS if failed else EXIT_OK
