"""The story cache: same story as a full load, used when nothing changed, never trusted blindly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import storecache
from game.engine.errors import StoryError
from game.engine.loader import load_story, load_story_or_raise


def test_a_cached_story_equals_a_fresh_one(tmp_path: Path, mini_copy: Path) -> None:
    cache = tmp_path / "cache"
    first = storecache.load_story_or_raise(mini_copy, cache)
    [_file] = cache.glob("story-*.json")
    second = storecache.load_story_or_raise(mini_copy, cache)
    fresh, _ = load_story(mini_copy)
    assert first == second == fresh
    assert second.scenes["yard"].choices[1].condition == fresh.scenes["yard"].choices[1].condition  # type: ignore[union-attr]
    assert second.lexicon.terms_in("nothing") == []
    (mini_copy / "one.yaml").write_text(
        (mini_copy / "one.yaml").read_text().replace("The yard", "The farmyard")
    )
    third = storecache.load_story_or_raise(mini_copy, cache)
    assert third.scenes["yard"].title == "The farmyard"  # new contents, new key
    assert len(list(cache.glob("story-*.json"))) == 2


def test_the_real_story_round_trips(tmp_path: Path) -> None:
    from tests.conftest import SCENES

    fresh, _ = load_story(SCENES)
    storecache.load_story_or_raise(SCENES, tmp_path)
    assert storecache.load_story_or_raise(SCENES, tmp_path) == fresh


@pytest.mark.parametrize(
    "damage", [b"", b"{", b'{"story": [1, 2]}', b'{"story": ["\\u0000Nope"], "findings": []}']
)
def test_a_damaged_cache_means_a_full_load(tmp_path: Path, mini_copy: Path, damage: bytes) -> None:
    storecache.load_story_or_raise(mini_copy, tmp_path)
    [file] = tmp_path.glob("story-*.json")
    file.write_bytes(damage)
    story = storecache.load_story_or_raise(mini_copy, tmp_path)
    assert story.id == "mini"


def test_a_scene_changed_inside_the_cache_is_caught_by_the_digest(
    tmp_path: Path, mini_copy: Path
) -> None:
    storecache.load_story_or_raise(mini_copy, tmp_path)
    [file] = tmp_path.glob("story-*.json")
    data = json.loads(file.read_text())
    data["scenes"]["yard"] = data["scenes"]["yard"].replace("yard", "y\\u0000rd", 1)
    file.write_text(json.dumps(data))  # still valid JSON: only the digest can tell
    story = storecache.load_story_or_raise(mini_copy, tmp_path)
    assert story.scenes["yard"] == load_story(mini_copy)[0].scenes["yard"]  # type: ignore[union-attr]
    assert json.loads(file.read_text())["scenes"]["yard"] != data["scenes"]["yard"]  # healed


def test_cached_scenes_are_decoded_when_first_asked_for(tmp_path: Path) -> None:
    from tests.conftest import SCENES

    storecache.load_story_or_raise(SCENES, tmp_path)
    story = storecache.load_story_or_raise(SCENES, tmp_path)
    scenes = story.scenes
    assert isinstance(scenes, storecache.LazyScenes)
    assert set(scenes._decoded) == {story.start}  # the start, checked while reading
    fresh = load_story_or_raise(SCENES)  # uncached: the count follows the story as it grows
    assert "mx_death" in scenes and "nowhere" not in scenes and len(scenes) == len(fresh.scenes)
    assert set(scenes._decoded) == {story.start}  # membership and size decode nothing
    death = scenes["mx_death"]
    assert scenes["mx_death"] is death  # decoded once, then kept
    assert death.ending == "historical"


def test_warming_a_cached_story_decodes_every_scene_once(tmp_path: Path) -> None:
    """What the first choice asks for (every chapter's notes, the endings) is worked out by
    `warm`, which the TUI runs off its UI thread after the first frame."""
    from tests.conftest import SCENES

    storecache.load_story_or_raise(SCENES, tmp_path)
    story = storecache.load_story_or_raise(SCENES, tmp_path)
    scenes = story.scenes
    assert isinstance(scenes, storecache.LazyScenes)
    story.warm()
    assert set(scenes._decoded) == set(scenes)
    fresh = load_story_or_raise(SCENES)
    notes = sum(1 for s in fresh.scenes.values() for c in s.choices if c.note)
    assert story.notes_per_chapter == fresh.notes_per_chapter
    assert sum(story.notes_per_chapter.values()) == notes
    assert set(story.notes_per_chapter) == {c.id for c in fresh.chapters}
    assert [s.id for s in story.endings] == [s.id for s in fresh.scenes.values() if s.ending]


def test_a_broken_story_is_never_cached(tmp_path: Path, mini_copy: Path) -> None:
    (mini_copy / "one.yaml").write_text("chapter: one\nscenes: [")
    with pytest.raises(StoryError):
        storecache.load_story_or_raise(mini_copy, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()
