"""Shared fixtures: the real story, the small test story, and fresh saves folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from tests.ui.support import record_notifications

__all__ = ["play_plain", "record_notifications"]  # the latter: an autouse fixture for UI tests

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "scenes"
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "stories" / "mini"


@pytest.fixture(autouse=True)
def write_only_under_tmp_path(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The game's default folders for saves and the parsed-story cache (the checkout's saves/,
    ~/.cache/trotsky) point into pytest's temporary folder, for the test and the processes it
    starts (beside its tmp_path, whose contents some tests check file by file)."""
    defaults = tmp_path_factory.mktemp("defaults")
    monkeypatch.setenv("TROTSKY_SAVES", str(defaults / "saves"))
    monkeypatch.setenv("TROTSKY_CACHE", str(defaults / "cache"))


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read English unless they ask for another language, whatever the machine's locale."""
    monkeypatch.setenv("TROTSKY_LANG", "en")


@pytest.fixture(scope="session")
def story() -> Story:
    """The shipped story, loaded once."""
    return load_story_or_raise(SCENES)


@pytest.fixture(scope="session")
def mini() -> Story:
    return load_story_or_raise(MINI)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the small story, to break on purpose."""
    target = tmp_path / "story"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def saves_dir(tmp_path: Path) -> Path:
    return tmp_path / "saves"


def play_plain(
    stdin: str, saves: Path, *args: str, scenes: Path = MINI, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`python -m game --plain` in a subprocess, fed `stdin`, free of the caller's TROTSKY_*."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("TROTSKY_SAVES", None)  # --saves below says where
    env.pop("TROTSKY_SCENES", None)
    command = [sys.executable, "-m", "game", "--plain", "--scenes", str(scenes)]
    return subprocess.run(
        [*command, "--saves", str(saves), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


# Every tests/**/*.transcript file is a test (see tests/transcript_plugin.py).
from tests.transcript_plugin import pytest_collect_file  # noqa: E402, F401
