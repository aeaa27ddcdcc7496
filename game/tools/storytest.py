"""The commands of the author's safety net: `quicktest`, `record` and `replay`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game.engine.errors import GameError
from game.engine.findings import plural, shown_path
from game.engine.model import Story

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def run_command(args: argparse.Namespace, story: Story, scenes: Path) -> int:
    if args.command == "quicktest":
        return quicktest(story, scenes, as_json=args.json, strict=args.strict, budget=args.budget)
    if args.command == "record":
        return record(story, Path(args.file), args)
    return replay(story, scenes, args.files, update=args.update)


def quicktest(story: Story, scenes: Path, *, as_json: bool, strict: bool, budget: int) -> int:
    from game.tools import quicktest as search

    if budget < 1:
        raise GameError("--budget takes a number of states, 1 or more")
    report = search.quicktest(story, budget)
    if as_json:
        print(json.dumps({"scenes_dir": shown_path(scenes), **report.to_json(strict)}, indent=2))
    else:
        print("\n".join(search.render(report, story, shown_path(scenes))))
    return EXIT_FINDINGS if report.failed(strict) else EXIT_OK


def record(story: Story, path: Path, args: argparse.Namespace) -> int:
    import io

    from game.tools.transcript import record_file, route_to

    options: list[str] = []
    if getattr(args, "start", None):
        options += ["--start", args.start]
    for setting in getattr(args, "set", None) or []:
        options += ["--set", setting]
    if args.to:
        # At the ending, `1` takes the last offer (the epilogue, where a face offers it).
        typed = [*route_to(story, args.to, options), "1", "path", "quit"]
        record_file(story, path, options, io.StringIO("".join(f"{t}\n" for t in typed)), None)
    else:
        record_file(story, path, options, sys.stdin, sys.stdout)
        if not sys.stdin.isatty():  # the typed lines were not echoed: end the last prompt's line
            print()
    print(f"wrote {shown_path(path)}; check it later with `trotsky replay {shown_path(path)}`")
    return EXIT_OK


def replay(story: Story, scenes: Path, names: list[str], *, update: bool) -> int:
    from game.tools.transcript import TranscriptError, diff, replay_file, transcript_files

    changed = failed = 0
    files = list(transcript_files(names))
    if not files:
        raise GameError("no transcripts found in " + ", ".join(names))
    for path in files:
        try:
            replayed = replay_file(story, path)
        except TranscriptError as err:
            print(f"trotsky: {err.message}", file=sys.stderr)
            failed += 1
            continue
        if replayed.same:
            continue
        changed += 1
        if update:
            path.write_text(replayed.played.text(), encoding="utf-8")
            print(f"updated {shown_path(path)}")
        else:
            print("\n".join(diff(replayed, story, scenes)))
    same = len(files) - changed - failed
    print(
        f"{plural(len(files), 'transcript')}: {same} the same, {changed} "
        + ("updated" if update else "changed")
        + (f", {failed} unreadable" if failed else "")
    )
    if changed and not update:
        print("if the change is wanted: trotsky replay --update " + " ".join(names))
    if failed:
        return EXIT_USAGE
    return EXIT_FINDINGS if changed and not update else EXIT_OK
