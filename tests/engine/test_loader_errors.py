"""The loader on real broken files: each finding names file, line, column, problem and hint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.engine.loader import load_story
from tests.conftest import DATA, MINI

BAD = DATA / "bad_scenes"

# file -> (line, column, finding code)
EXPECTED = {
    "unknown_target": (36, 9, "unknown-scene"),
    "duplicate_id": (55, 5, "duplicate-scene"),
    "bad_condition": (48, 21, "bad-condition"),
    "yaml_syntax": (33, 12, "yaml-quote"),  # the quote left open, not where libyaml gave up
    "unknown_key": (6, 5, "unknown-key"),
    "alias": (5, 12, "yaml-alias"),
    "python_tag": (58, 12, "yaml-tag"),
    "duplicate_key": (34, 5, "yaml-duplicate-key"),
    "tab_indent": (6, 1, "yaml-tab"),
    "undeclared_variable": (36, 9, "unknown-variable"),
    "bad_date": (31, 11, "bad-date"),
    "no_way_forward": (55, 5, "scene-kind"),
    "wrong_type": (14, 25, "wrong-type"),
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
    line, column, code = EXPECTED[case]
    found = [(f.location.file, f.location.line, f.location.column, f.code) for f in findings.errors]
    assert ("story/one.yaml", line, column, code) in found, found
    # one mistake, one message: nothing cascades from it
    assert len(found) == (2 if case == "duplicate_id" else 1), found


def test_missing_manifest_says_where_to_point(tmp_path: Path) -> None:
    story, findings = load_story(tmp_path)
    assert story is None
    assert findings.codes == ["no-manifest"]
    assert "--scenes" in str(findings.errors[0])


HOSTILE = {
    "empty": (b"", "empty-chapter"),
    "not_utf8": (b"\xff\xfe\x00garbage", "file-not-utf8"),
    "scenes_not_a_list": (b"chapter: one\nscenes: 3\n", "wrong-type"),
    "top_level_list": (b"- just\n- a list\n", "wrong-type"),
    "other_chapter": (b"chapter: two\nscenes: []\n", "chapter-mismatch"),
    "self_alias": (b"a: &a [*a, *a]\n", "yaml-alias"),
    "flow_nesting_5000": (b"[" * 5000 + b"]" * 5000, "yaml-too-deep"),
    "bad_scene_id": (b"chapter: one\nscenes:\n  - id: Bad-Id\n", "bad-id"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_chapter_files_give_findings(mini_copy: Path, case: str) -> None:
    payload, code = HOSTILE[case]
    (mini_copy / "one.yaml").write_bytes(payload)
    _story, findings = load_story(mini_copy)
    assert code in findings.codes, [f.render() for f in findings.items]


def test_billion_laughs_is_refused_quickly(mini_copy: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (mini_copy / "one.yaml").write_text("\n".join(lines) + "\n")
    story, findings = load_story(mini_copy)
    assert story is None
    assert findings.errors[0].code == "yaml-alias"


def test_yes_and_no_are_flagged(mini_copy: Path) -> None:
    text = (mini_copy / "one.yaml").read_text().replace("history: true", "history: yes", 1)
    (mini_copy / "one.yaml").write_text(text)
    story, findings = load_story(mini_copy)
    assert story is not None
    assert "yes-no-flag" in [f.code for f in findings.warnings]
