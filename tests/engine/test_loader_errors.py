"""The loader on real broken files: each finding names file, line, column, problem and hint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.engine.loader import load_story
from tests.conftest import DATA, MINI

BAD = DATA / "bad_scenes"

# file -> (line, column, words the message must contain)
EXPECTED = {
    "unknown_target": (
        36,
        9,
        "`goto: road_edn` in scene `yard` names no scene; did you mean `road_end`?",
    ),
    "duplicate_id": (55, 5, "scene id `yard` is used twice (first at"),
    "bad_condition": (
        48,
        21,
        "bad condition `courage = 1`: unexpected character `=`; use `==` to compare",
    ),
    "yaml_syntax": (45, 20, "YAML syntax error: did not find expected key"),
    "unknown_key": (6, 5, "unknown key `titel` in a scene; did you mean `title`?"),
    "alias": (5, 12, "aliases (`*name`) are not allowed"),
    "python_tag": (58, 12, "the tag `!!python/object/apply:os.system` is not allowed"),
    "duplicate_key": (34, 5, "duplicate key `title` (first given on line 33)"),
    "tab_indent": (6, 1, "found a tab character"),
    "undeclared_variable": (36, 9, "undeclared variable `escapd`; did you mean `escaped`?"),
    "bad_date": (31, 11, "`date` of scene `yard` must look like 1902, 1902-08 or 1902-08-21"),
    "no_way_forward": (55, 5, "scene `caught` needs exactly one of `choices`"),
    "wrong_type": (14, 25, "`add` needs a whole number for `courage`"),
}


def test_every_bad_file_has_an_expectation() -> None:
    assert {p.stem for p in BAD.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_file_is_reported_at_its_place(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    shutil.copy(BAD / f"{case}.yaml", folder / "one.yaml")
    monkeypatch.chdir(tmp_path)
    story, findings = load_story(folder)
    assert story is None
    line, column, words = EXPECTED[case]
    printed = [str(f) for f in findings.errors]
    assert f"story/one.yaml:{line}:{column}: error: " in "\n".join(printed)
    assert any(
        p.startswith(f"story/one.yaml:{line}:{column}: error: ") and words in p for p in printed
    ), printed
    # one mistake, one message: nothing cascades from it
    assert len(printed) == (2 if case == "duplicate_id" else 1), printed


def test_missing_manifest_says_where_to_point(tmp_path: Path) -> None:
    story, findings = load_story(tmp_path)
    assert story is None
    assert "no story manifest here" in str(findings.errors[0])
    assert "--scenes" in str(findings.errors[0])


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (b"", "has no scenes yet"),
        (b"\xff\xfe\x00garbage", "not valid UTF-8"),
        (b"chapter: one\nscenes: 3\n", "`scenes` must be a list"),
        (b"- just\n- a list\n", "a chapter file must be a mapping"),
        (b"chapter: two\nscenes: []\n", "story.yaml lists it as `one`"),
        (b"a: &a [*a, *a]\n", "aliases"),
        (b"[" * 5000 + b"]" * 5000, "nesting deeper"),
        (b"chapter: one\nscenes:\n  - id: Bad-Id\n", "must be lowercase letters"),
    ],
)
def test_hostile_chapter_files_give_findings(mini_copy: Path, payload: bytes, words: str) -> None:
    (mini_copy / "one.yaml").write_bytes(payload)
    _story, findings = load_story(mini_copy)
    assert any(words in str(f) for f in findings.items), [str(f) for f in findings.items]


def test_billion_laughs_is_refused_quickly(mini_copy: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (mini_copy / "one.yaml").write_text("\n".join(lines) + "\n")
    story, findings = load_story(mini_copy)
    assert story is None
    assert "aliases (`*name`) are not allowed" in str(findings.errors[0])


def test_yes_and_no_are_flagged(mini_copy: Path) -> None:
    text = (mini_copy / "one.yaml").read_text().replace("history: true", "history: yes", 1)
    (mini_copy / "one.yaml").write_text(text)
    story, findings = load_story(mini_copy)
    assert story is not None
    assert any("`yes` is read as True" in str(f) for f in findings.warnings)
