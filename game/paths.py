"""Where the story and the saves live: flags, then environment, then checkout or install."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLED_SCENES = PACKAGE / "_scenes"  # where a wheel carries the top-level scenes/


def checkout_root() -> Path | None:
    """The repository folder when running from a checkout (editable install or source)."""
    root = PACKAGE.parent
    if (root / "pyproject.toml").is_file() and (root / "scenes" / "story.yaml").is_file():
        return root
    return None


def scenes_dir(flag: str | None = None) -> Path:
    if flag:
        return Path(flag).expanduser()
    if os.environ.get("TROTSKY_SCENES"):
        return Path(os.environ["TROTSKY_SCENES"]).expanduser()
    root = checkout_root()
    return root / "scenes" if root else BUNDLED_SCENES


def saves_dir(flag: str | None = None) -> Path:
    if flag:
        return Path(flag).expanduser()
    if os.environ.get("TROTSKY_SAVES"):
        return Path(os.environ["TROTSKY_SAVES"]).expanduser()
    root = checkout_root()
    return root / "saves" if root else user_data_dir() / "saves"


def cache_dir() -> Path | None:
    """Where the checked story is cached: TROTSKY_CACHE (empty turns it off), else the
    platform's cache folder."""
    if "TROTSKY_CACHE" in os.environ:
        value = os.environ["TROTSKY_CACHE"]
        return Path(value).expanduser() if value else None
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return base / "trotsky"


def user_data_dir() -> Path:
    """The platform's per-user data folder for this game."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "trotsky"
