"""A pytest plugin: every `*.transcript` file is a test that replays it against the story.

A difference fails with the unified diff `trotsky replay` prints (each hunk headed by the
scene and the YAML file:line of the changed text) and the command that accepts the change.
The story is the shipped one, or the folder in TROTSKY_SCENES.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from game import paths
from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from game.tools.transcript import UPDATE_ALL, diff, replay_file


class TranscriptChanged(Exception):
    """The game's output no longer matches the transcript."""


@cache
def _story(scenes: Path) -> Story:
    return load_story_or_raise(scenes)


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".transcript":
        return TranscriptFile.from_parent(parent, path=file_path)
    return None


class TranscriptFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        yield TranscriptItem.from_parent(self, name="replay")


class TranscriptItem(pytest.Item):
    def runtest(self) -> None:
        scenes = paths.scenes_dir()
        story = _story(scenes)
        replayed = replay_file(story, self.path)
        if not replayed.same:
            lines = diff(replayed, story, scenes)
            raise TranscriptChanged("\n".join(lines))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, TranscriptChanged):
            return (
                f"{excinfo.value}\n\nThe game's output differs from {self.path.name}. "
                f"If the change is wanted, run:\n    {UPDATE_ALL}"
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"transcript {self.path.name}"
