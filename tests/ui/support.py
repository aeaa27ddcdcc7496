"""Pilot helpers, on Textual's public API only: read what the screen shows, list the
notifications raised, and wait for a condition (never for a fixed time)."""

from __future__ import annotations

import asyncio
import html
import inspect
import re
import time
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from game.ui.app import TrotskyApp

SIZE = (80, 24)
# Seconds a wait may take before it fails. Generous on purpose: a wait returns as soon as its
# condition holds, so the ceiling only matters on a very loaded machine or for a real bug.
CEILING = 60.0

# One <text> element per run of characters in Textual's SVG screenshot (Rich's export_svg).
_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)"[^>]*?textLength="([\d.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)"'
    r"[^>]*>(.*?)</text>",
    re.S,
)


def shown(pilot: Pilot[Any]) -> str:
    """The characters on the active screen, line by line, as the player sees them: read from
    `App.export_screenshot`, the public way to capture the screen."""
    svg = pilot.app.export_screenshot()
    width, height = pilot.app.size
    runs: dict[int, list[tuple[float, str]]] = {}
    char_width = 0.0
    for x, length, line, escaped in _TEXT.findall(svg):
        # &#160; is how the SVG keeps spaces; each line's closing newline is a run of its own
        text = html.unescape(escaped).replace("\xa0", " ").replace("\n", "")
        if not char_width and text:
            char_width = float(length) / len(text)
        runs.setdefault(int(line), []).append((float(x), text))
    lines = []
    for y in range(height):
        line = ""
        for x, text in sorted(runs.get(y, [])):
            column = round(x / char_width)
            line += " " * max(0, column - cell_len(line)) + text
        lines.append(line + " " * max(0, width - cell_len(line)))
    return "\n".join(lines)


def flat(pilot: Pilot[Any]) -> str:
    """The screen's words with line breaks and borders removed, to find wrapped sentences."""
    return " ".join(
        part for line in shown(pilot).splitlines() for part in line.strip(" │█▌▊▎").split()
    )


# The notifications each running app raised (title, message), newest last.
_RAISED: weakref.WeakKeyDictionary[App[Any], list[tuple[str, str]]] = weakref.WeakKeyDictionary()


def notices(pilot: Pilot[Any]) -> str:
    """The notifications raised since the app started or last cleared them, one a line
    ("Title: message"). Headless toasts are not drawn, and Textual keeps its list private,
    so `record_notifications` (autouse) notes what our app asks `notify` to show."""
    return "\n".join(f"{title}: {message}" for title, message in _RAISED.get(pilot.app, []))


@pytest.fixture(autouse=True)
def record_notifications(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Note each `TrotskyApp.notify` call (then show it as usual), and forget them on
    `clear_notifications`, so `notices` reads what the player was told."""
    notify = TrotskyApp.notify
    clear = TrotskyApp.clear_notifications

    def noting(app: TrotskyApp, message: str, *, title: str = "", **options: Any) -> None:
        _RAISED.setdefault(app, []).append((title, message))
        notify(app, message, title=title, **options)

    def clearing(app: TrotskyApp) -> None:
        _RAISED.pop(app, None)
        clear(app)

    monkeypatch.setattr(TrotskyApp, "notify", noting)
    monkeypatch.setattr(TrotskyApp, "clear_notifications", clearing)
    yield


def describe(predicate: Callable[[], object]) -> str:
    """The predicate's source line, for a failure message."""
    try:
        return inspect.getsource(predicate).strip()
    except (OSError, TypeError):
        return repr(predicate)


async def until(
    pilot: Pilot[Any],
    predicate: Callable[[], object],
    what: str | Callable[[], str] = "",
    ceiling: float = CEILING,
) -> None:
    """Let the app run until `predicate()` is true; fail with what the screen shows if it is
    still false after `ceiling` seconds (`what`, or a function making it, says what was
    awaited)."""
    deadline = time.monotonic() + ceiling
    while not predicate():
        if not pilot.app.is_running:  # it crashed or quit: waiting longer cannot help
            awaited = what() if callable(what) else what
            raise AssertionError(
                f"the app stopped (return code {pilot.app.return_code}) while waiting for: "
                f"{awaited or describe(predicate)}"
            )
        if time.monotonic() > deadline:
            screen = shown(pilot) if pilot.app.is_running else "(the app has stopped)"
            awaited = what() if callable(what) else what
            raise AssertionError(
                f"still not true after {ceiling:.0f} s: {awaited or describe(predicate)}\n"
                f"the screen ({type(pilot.app.screen).__name__}) shows:\n{screen}"
                f"\nnotifications:\n{notices(pilot)}"
            )
        await pilot.pause()


async def until_shown(pilot: Pilot[Any], *pieces: str, words: bool = False) -> str:
    """Wait until every piece is on screen (`words`: in `flat`, wrapped lines joined);
    return the screen's text then."""

    def missing() -> list[str]:
        text = flat(pilot) if words else shown(pilot)
        return [piece for piece in pieces if piece not in text]

    await until(pilot, lambda: not missing(), lambda: f"{missing()} on screen")
    return flat(pilot) if words else shown(pilot)


async def drained(pilot: Pilot[Any]) -> None:
    """Wait until the app and every widget of the active screen have handled the messages
    already queued to them (what `Pilot.press` waits for, without its idle pause): each is
    asked to run a callback after its queue, and we wait for all of them."""
    app = pilot.app
    nodes = [app, *app.screen.walk_children(with_self=True)]
    pending = asyncio.get_running_loop().create_future()
    left = 0

    def done() -> None:
        nonlocal left
        left -= 1
        if left == 0 and not pending.done():
            pending.set_result(None)

    for node in nodes:
        if node.call_later(done):
            left += 1
    if left:
        await until_done(pilot, pending)


async def until_done(pilot: Pilot[Any], future: asyncio.Future[None]) -> None:
    """Wait for the future, or for the app to stop (a crash is re-raised by `run_test`)."""
    deadline = time.monotonic() + CEILING
    while not future.done():
        if not pilot.app.is_running or pilot.app.return_code is not None:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not handle its queued messages in {CEILING:.0f} s")
        await asyncio.wait({future}, timeout=0.05)


async def settle(pilot: Pilot[Any]) -> None:
    """Let background saves finish and what they report be shown."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until_screen(pilot: Pilot[Any], kind: type[Screen[Any]]) -> None:
    """Wait until the active screen is a `kind`."""
    await until(
        pilot,
        lambda: isinstance(pilot.app.screen, kind),
        lambda: f"a {kind.__name__} on top, not a {type(pilot.app.screen).__name__}",
    )
