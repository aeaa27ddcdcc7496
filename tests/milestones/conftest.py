"""A copy of the small test story with milestones and content notes added."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from tests.conftest import MINI

MILESTONES = """\
milestones:
  - id: first_note
    title: First note
    description: Read a note.
    if: notes_read >= 1
  - id: every_note_one
    title: The whole first chapter
    description: Read every note of the first chapter.
    if: notes_read_one == notes_in_one
  - id: one_as_history
    title: As it happened
    description: Play the first chapter as history went.
    if: as_history_one
  - id: the_finale
    title: The sea at last
    description: Reach the finale by the sea.
    if: ending_finale
  - id: every_ending
    title: Every road
    description: Find every ending.
    if: endings_found == endings_total
"""


def tagged_copy(tmp_path: Path, milestones: str = MILESTONES) -> Path:
    """The mini story with `milestones` and a content note on the yard."""
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    (folder / "milestones.yaml").write_text(milestones, encoding="utf-8")
    one = folder / "one.yaml"
    text = one.read_text(encoding="utf-8")
    one.write_text(text.replace("  - id: yard\n", "  - id: yard\n    content: [imprisonment]\n"))
    return folder


@pytest.fixture
def tagged(tmp_path: Path) -> Path:
    return tagged_copy(tmp_path)


@pytest.fixture
def tagged_story(tagged: Path) -> Story:
    return load_story_or_raise(tagged)
