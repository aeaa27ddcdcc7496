"""`trotsky new-scene`: append a well-formed scene skeleton to a chapter file, comments kept."""

from __future__ import annotations

from pathlib import Path

from game.engine.errors import GameError
from game.engine.loader import ID_PATTERN
from game.engine.model import Story

SKELETON = """
  - id: {id}
    date: "{date}"            # YYYY, YYYY-MM or YYYY-MM-DD (New Style)
    place: TODO where this happens
    title: TODO a short title
    text: |
      TODO what the player reads: second person, present tense.
    choices:
      - text: TODO what Trotsky actually did
        goto: {goto}
        history: true
        note:
          date: TODO when it really happened (O.S. and N.S. where they differ)
          place: TODO where
          text: |
            TODO what really happened: who, when, where, and why it mattered
            (forty words or more).
          source: TODO author, title (year), chapter
      - text: TODO a plausible alternative
        goto: {goto}
        note:
          date: TODO
          place: TODO
          text: |
            TODO what really happened instead, and why.
          source: TODO author, title (year), chapter
"""


def new_scene(story: Story, folder: Path, scene_id: str, chapter_id: str) -> Path:
    """Append the skeleton; raises GameError when the id or chapter is wrong."""
    if not ID_PATTERN.match(scene_id):
        raise GameError(
            f"`{scene_id}` is not a valid scene id: use lowercase letters, digits and _"
        )
    if scene_id in story.scenes:
        raise GameError(
            f"there is already a scene `{scene_id}` ({story.scenes[scene_id].location})"
        )
    chapter = next((c for c in story.chapters if c.id == chapter_id), None)
    if chapter is None:
        names = ", ".join(c.id for c in story.chapters)
        raise GameError(f"there is no chapter `{chapter_id}` (chapters: {names})")
    members = [s for s in story.scenes.values() if s.chapter == chapter_id]
    date = members[-1].date if members else "1900"
    goto = members[-1].id if members else story.start
    path = folder / chapter.file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = SKELETON.format(id=scene_id, date=date, goto=goto).splitlines(keepends=True)
    path.write_text("".join(_insert_into_scenes(lines, body)), encoding="utf-8")
    return path


def _insert_into_scenes(lines: list[str], body: list[str]) -> list[str]:
    """Put `body` at the end of the top-level `scenes:` list, before any key that follows it."""
    start = next((i for i, line in enumerate(lines) if line.startswith("scenes:")), None)
    if start is None:
        raise GameError("the chapter file has no top-level `scenes:` list")
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if lines[i][:1].isalpha():  # the next top-level key
            end = i
            break
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # keep blank lines after the new scene, not before
    if lines[end - 1 : end] and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return [*lines[:end], *body, *lines[end:]]
