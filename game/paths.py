"""Where the story and the saves live: flags, then environment, then checkout or install."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from game.engine.errors import GameError

PACKAGE = Path(__file__).resolve().parent
BUNDLED_SCENES = PACKAGE / "_scenes"  # where a wheel carries the top-level scenes/


def _expand(text: str) -> Path:
    """`~/x` made absolute; kept as written when there is no home to expand it to."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        return Path(text)


def checkout_root() -> Path | None:
    """The repository folder when running from a checkout (editable install or source)."""
    root = PACKAGE.parent
    if (root / "pyproject.toml").is_file() and (root / "scenes" / "story.yaml").is_file():
        return root
    return None


def scenes_dir(flag: str | None = None) -> Path:
    if flag:
        return _expand(flag)
    if os.environ.get("TROTSKY_SCENES"):
        return _expand(os.environ["TROTSKY_SCENES"])
    root = checkout_root()
    return root / "scenes" if root else BUNDLED_SCENES


def saves_dir(flag: str | None = None) -> Path:
    """The saves folder; raises GameError when none is given and there is no home."""
    if flag:
        return _expand(flag)
    if os.environ.get("TROTSKY_SAVES"):
        return _expand(os.environ["TROTSKY_SAVES"])
    root = checkout_root()
    return root / "saves" if root else user_data_dir() / "saves"


def home() -> Path | None:
    """The user's home folder, or None where there is none (a container with an arbitrary
    uid and no HOME): the game then plays with `--saves` and no cache."""
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):
        return None


NO_HOME_CACHE = (
    "trotsky: no home folder, so the checked story is not cached "
    "(set TROTSKY_CACHE=DIR to cache it)"
)


def cache_dir() -> Path | None:
    """Where the checked story is cached: TROTSKY_CACHE (empty turns it off), else the
    platform's cache folder; None (no cache) when there is no home folder to hold one."""
    if "TROTSKY_CACHE" in os.environ:
        value = os.environ["TROTSKY_CACHE"]
        return _expand(value) if value else None
    if sys.platform not in ("win32", "darwin") and os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "trotsky"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "trotsky"
    user = home()
    if user is None:
        return None
    if sys.platform == "win32":
        base = user / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = user / "Library" / "Caches"
    else:
        base = user / ".cache"
    return base / "trotsky"


def user_data_dir() -> Path:
    """The platform's per-user data folder for this game; GameError without a home."""
    if sys.platform not in ("win32", "darwin") and os.environ.get("XDG_DATA_HOME"):
        return Path(os.environ["XDG_DATA_HOME"]) / "trotsky"
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "trotsky"
    user = home()
    if user is None:
        raise GameError(
            "there is no home folder to keep the saves in; pass --saves DIR (or set TROTSKY_SAVES)"
        )
    if sys.platform == "win32":
        base = user / "AppData" / "Roaming"
    elif sys.platform == "darwin":
        base = user / "Library" / "Application Support"
    else:
        base = user / ".local" / "share"
    return base / "trotsky"
