"""Deeper validation: unused variables, impossible conditions, dead ends, stray files."""

from __future__ import annotations

from pathlib import Path

from game.engine.loader import load_story


def edit(folder: Path, old: str, new: str, name: str = "one.yaml") -> None:
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


# The small story's `if: escaped` in two.yaml is true on its one road to `city`: the
# example of a constant condition (see the tests at the end), left out of the others.
CONSTANT = "condition-constant"


def warnings(folder: Path) -> list[str]:
    story, findings = load_story(folder)
    assert story is not None, [str(f) for f in findings.errors]
    return [str(f) for f in findings.warnings if f.code != CONSTANT]


def test_the_small_story_is_clean(mini_copy: Path) -> None:
    assert warnings(mini_copy) == []


def test_a_condition_beyond_the_counters_range_is_never_true(mini_copy: Path) -> None:
    edit(mini_copy, "if: courage >= 1", "if: courage > 3")
    [found] = warnings(mini_copy)
    assert ":46:9: warning: the condition `courage > 3` can never be true" in found


def test_a_flag_nobody_sets_cannot_open_a_choice(mini_copy: Path) -> None:
    edit(mini_copy, "set: { escaped: true }", "add: { courage: 1 }")
    found = warnings(mini_copy)
    assert any("the condition `escaped` can never be true" in f for f in found), found
    assert any("variable `escaped` is declared but never used" not in f for f in found)


def test_a_scene_whose_choices_can_all_close_is_a_dead_end(mini_copy: Path) -> None:
    edit(
        mini_copy,
        "goto: finale\n        note:",
        "goto: finale\n        if: not escaped\n        note:",
        "two.yaml",
    )
    found = warnings(mini_copy)
    assert (
        any(
            "scene `city` can be a dead end: when `escaped` is False, no choice is open" in f
            for f in found
        )
        is False
    )  # `escaped` or `not escaped`: one is always open
    edit(mini_copy, "if: not escaped", "if: courage >= 2", "two.yaml")
    found = warnings(mini_copy)
    assert any(
        "two.yaml:3:9: warning: scene `city` can be a dead end: when `courage` is 0, `escaped` is False"
        in f
        for f in found
    ), found


def test_unused_and_write_only_variables(mini_copy: Path) -> None:
    edit(
        mini_copy,
        "  escaped: { default: false }",
        "  escaped: { default: false }\n  spare: { default: 0 }",
        "story.yaml",
    )
    edit(mini_copy, "if: escaped", "if: courage >= 0", "two.yaml")
    found = warnings(mini_copy)
    assert any(
        "story.yaml:11:3: warning: variable `spare` is declared but never used" in f for f in found
    )
    assert any("variable `escaped` is set but no condition ever reads it" in f for f in found)


def test_a_yaml_file_not_in_the_manifest_is_pointed_out(mini_copy: Path) -> None:
    (mini_copy / "three.yaml").write_text("chapter: three\nscenes: []\n")
    [found] = warnings(mini_copy)
    assert (
        "three.yaml:1:1: warning: `three.yaml` is not listed under `chapters:` in story.yaml"
        in found
    )


def codes_and_places(folder: Path) -> list[tuple[str, str, int, int]]:
    story, findings = load_story(folder)
    assert story is not None, [str(f) for f in findings.errors]
    return [
        (f.code, Path(f.location.file).name, f.location.line, f.location.column)
        for f in findings.warnings
    ]


def test_a_condition_true_on_every_road_to_its_scene_is_pointed_out(mini_copy: Path) -> None:
    # every road to `city` hides in the hay, which sets `escaped`: `if: escaped` decides nothing
    assert codes_and_places(mini_copy) == [(CONSTANT, "two.yaml", 9, 9)]


def test_one_road_with_another_value_makes_the_condition_count(mini_copy: Path) -> None:
    edit(mini_copy, "goto: caught", "goto: road_end")  # boasting now leads on, not escaped
    assert codes_and_places(mini_copy) == [("unreachable-scene", "one.yaml", 55, 9)]


def test_a_condition_false_on_every_road_is_pointed_out(mini_copy: Path) -> None:
    edit(mini_copy, "if: escaped", "if: not escaped", "two.yaml")
    found = codes_and_places(mini_copy)
    assert (CONSTANT, "two.yaml", 9, 9) in found


def test_a_loop_with_a_growing_counter_settles(mini_copy: Path) -> None:
    """Round and round the city: the analysis stops, and a counter with no max varies."""
    edit(
        mini_copy,
        "  escaped: { default: false }",
        "  escaped: { default: false }\n  laps: { default: 0 }",
        "story.yaml",
    )
    edit(
        mini_copy,
        "      - text: Leave\n        goto: finale\n",
        "      - text: Leave\n        goto: city\n        if: laps < 50\n        add: { laps: 1 }\n",
        "two.yaml",
    )
    found = codes_and_places(mini_copy)
    assert ("condition-constant", "two.yaml", 19, 9) not in found
    assert ("condition-constant", "two.yaml", 9, 9) in found  # `escaped` is still true there
