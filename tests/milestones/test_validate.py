"""`validate` checks milestone conditions and content notes, with our codes and file:line:column."""

from __future__ import annotations

import json
from pathlib import Path

from game.engine import content, milestones
from game.engine.loader import load_story
from tests.conftest import SCENES
from tests.milestones.conftest import tagged_copy

# the small test story's own `if: escaped` is always true where it is read: not a milestone's
STORY_OWN = {"condition-constant"}


def findings_for(tmp_path: Path, text: str) -> list[tuple[str, str, str]]:
    """The findings of the milestones file, beside the test story's own known one."""
    folder = tagged_copy(tmp_path, text)
    _, found = load_story(folder)
    return [(f.code, str(f.location), str(f)) for f in found.items if f.code not in STORY_OWN]


def one(title: str, condition: str, ident: str = "m") -> str:
    return (
        f"milestones:\n  - id: {ident}\n    title: {title}\n"
        f"    description: Something.\n    if: {condition}\n"
    )


def test_an_unknown_name_is_found_where_it_is_with_a_suggestion(tmp_path: Path) -> None:
    found = findings_for(tmp_path, one("Typo", "notes_red_one >= 1"))
    codes = [f for f in found if f[0] == milestones.UNKNOWN]
    assert len(codes) == 1
    _, where, text = codes[0]
    assert where.endswith("milestones.yaml:2:9")
    assert "notes_red_one" in text and "did you mean `notes_read_one`?" in text


def test_a_condition_that_can_never_hold_is_a_warning(tmp_path: Path) -> None:
    found = findings_for(tmp_path, one("Too many", "notes_read_one >= 5"))
    assert [f[0] for f in found] == [milestones.UNREACHABLE]
    assert found[0][1].endswith("milestones.yaml:2:9")


def test_a_reachable_condition_gives_no_finding(tmp_path: Path) -> None:
    assert findings_for(tmp_path, one("Fine", "notes_read_one >= 4 and ending_caught")) == []


def test_bad_grammar_is_found_at_the_character(tmp_path: Path) -> None:
    found = findings_for(tmp_path, one("Bad", "notes_read = 1"))
    assert [f[0] for f in found] == [milestones.BAD_CONDITION]
    assert found[0][1].endswith("milestones.yaml:5:20")  # the `=` itself


def test_an_id_declared_twice(tmp_path: Path) -> None:
    twice = one("One", "notes_read >= 1") + one("Two", "notes_read >= 2").replace(
        "milestones:\n", ""
    )
    found = findings_for(tmp_path, twice)
    assert [f[0] for f in found] == [milestones.DUPLICATE]
    assert found[0][1].endswith("milestones.yaml:6:9")


def test_an_unknown_content_word_suggests_the_right_one(tmp_path: Path) -> None:
    folder = tagged_copy(tmp_path)
    one_file = folder / "one.yaml"
    one_file.write_text(
        one_file.read_text().replace("content: [imprisonment]", "content: [war, exection]")
    )
    _, found = load_story(folder)
    items = [f for f in found.items if f.code == content.CODE]
    assert len(items) == 1
    assert str(items[0].location).endswith("one.yaml:31:20")
    assert "did you mean `execution`?" in str(items[0])


def test_the_schema_lists_exactly_the_vocabulary() -> None:
    schema = json.loads((SCENES / "schema" / "chapter.schema.json").read_text())
    listed = schema["$defs"]["scene"]["properties"]["content"]["items"]["enum"]
    assert listed == list(content.VOCABULARY)


def test_the_shipped_milestones_load_clean_and_are_between_15_and_25() -> None:
    story, found = load_story(SCENES)
    assert story is not None
    assert not [f for f in found.items if f.code.startswith("milestone")]
    assert 15 <= len(story.milestones) <= 25
