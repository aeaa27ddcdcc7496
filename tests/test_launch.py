"""game.launch pauses the garbage collector for the start only: every command, and the
terminal UI after its first frame, run with it on again."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.ui.app import TrotskyApp
from tests.conftest import MINI
from tests.ui.support import SIZE, until, until_shown


def test_a_command_collects_again_once_its_line_is_read() -> None:
    code = (
        "import gc, sys\n"
        "gc.disable()  # as game.launch.main does\n"
        "from game.cli import main\n"
        f"code = main(['validate', '--scenes', {str(MINI)!r}])\n"
        "print('collector on' if gc.isenabled() else 'collector off')\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "collector on"


async def test_the_game_collects_again_after_its_first_frame(mini: Story, saves_dir: Path) -> None:
    gc.disable()
    try:
        app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
        async with app.run_test(size=SIZE) as pilot:
            await until_shown(pilot, "New game")
            await until(pilot, gc.isenabled)
    finally:
        gc.enable()
