"""Where a key's time goes inside the process: stamps from the key to the first frame written.

    python -m benchmarks.key_probe OUT.json trotsky     (then `n`, and choices and Enter)
    python -m benchmarks.key_probe OUT.json reference   (then `1` again and again)
    python -m benchmarks.key_probe OUT.json page        (the page reference, `1` again and again)

Run in tmux by `benchmarks.profile`. For each choice key or Enter it stamps, in milliseconds since
Textual received the key: the end of the game's handler (choosing and filling the note, or
filling the next scene), the start of the screen's layout, the start of the render, and the
first write of a frame (with its size in bytes). OUT.json is written at exit.
"""

from __future__ import annotations

import atexit
import json
import sys
import time
from pathlib import Path
from typing import Any

KEYS = {**{str(n): "choice" for n in range(1, 10)}, "enter": "enter"}


def main() -> None:
    out, kind = Path(sys.argv[1]), sys.argv[2]
    from textual.app import App
    from textual.drivers.linux_driver import LinuxDriver
    from textual.events import Key
    from textual.screen import Screen

    presses: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None

    def stamp(name: str, **extra: Any) -> None:
        if current is not None and name not in current:
            current[name] = (time.perf_counter() - current["t0"]) * 1000
            current.update(extra)

    original_event = App.on_event

    async def on_event(self: App[Any], event: Any) -> None:
        nonlocal current
        if isinstance(event, Key) and event.key in KEYS:
            current = {"key": KEYS[event.key], "t0": time.perf_counter()}
            presses.append(current)
        await original_event(self, event)

    def wrap(cls: Any, method: str, name: str, at_end: bool = False) -> None:
        original = getattr(cls, method)

        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not at_end:
                stamp(name)
            result = original(self, *args, **kwargs)
            if at_end:
                stamp(name)
            return result

        setattr(cls, method, wrapper)

    original_write = LinuxDriver.write

    def write(self: Any, data: str) -> None:
        original_write(self, data)
        if len(data) > 40:  # a frame, not a cursor or mode sequence
            stamp("frame written", bytes=len(data))

    from textual.drivers._writer_thread import WriterThread

    def run_writer(self: Any) -> None:
        """WriterThread.run, stamping when a frame has left for the terminal: the thread
        needs the GIL to write it, so work the UI thread does after queueing a frame
        delays it."""
        write, flush, get, qsize = (
            self._file.write,
            self._file.flush,
            self._queue.get,
            self._queue.qsize,
        )
        while (text := get()) is not None:
            write(text)
            if qsize() == 0:
                flush()
                if len(text) > 40:
                    stamp("frame flushed")
        flush()

    App.on_event = on_event  # type: ignore[method-assign]
    LinuxDriver.write = write  # type: ignore[method-assign]
    WriterThread.run = run_writer  # type: ignore[method-assign]
    wrap(Screen, "_refresh_layout", "layout starts")
    wrap(Screen, "_compositor_refresh", "render starts")

    def save() -> None:
        for press in presses:
            press["at"] = press.pop("t0", None)  # perf_counter: the clock every process shares
        out.write_text(json.dumps(presses), encoding="utf-8")

    atexit.register(save)
    if kind in ("reference", "page"):
        import runpy

        app = "reference_app.py" if kind == "reference" else "reference_page_app.py"
        runpy.run_path(str(Path(__file__).parent / app), run_name="__main__")
        return
    import gc

    gc.disable()  # as game.launch.main does (the app collects again after its first frame)
    from game.cli import main as game_main
    from game.ui.screens.scene import SceneScreen

    wrap(SceneScreen, "action_choose", "handler done", at_end=True)
    wrap(SceneScreen, "action_close_note", "handler done", at_end=True)
    sys.argv = ["trotsky"]
    game_main([])


if __name__ == "__main__":
    main()
