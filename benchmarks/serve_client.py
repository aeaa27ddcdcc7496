"""A browser tab without the browser: textual-serve's websocket protocol spoken by aiohttp.

Used by the classroom tests (login, save, full server, stop) and by the load benchmark
(`python -m benchmarks.bench_classroom`). Also starts `trotsky serve` on a free port.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(
    classroom: Path, *args: str, scenes: Path | None = None, timeout: float = 60
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`trotsky serve` on a free local port: (process, base URL); stopped afterwards."""
    port = free_port()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "game",
        "serve",
        "--port",
        str(port),
        "--classroom",
        str(classroom),
    ]
    if scenes is not None:
        command += ["--scenes", str(scenes)]
    process = subprocess.Popen(
        [*command, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        env=env,
        start_new_session=True,  # a test may signal it (and its games) as a group
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + timeout
        while True:
            assert process.poll() is None, (
                f"the server stopped: {process.stdout.read() if process.stdout else ''}"
            )
            assert time.monotonic() < deadline, "the server never answered"
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.05)
        yield process, url
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout:
            process.stdout.close()


def visible(data: bytes) -> str:
    """The text a terminal stream writes, escape sequences removed."""
    return ESCAPES.sub(b"", data).decode("utf-8", "replace")


class Player:
    """One tab: a websocket to /ws, the bytes the game sent, and when frames arrived."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url.rstrip("/") + "/ws"
        self.received = bytearray()
        self.frames: list[float] = []  # monotonic arrival time of each binary message
        self.closed = False
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._news = asyncio.Event()

    async def connect(self, width: int = 80, height: int = 24) -> None:
        self._socket = await self.session.ws_connect(f"{self.url}?width={width}&height={height}")
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._socket is not None
        async for message in self._socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received.extend(message.data)
                self.frames.append(time.monotonic())
                self._news.set()
        self.closed = True
        self._news.set()

    @property
    def text(self) -> str:
        return visible(bytes(self.received))

    async def send(self, keys: str) -> float:
        """Type keys (a newline is Enter); returns the monotonic time they left."""
        assert self._socket is not None
        sent = time.monotonic()
        await self._socket.send_json(["stdin", keys])
        return sent

    async def wait_for(self, words: str, since: int = 0, timeout: float = 30) -> None:
        """Until `words` appear in what arrived after byte `since` (or fail with the text)."""
        deadline = time.monotonic() + timeout
        while words not in visible(bytes(self.received[since:])):
            if self.closed:
                raise AssertionError(f"the game closed before showing {words!r}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{words!r} never appeared; last text: {self.text[-600:]!r}")
            self._news.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._news.wait(), left)

    async def wait_closed(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.closed:
            assert time.monotonic() < deadline, "the game never closed"
            self._news.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._news.wait(), deadline - time.monotonic())

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            await self._reader

    async def login(self, name: str, pin: str, *, new: bool, timeout: float = 30) -> None:
        """Type the name and the PIN (twice for a new name), as a student would."""
        await self.wait_for("Type your name", timeout=timeout)
        mark = len(self.received)
        await self.send(name + "\r")
        await self.wait_for("Pick a PIN" if new else "Type your PIN", since=mark, timeout=timeout)
        await self.send(pin + "\r")
        if new:
            await self.wait_for("same PIN again", timeout=timeout)
            await self.send(pin + "\r")
