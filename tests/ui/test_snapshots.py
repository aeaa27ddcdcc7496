"""SVG snapshots of the main screens at 80x24: layout regressions show up as a diff.

Regenerate on purpose with `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.ui.app import TrotskyApp

SIZE = (80, 24)


def app_at(story: Story, saves: Path, scene: str | None = None) -> TrotskyApp:
    start = None
    if scene is not None:
        start = Session.new(story)
        start.state.scene = scene
    return TrotskyApp(story, SaveFolder(saves, story), start=start)


@pytest.mark.parametrize(
    ("name", "scene", "keys"),
    [
        ("title", None, []),
        ("scene", None, ["n"]),
        ("note", None, ["n", "1"]),
        ("help", None, ["n", "question_mark"]),
        ("journal", None, ["n", "1", "enter", "j"]),
        ("path", None, ["n", "1", "enter", "2", "enter", "j", "p"]),
        ("glossary", "isk_congress", ["g"]),
        ("timeline", "oct_kresty", ["t"]),
        ("stats", None, ["n", "1", "enter", "s"]),
        ("chapter_end", "sib_samara", []),
        ("ending", "mx_death", ["1"]),
    ],
)
def test_screen_snapshot(
    snap_compare: Any, story: Story, tmp_path: Path, name: str, scene: str | None, keys: list[str]
) -> None:
    assert snap_compare(app_at(story, tmp_path / "saves", scene), press=keys, terminal_size=SIZE)
