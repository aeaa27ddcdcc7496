"""The `trotsky` command and `python -m game`: the game's start, without the collector.

Starting allocates tens of thousands of objects that live as long as the game (the
engine's classes, Textual's, the story, the CSS), and the cyclic garbage collector would
walk them again and again while they are made, finding nothing to free: 90 collections,
about 9 ms of a 150 ms start. So collection waits until the game's first frame is out (TrotskyApp's
`after_first_frame`, which also freezes what startup made) or, for every other command,
until the command line is read (`game.cli.run`).
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from game.cli import main as run

    return run()
