"""The cheap size check that lets real story files skip the second, counting parse."""

from __future__ import annotations

import contextlib

import pytest
import yaml

from game.engine import yamlsource
from game.engine.findings import Findings
from tests.conftest import SCENES
from tests.engine.test_yaml_suite import CASES

HUGE = {
    "flow nesting": "a: " + "[" * 30_000 + "]" * 30_000,
    "compact block nesting": "- " * 30_000 + "x",
    "indented nesting": "".join(" " * i + "a:\n" for i in range(6_000)) + " " * 6_000 + "b",
    "tiny values": "[" + "1," * 250_000 + "1]",
    "many keys": "".join(f"k{i}:\n" for i in range(120_000)),
}


def test_the_real_chapters_are_surely_small() -> None:
    files = sorted(SCENES.glob("*.yaml"))
    assert len(files) >= 11
    for path in files:
        assert yamlsource._surely_small(path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize("text", HUGE.values(), ids=HUGE.keys())
def test_huge_documents_are_never_judged_small(text: str) -> None:
    assert not yamlsource._surely_small(text)
    findings = Findings()
    assert yamlsource.parse_yaml(text.encode(), "huge.yaml", findings) is None
    assert findings.errors  # refused by the counting parse, before composing


def test_judged_small_means_within_the_limits_on_the_yaml_suite() -> None:
    """Soundness on 402 real-world-odd inputs: when the counts say small, counting agrees."""
    judged = 0
    for case in CASES:
        text = case.read_text(encoding="utf-8", errors="replace")
        if not text or not yamlsource._surely_small(text):
            continue
        judged += 1
        with contextlib.suppress(yaml.YAMLError):  # invalid YAML: composing reports it
            assert yamlsource._too_big(text) is None, case.name
    assert judged > 300
