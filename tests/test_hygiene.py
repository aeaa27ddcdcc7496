"""The suite's own rules, checked on the suite: every test can fail (it asserts, or calls a
helper that does), and no test touches Textual's private parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check_asserts import TESTS, unchecked_tests
from tests.tools.check_private import private_uses


def test_every_test_function_checks_something() -> None:
    assert unchecked_tests(sorted(TESTS.rglob("test_*.py"))) == []


def test_no_test_uses_textual_private_attributes() -> None:
    assert private_uses(sorted(TESTS.rglob("*.py"))) == []


PLANTED_TESTS = """
import pytest
from tests.ui.support import until_shown

def test_computes_only():
    total = 1 + 1

async def test_presses_only(pilot):
    await pilot.press("n")

def test_calls_a_library_only(tmp_path):
    tmp_path.joinpath("x").write_text("x")

def helper_that_checks(x):
    assert x

def test_with_assert():
    assert 1

def test_with_raises():
    with pytest.raises(ValueError):
        int("x")

def test_through_a_helper():
    helper_that_checks(1)

async def test_through_an_imported_helper(pilot):
    await until_shown(pilot, "x")

def test_through_a_nested_helper():
    def inner():
        raise AssertionError("no")
    inner()
"""


def test_the_assert_checker_finds_tests_that_cannot_fail(tmp_path: Path) -> None:
    planted = tmp_path / "test_planted.py"
    planted.write_text(PLANTED_TESTS)
    found = unchecked_tests([planted])
    names = sorted(line.split(": ")[-1].split()[0] for line in found)
    assert names == ["test_calls_a_library_only", "test_computes_only", "test_presses_only"]


@pytest.mark.parametrize(
    ("code", "what"),
    [
        ("text = app.screen._compositor.render_strips()", "._compositor"),
        ("said = list(pilot.app._notifications)", "._notifications"),
        ("await pilot._wait_for_screen()", "._wait_for_screen"),
        ("assert app._exception is None", "._exception"),
        ("driver = app._driver", "._driver"),
        ("done = getattr(app, '_exit', False)", "getattr(..., '_exit')"),
        ("import textual._wait", "imports textual._wait"),
        ("from textual._wait import wait_for_idle", "imports textual._wait"),
    ],
)
def test_the_private_checker_finds_each_kind_of_use(tmp_path: Path, code: str, what: str) -> None:
    planted = tmp_path / "test_planted.py"
    planted.write_text(f"import os\n{code}\nos._exit(0)\nscenes._decoded = 1\n")
    found = private_uses([planted])
    assert [line.split(": ", 1)[1] for line in found] == [what] * len(found)
    assert found and all(line.startswith(f"{planted}:2:") for line in found)
