"""`trotsky serve`: the game in a class's browsers through textual-serve, one game process
per tab, with the school's own page.

textual-serve's own page shows the server's command line as the start splash and loads a
font from a third-party CDN; ours shows the story's title and fetches nothing but this
server's files (by relative address, so a reverse proxy may put it under any path).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSCloseCode, web
from textual_serve.server import Server, to_int

from game import i18n
from game.classroom.commands import LOCAL_HOSTS
from game.classroom.pool import Pool, WaitingGame
from game.engine.errors import GameError
from game.engine.findings import plural
from game.i18n import N_, _

log = logging.getLogger("textual-serve")
WEB_TEMPLATES = Path(__file__).parent / "templates" / "web"
TEXTUAL_SERVE_STATIC = (
    Path(textual_serve.__file__).parent / "static"
)  # its terminal's JS, CSS, font
FULL_MESSAGE = N_(
    "\r\n  The class is full: {players} games are running, as many as this server takes.\r\n"
    "  Close a tab you no longer use, then reload this page.\r\n"
)


class ClassroomServer(Server):
    """textual-serve's Server with our page, a limit on games at once, and a clean stop."""

    def __init__(
        self, command: str, *, host: str, port: int, title: str, max_players: int, warm: int
    ) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.max_players = max_players
        self.pool = Pool(
            command, warm, self.download_manager, lambda: self.max_players - self.players
        )
        self.sockets: set[web.WebSocketResponse] = set()

    @property
    def players(self) -> int:
        return len(self.sockets)

    async def _make_app(self) -> web.Application:
        """Our routes: the page, the websocket, and textual-serve's static files without a
        folder listing (its file downloads are not offered: the game delivers none)."""
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(WEB_TEMPLATES), autoescape=True)
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/static", TEXTUAL_SERVE_STATIC, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_index(self, request: web.Request) -> web.Response:
        context: dict[str, Any] = {
            "title": self.title,
            "players": self.players,
            "lang": i18n.current(),
            "words": {  # the page speaks the class's language (`trotsky serve --lang`)
                "starting": _("Starting your game…"),
                "ended": _("Your game has ended; it is saved."),
                "again": _("Play again"),
                "full": _("The class is full"),
                "full_why": _(
                    "{players} games are running, as many as this server takes at once. "
                    "Close a tab you no longer use, or wait: this page tries again every "
                    "20 seconds."
                ).format(players=self.players),
            },
        }
        if self.players >= self.max_players:
            response = aiohttp_jinja2.render_template("full.html", request, context, status=503)
            response.headers["Retry-After"] = "20"
        else:
            context["font_size"] = max(8, min(40, to_int(request.query.get("fontsize", "16"), 16)))
            response = aiohttp_jinja2.render_template("index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab's game: textual-serve's AppService runs it; a full server says so instead."""
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if self.players >= self.max_players:  # a tab that found a place, then lost it
            await websocket.send_bytes(_(FULL_MESSAGE).format(players=self.players).encode())
            await websocket.close()
            return websocket
        self.sockets.add(websocket)
        width = max(20, min(500, to_int(request.query.get("width", "80"), 80)))
        height = max(10, min(300, to_int(request.query.get("height", "24"), 24)))

        service = self.pool.take()
        try:
            if service is None:
                service = WaitingGame(self.command, self.download_manager)
                service.websocket = websocket
                await service.start(width, height)
            else:
                await service.attach(websocket, width, height)
            await self._process_messages(websocket, service)
        except (asyncio.CancelledError, ConnectionError):
            pass
        except (ValueError, AssertionError, IndexError, KeyError, TypeError):
            log.warning("a browser sent a message the game does not understand; closing it")
        finally:
            self.sockets.discard(websocket)
            if service is not None:  # the game is told to quit; its last choice is saved already
                await service.stop()
            await websocket.close()
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        """Say where students connect; never print the command (it holds local paths)."""
        print(f"Serving {self.title!r} to up to {plural(self.max_players, 'player')} at once.")
        for url in student_urls(self.host, self.port):
            print(f"  Students open: {url}")
        if self.host not in LOCAL_HOSTS:
            print(
                "  Warning: listening beyond this computer: anyone who can reach it on the "
                "network can open the game. Use --host 127.0.0.1 to keep it local."
            )
        print("Press Ctrl+C to stop.", flush=True)
        self.pool.refill()

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: close every tab's socket, so each game is told to quit and ends."""
        print(f"Stopping {self.players} games...", flush=True)
        await asyncio.gather(
            *(
                ws.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")
                for ws in list(self.sockets)
            ),
            return_exceptions=True,
        )
        await self.pool.close()


def student_urls(host: str, port: int) -> list[str]:
    """The addresses to give students: this machine's network address for a wildcard host."""
    hosts = [lan_address(), "127.0.0.1"] if host in ("0.0.0.0", "::", "") else [host]
    return [f"http://[{h}]:{port}/" if ":" in h else f"http://{h}:{port}/" for h in hosts]


def lan_address() -> str:
    """This machine's address on its network (a UDP socket is pointed, no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"


def game_command(scenes: Path, classroom: Path, language: str = "en") -> str:
    """The shell command textual-serve starts for each tab: this Python, this game."""
    command = shlex.join(
        [
            sys.executable,
            "-m",
            "game",
            "--scenes",
            str(scenes.resolve()),
            "--served",
            str(classroom.resolve()),
            *(["--server-pid", str(os.getpid())] if os.name == "posix" else []),
            # each game starts in the class's language; a student may switch in the palette
            "--lang",
            language,
        ]
    )
    # `exec`: the game replaces the shell, one process less per player, and its parent is
    # the server itself, which the game watches (see ClassroomApp.watch_server).
    return f"exec {command}" if os.name == "posix" else command


def serve(
    *,
    scenes: Path,
    classroom: Path,
    host: str,
    port: int,
    max_players: int,
    warm: int,
    title: str,
    language: str = "en",
) -> int:
    classroom.mkdir(parents=True, exist_ok=True)
    print(f"Class folder: {classroom.resolve()}")
    server = ClassroomServer(
        game_command(scenes, classroom, language),
        host=host,
        port=port,
        title=title,
        max_players=max(1, max_players),
        warm=max(0, warm),
    )
    try:
        server.serve()
    except (OSError, OverflowError) as err:  # the port is taken, or not a port
        raise GameError(
            f"cannot serve on {host}:{port}: {getattr(err, 'strerror', None) or err}"
        ) from None
    print("Stopped.")
    return 0
