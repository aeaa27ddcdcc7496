"""SVG snapshots of the screens a newcomer meets, at the smallest supported terminal (60x20)
and the classic one (80x24): the text keeps half the height, the key bar keeps `?`, dialogs
keep their last line, and the chapter's quiz is a numbered offer.

Regenerate on purpose with `pytest tests/ui/test_snapshots_sizes.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.ui.app import TrotskyApp


def app_at(story: Story, saves: Path, scene: str | None) -> TrotskyApp:
    start = Session.new(story)
    if scene is not None:
        start.state.scene = scene
    return TrotskyApp(story, SaveFolder(saves, story), start=start)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
@pytest.mark.parametrize(
    ("name", "scene", "keys"),
    [
        ("scene", None, []),
        ("note", None, ["1"]),
        ("glossary_row", "isk_congress", ["tab"]),
        ("chapter_end", "sib_samara", []),
        ("quiz", "sib_samara", ["2", "1"]),
        ("journal", None, ["1", "enter", "j"]),
        ("help", None, ["question_mark"]),
        ("quit", None, ["q"]),
    ],
)
def test_screen_at_size(
    snap_compare: Any,
    story: Story,
    tmp_path: Path,
    name: str,
    scene: str | None,
    keys: list[str],
    size: tuple[int, int],
) -> None:
    app = app_at(story, tmp_path / "saves", scene)
    assert snap_compare(app, press=keys, terminal_size=size)
