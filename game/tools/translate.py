"""`trotsky translate`: a starting overlay for one chapter (or the glossary, timeline or
manifest) in a new language, holding the English text and its fingerprints, for a
translator to overwrite piece by piece."""

from __future__ import annotations

import json
from pathlib import Path

from game.engine.errors import GameError
from game.engine.model import Story
from game.engine.overlay import Piece, Text, fingerprint, pieces

HEADER = "# yaml-language-server: $schema=../schema/overlay.schema.json\n"


def _value(name: str, value: Text, indent: str) -> list[str]:
    if isinstance(value, tuple):
        return [
            f"{indent}{name}:",
            *(f"{indent}  - {json.dumps(v, ensure_ascii=False)}" for v in value),
        ]
    if "\n" in value or len(value) > 70:
        body = [f"{indent}  {line}" if line else "" for line in value.strip().split("\n")]
        return [f"{indent}{name}: |", *body]
    return [f"{indent}{name}: {json.dumps(value, ensure_ascii=False)}"]


def _entry(piece: Piece, indent: str) -> list[str]:
    lines = [f"{indent}english: {fingerprint(piece.english)}"]
    for name, value in piece.english.items():
        lines += _value(name, value, indent)
    return lines


def _closed(lines: list[str]) -> str:
    """The lines, with `{}` after a heading that has no entries (an empty mapping, not null)."""
    if lines and lines[-1].endswith(":") and not lines[-1].startswith(" "):
        lines[-1] += " {}"
    return "\n".join(lines)


def skeleton(story: Story, part: str) -> tuple[str, str]:
    """(file name, text) of a starting overlay for a chapter id, `glossary`, `timeline` or `story`."""
    found = [p for p in pieces(story)]
    if part == "glossary":
        lines = ["terms:"]
        for piece in (p for p in found if p.key[0] == "term"):
            lines += [f"  {json.dumps(piece.key[1], ensure_ascii=False)}:", *_entry(piece, "    ")]
        return "glossary.yaml", HEADER + _closed(lines) + "\n"
    if part == "timeline":
        lines = ["events:"]
        for piece in (p for p in found if p.key[0] == "event"):
            lines += [f'  "{piece.key[1]}":', *_entry(piece, "    ")]
        return "timeline.yaml", HEADER + _closed(lines) + "\n"
    if part == "story":
        lines = []
        for piece in found:
            if piece.key[0] == "story":
                lines += ["story:", *_entry(piece, "  ")]
        lines.append("variables:")
        for piece in (p for p in found if p.key[0] == "variable"):
            lines += [f"  {piece.key[1]}:", *_entry(piece, "    ")]
        return "story.yaml", HEADER + _closed(lines) + "\n"
    chapters = {c.id: c for c in story.chapters}
    if part not in chapters:
        raise GameError(
            f"there is no chapter `{part}`; name a chapter id, `glossary`, `timeline` or `story`"
        )
    lines = [f"chapter: {part}"]
    choices_open = quiz_open = False
    for piece in (p for p in found if p.chapter == part):
        kind = piece.key[0]
        if kind == "chapter":
            lines += ["title:", *_entry(piece, "  "), "scenes:"]
        elif kind == "scene":
            lines += [f"  {piece.key[1]}:", *_entry(piece, "    ")]
            choices_open = False
        elif kind == "choice":
            if not choices_open:
                lines.append("    choices:")
                choices_open = True
            lines += [f'      "{piece.key[2]}":', *_entry(piece, "        ")]
        elif kind == "note":
            lines += ["        note:", *_entry(piece, "          ")]
        elif kind == "quiz":
            if not quiz_open:
                lines.append("quiz:")
                quiz_open = True
            lines += [f'  "{piece.key[2]}":', *_entry(piece, "    ")]
    return Path(chapters[part].file).name, HEADER + "\n".join(lines) + "\n"
