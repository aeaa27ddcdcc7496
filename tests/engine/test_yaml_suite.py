"""Every input of the official YAML test suite, as a chapter file: findings or a load, never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.engine.loader import load_story
from tests.conftest import DATA, MINI

SUITE = DATA / "yaml-test-suite"  # vendored with its licence: see its README.md
CASES = sorted((SUITE / "cases").glob("*.yaml"))
INVALID = set((SUITE / "error-cases.txt").read_text().split())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("suite") / "story"
    shutil.copytree(MINI, target)
    return target


def test_the_whole_suite_is_there() -> None:
    assert len(CASES) == 402
    assert len(INVALID) == 94


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_yaml_suite_case_gives_findings_or_loads(case: Path, folder: Path) -> None:
    shutil.copy(case, folder / "one.yaml")
    story, findings = load_story(folder)  # must not raise
    if case.stem in INVALID:
        # invalid YAML must be reported, at a place in that file
        assert story is None
        assert any(f.location.file.endswith("one.yaml") for f in findings.errors)
    for finding in findings.items:
        assert finding.location.line >= 1 and finding.location.column >= 1
        assert finding.message and finding.code
    # none of them is a chapter, so the story never loads from them
    assert story is None or findings.warnings
