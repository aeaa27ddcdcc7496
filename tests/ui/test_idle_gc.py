"""Full garbage collections wait for the player's pauses (game/ui/idle_gc.py)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.ui.app import TrotskyApp
from game.ui.idle_gc import DUE, FORCE_AFTER, IDLE, IdleCollector
from game.ui.screens.title import TitleScreen
from tests.ui.support import SIZE, until_screen

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 14), reason="Python 3.14's incremental collector is left alone"
)


def young_collections(n: int) -> None:
    """n collections of the young generation: each counts towards the next full one."""
    for _ in range(n):
        gc.collect(1)


def test_a_due_collection_waits_for_a_pause_unless_long_overdue() -> None:
    saved = gc.get_threshold()
    collector = IdleCollector()
    collector.start()
    try:
        assert gc.get_threshold()[2] > 10**6  # no automatic full collection
        gc.collect()
        young_collections(DUE)
        collector.touched()
        assert not collector.check()  # due, but the player has just pressed a key
        assert gc.get_count()[2] >= DUE
        collector.last_input -= IDLE
        assert collector.check()  # due, and the player is reading
        assert gc.get_count()[2] == 0
        assert not collector.check()  # nothing due any more
        collector.touched()
        young_collections(FORCE_AFTER)
        assert collector.check()  # overdue: now, even while the player presses keys
    finally:
        collector.restore()
    assert gc.get_threshold() == saved


async def test_the_app_gives_the_thresholds_back(mini: Story, saves_dir: Path) -> None:
    saved = gc.get_threshold()
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, TitleScreen)
        assert gc.get_threshold()[2] > 10**6
    assert gc.get_threshold() == saved
