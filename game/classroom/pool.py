"""Games started before the students arrive: a tab that finds one waiting plays at once.

Starting a game process (Python, Textual, the story) takes about a second of CPU; thirty
tabs opened in the same minute would queue for it. The pool starts games one after another
while the server is idle, each sitting at its login screen with no browser attached (what
it draws meanwhile is dropped); a tab takes one, resizes it to the tab's size, and the game
repaints its whole screen there.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

WARM_SIZE = (80, 24)
REPAINT_SECONDS = 5.0
REPAINT_TRIES = 3
WHOLE_SCREEN_BYTES = 1000  # an 80x24 login screen is several KB; a cursor blink, tens of bytes
READY_SECONDS = 120.0  # a game that shows nothing for this long is not waited for


class WaitingGame(AppService):
    """textual-serve's AppService, with the browser attached after the game has started."""

    def __init__(self, command: str, download_manager: DownloadManager) -> None:
        self.websocket: web.WebSocketResponse | None = None
        self.ready = asyncio.Event()  # the game has drawn its first screen
        self.drawn = asyncio.Event()  # it has repainted since this was last cleared
        self.ended = False
        super().__init__(
            command,
            write_bytes=self.to_browser,
            write_str=self.text_to_browser,
            close=self.close_browser,
            download_manager=download_manager,
        )

    async def to_browser(self, data: bytes) -> None:
        self.ready.set()
        if len(data) >= WHOLE_SCREEN_BYTES:  # a repaint, not the blink of a cursor
            self.drawn.set()
        if self.websocket is not None:
            await self.websocket.send_bytes(data)

    async def text_to_browser(self, text: str) -> None:
        if self.websocket is not None:
            await self.websocket.send_str(text)

    async def close_browser(self) -> None:
        if self.websocket is not None:
            await self.websocket.close()

    async def run(self) -> None:
        try:
            await super().run()
        finally:
            self.ended = True
            self.ready.set()

    async def attach(self, websocket: web.WebSocketResponse, width: int, height: int) -> None:
        """Show the game in this tab: a change of size makes it repaint everything (at the
        size it started with, it first goes one row taller, unseen). A game too busy to
        repaint in time may take two quick resizes for none and never repaint: the tab
        would show only the cursor's blink. So the repaint is awaited, and asked again."""
        if (width, height) == WARM_SIZE:
            await self.resized(width, height + 1)
        self.websocket = websocket
        for attempt in range(REPAINT_TRIES):
            if self.ended:
                return
            if attempt:
                await self.resized(width, height + 1)  # nothing came: nudge it once more
            if await self.resized(width, height):
                return

    async def resized(self, width: int, height: int) -> bool:
        """Set the game's size; whether it repainted its whole screen within the wait."""
        self.drawn.clear()
        await self.set_terminal_size(width, height)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.drawn.wait(), REPAINT_SECONDS)
        return self.drawn.is_set()


class Pool:
    """Up to `size` games waiting for a tab, started one at a time; never more than the
    server may still run beside the games being played."""

    def __init__(
        self, command: str, size: int, download_manager: DownloadManager, room: Callable[[], int]
    ) -> None:
        self.command = command
        self.size = size
        self.room = room  # how many more games the server may run (its --max-players)
        self.download_manager = download_manager
        self.waiting: list[WaitingGame] = []
        self.filling: asyncio.Task[None] | None = None

    def take(self) -> WaitingGame | None:
        """A started game, if one waits; the pool then starts another."""
        while self.waiting:
            game = self.waiting.pop(0)
            if not game.ended:
                self.refill()
                return game
        self.refill()
        return None

    def refill(self) -> None:
        if self.size > 0 and (self.filling is None or self.filling.done()):
            self.filling = asyncio.create_task(self.fill())

    async def fill(self) -> None:
        while len(self.waiting) < min(self.size, self.room()):
            game = WaitingGame(self.command, self.download_manager)
            await game.start(*WARM_SIZE)
            with contextlib.suppress(TimeoutError):  # a slow machine: it still joins the pool
                await asyncio.wait_for(game.ready.wait(), READY_SECONDS)
            if game.ended:  # the game cannot start (a broken install): do not loop on it
                return
            self.waiting.append(game)

    async def close(self) -> None:
        if self.filling is not None:
            self.filling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.filling
        games, self.waiting = self.waiting, []
        await asyncio.gather(*(game.stop() for game in games), return_exceptions=True)
