"""The benchmark generator writes stories in the real format that validate cleanly."""

from __future__ import annotations

from pathlib import Path

from benchmarks import generate
from game.engine.loader import load_story


def test_generated_stories_load_without_findings(tmp_path: Path) -> None:
    folder = generate.write_story(tmp_path / "story_60", 60)
    story, findings = load_story(folder)
    assert story is not None, [str(f) for f in findings.errors]
    assert len(story.scenes) == 60
    assert findings.items == []
