"""Shared fixtures: the real story, the small test story, and fresh saves folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.engine.loader import load_story_or_raise
from game.engine.model import Story

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "scenes"
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "stories" / "mini"


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
