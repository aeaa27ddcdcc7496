"""Pausing the garbage collector while a story's many long-lived objects are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Tens of thousands of objects that all live on: a collection would only rescan them.

    Loading 5,000 scenes spent about a third of its time in collections that freed nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
