"""What `validate` tells an author beyond errors: TODOs left, dates going backwards,
YAML 1.1 number forms, constant conditions, and counts in their right number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine.findings import Findings, Location
from game.engine.loader import load_story
from game.engine.validate import summary, summary_line
from game.tools.scaffold import new_scene
from tests.conftest import SCENES


def edit(folder: Path, old: str, new: str, name: str = "one.yaml") -> None:
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def places(folder: Path, code: str) -> list[tuple[str, int, int]]:
    _story, findings = load_story(folder)
    return [
        (Path(f.location.file).name, f.location.line, f.location.column)
        for f in findings.items
        if f.code == code
    ]


# -- TODO -------------------------------------------------------------------------------------


def test_a_new_scene_skeleton_is_not_clean_while_it_says_todo(mini_copy: Path) -> None:
    story, _ = load_story(mini_copy)
    assert story is not None
    new_scene(story, mini_copy, "riverbank", "one")
    story, findings = load_story(mini_copy)
    todos = [f for f in findings.warnings if f.code == "todo-left"]
    assert len(todos) >= 10  # place, title, text, each choice's text and note fields
    assert all(f.location.file.endswith("one.yaml") for f in todos)
    assert len({f.location.line for f in todos}) == len(todos)  # each at its own line


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("title: The hut", "title: The hut TODO", 6),
        ("A second paragraph.", "A second paragraph. TODO: check", 7),
        ('source: "Test Author, A Test Book (2000), ch. 1"', "source: TODO", 21),
    ],
    ids=["title", "text_block", "note_source"],
)
def test_todo_anywhere_in_story_text_is_a_warning(
    mini_copy: Path, old: str, new: str, line: int
) -> None:
    edit(mini_copy, old, new)
    assert [(file, at) for file, at, _ in places(mini_copy, "todo-left")] == [("one.yaml", line)]


def test_the_real_story_has_no_todo_left() -> None:
    assert places(SCENES, "todo-left") == []


# -- dates along the historical road ----------------------------------------------------------


def test_a_scene_dated_before_the_one_leading_to_it_is_pointed_out(mini_copy: Path) -> None:
    # hut (1900-10) -> yard by a history choice: the yard now says June 1900
    edit(mini_copy, "date: 1900-11-02", "date: 1900-06")
    assert places(mini_copy, "date-backwards") == [("one.yaml", 12, 9)]


@pytest.mark.parametrize(
    "yard_date",
    ["1900", "1900-10", "1900-10-31", "1900-11"],
    ids=["year_only", "same_month", "later_day", "later_month"],
)
def test_partial_dates_are_compared_only_as_far_as_both_go(mini_copy: Path, yard_date: str) -> None:
    edit(mini_copy, "date: 1900-11-02", f"date: {yard_date}")
    assert places(mini_copy, "date-backwards") == []


def test_a_chapter_starting_before_the_last_one_ended_is_pointed_out(mini_copy: Path) -> None:
    edit(mini_copy, 'date: "1901"', "date: 1900-01", "two.yaml")  # city, after road_end 1900-12
    assert places(mini_copy, "date-backwards") == [("one.yaml", 63, 9)]


def test_the_real_story_never_goes_back_in_time() -> None:
    assert places(SCENES, "date-backwards") == []


# -- YAML 1.1 number forms --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "hint"),
    [("017", "`17`"), ("0x1F", "`31`"), ("1_000", "`1000`"), ("0b101", "`5`"), ("1:30", "`90`")],
    ids=["octal", "hex", "underscores", "binary", "base_60"],
)
def test_yaml_1_1_number_forms_have_their_own_finding(
    mini_copy: Path, written: str, hint: str
) -> None:
    edit(mini_copy, "max: 3,", f"max: {written},", "story.yaml")
    story, findings = load_story(mini_copy)
    assert story is None
    [finding] = findings.errors
    assert finding.code == "yaml11-number"
    assert (finding.location.line, finding.location.column) == (9, 39)
    assert finding.hint is not None and hint in finding.hint


def test_plain_whole_numbers_still_load(mini_copy: Path) -> None:
    edit(mini_copy, "max: 3,", "max: +3,", "story.yaml")
    story, _ = load_story(mini_copy)
    assert story is not None and story.variables["courage"].maximum == 3


# -- sov_escaped: a gate that was always open -------------------------------------------------


def test_the_real_story_has_no_constant_condition() -> None:
    assert places(SCENES, "condition-constant") == []


# -- plurals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("errors", "warnings", "said"),
    [
        (0, 0, "0 errors, 0 warnings"),
        (1, 1, "1 error, 1 warning"),
        (2, 3, "2 errors, 3 warnings"),
    ],
    ids=["none", "one_each", "several"],
)
def test_the_summary_line_counts_in_the_right_number(errors: int, warnings: int, said: str) -> None:
    findings = Findings()
    for _ in range(errors):
        findings.error(Location("a.yaml"), "x", code="wrong-type")
    for _ in range(warnings):
        findings.warning(Location("a.yaml"), "x", code="short-note")
    assert summary_line("s", None, findings) == f"s: {said}; the story cannot be played"


def test_one_of_a_kind_is_said_in_the_singular(mini_copy: Path) -> None:
    story, findings = load_story(mini_copy)
    assert story is not None
    counts = {**summary(story), "chapters": 1}
    line = summary_line("story", counts, findings)
    assert line.startswith("story: 1 chapter, 6 scenes, 6 choices, 6 notes, 2 endings;")


# -- the list of codes in docs/authoring.md ---------------------------------------------------

ENGINE = Path(__file__).resolve().parents[2] / "game" / "engine"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
# the modules that make findings (a module that starts making them joins this list)
FINDING_MODULES = [
    "yamlsource",
    "yamlerrors",
    "reader",
    "loader",
    "validate",
    "analysis",
    "conditions",
    "findings",
]


def test_every_finding_code_is_listed_for_authors() -> None:
    """Codes are the engine's hyphenated string literals; the docs' table lists each once."""
    used: set[str] = set()
    for name in FINDING_MODULES:
        text = (ENGINE / f"{name}.py").read_text()
        used |= set(re.findall(r'"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"', text))
    used -= {"utf-8"}
    listed = re.findall(r"^\| `([a-z0-9-]+)` \| (?:error|warning) \|", DOCS.read_text(), re.M)
    assert len(listed) == len(set(listed))
    assert used == set(listed)
