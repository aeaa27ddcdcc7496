"""Full garbage collections in the player's pauses, not in the middle of a frame.

Textual's strips and their caches die in cycles, so a play session feeds the collector's
oldest generation; CPython then runs a full collection every tenth young one, wherever the
allocation falls: measured in a headless 120x40 run of 20 choices, two of them landed inside
a key's frame and held it for 20-38 ms (the frame itself takes about 7 ms). Here automatic
full collections are switched off while the app runs, and one runs when the player has
pressed nothing for IDLE seconds and CPython would have run one by then. A player who never
pauses still gets one after FORCE_AFTER young collections, so memory stays bounded.
"""

from __future__ import annotations

import gc
import sys
import time

IDLE = 0.4  # seconds without input: reading, not pressing
CHECK_EVERY = 0.2  # seconds between looks
DUE = 10  # young collections since the last full one: CPython's own default threshold
FORCE_AFTER = 100  # a full collection now, whatever the player does


class IdleCollector:
    """`start` takes over the collector's oldest generation while an app runs; `restore`
    gives it back. Python 3.14's incremental collector has no long full pauses to move (and
    its thresholds mean something else), so there this does nothing."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self._saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        if sys.version_info >= (3, 14) or self._saved is not None:
            return
        self._saved = gc.get_threshold()
        first, second, _ = self._saved
        gc.set_threshold(first, second, 1 << 30)  # no automatic full collection

    def touched(self) -> None:
        """The player pressed or clicked something."""
        self.last_input = time.monotonic()

    def check(self) -> bool:
        """Collect if one is due and the player is idle (or one is long overdue)."""
        if self._saved is None:
            return False
        young = gc.get_count()[2]  # young (generation 1) collections since the last full one
        idle = time.monotonic() - self.last_input >= IDLE
        if (young >= DUE and idle) or young >= FORCE_AFTER:
            gc.collect()
            return True
        return False

    def restore(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
