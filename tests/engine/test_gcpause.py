"""The collector is paused for a load on the main thread, and never from another thread."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from game.engine.gcpause import gc_paused
from game.engine.loader import load_story
from tests.conftest import SCENES


def test_a_load_on_the_main_thread_pauses_the_collector_and_restores_it() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_a_load_on_a_worker_leaves_the_collector_on_for_everyone() -> None:
    """As the dev-mode reload does: the story loads on a worker thread while the main
    thread (the UI) runs; the main thread sees the collector on the whole time."""
    seen_off = []
    loaded: list[object] = []
    inside: list[bool] = []

    def reload() -> None:
        with gc_paused():
            inside.append(gc.isenabled())
        loaded.append(load_story(Path(SCENES))[0])

    worker = threading.Thread(target=reload)
    worker.start()
    while worker.is_alive():
        if not gc.isenabled():
            seen_off.append(True)
    worker.join()
    assert inside == [True]
    assert loaded and loaded[0] is not None
    assert seen_off == []
    assert gc.isenabled()
