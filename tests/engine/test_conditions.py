"""The condition language: parsing, type checks, evaluation, and hostile input."""

from __future__ import annotations

import pytest

from game.engine import conditions
from game.engine.conditions import ConditionError

KINDS: dict[str, conditions.Kind] = {"escaped": "flag", "ties": "counter", "faction": "text"}
SCENES = {"samara", "london"}


def holds(text: str, **variables: conditions.Value) -> bool:
    expr = conditions.parse(text)
    assert conditions.check(expr, KINDS, SCENES) == []
    values: dict[str, conditions.Value] = {"escaped": False, "ties": 0, "faction": ""}
    values.update(variables)
    return conditions.evaluate(expr, values, {"samara"})


@pytest.mark.parametrize(
    ("text", "variables", "expected"),
    [
        ("escaped", {"escaped": True}, True),
        ("not escaped", {"escaped": True}, False),
        ("ties >= 3", {"ties": 3}, True),
        ("ties > 3", {"ties": 3}, False),
        ("ties != 2 and not escaped", {"ties": 1}, True),
        ('faction == "menshevik"', {"faction": "menshevik"}, True),
        ("escaped or ties == 0", {}, True),
        ("not (escaped or ties == 0)", {}, False),
        ("escaped and ties == 0 or true", {}, True),  # and binds tighter than or
        ("visited(samara)", {}, True),
        ("visited(london)", {}, False),
        ("ties >= -1", {}, True),
    ],
)
def test_conditions_evaluate(
    text: str, variables: dict[str, conditions.Value], expected: bool
) -> None:
    assert holds(text, **variables) is expected


@pytest.mark.parametrize(
    ("text", "words", "offset"),
    [
        ("ties = 3", "`=`", 5),
        ("escaped &&", "`&`", 8),
        ("(escaped", "expected `)`", 8),
        ("escaped ties", "unexpected `ties`", 8),
        ("and escaped", "needs something before it", 0),
        ("", "empty", 0),
        ("ties >=", "expected a value", 7),
        ("'x' == faction", "unexpected character", 0),
    ],
)
def test_malformed_conditions_are_reported_with_their_place(
    text: str, words: str, offset: int
) -> None:
    with pytest.raises(ConditionError) as caught:
        conditions.parse(text)
    assert words in caught.value.message
    assert caught.value.offset == offset


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ties", "a counter is not true or false by itself"),
        ("escaped > 1", "cannot compare a flag with a counter"),
        ('faction < "b"', "compares numbers"),
        ("tiez >= 1", "unknown variable `tiez`"),
        ("visited(samaria)", "unknown scene `samaria`"),
    ],
)
def test_ill_typed_conditions_are_found(text: str, words: str) -> None:
    problems = conditions.check(conditions.parse(text), KINDS, SCENES)
    assert any(words in p.message for p in problems), [p.message for p in problems]


def test_unknown_names_get_a_suggestion() -> None:
    (problem,) = conditions.check(conditions.parse("escapd"), KINDS, SCENES)
    assert problem.hint == "did you mean `escaped`?"


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo pwned')",
        "exec('1')",
        "escaped.__class__",
        "eval",  # a bare name is only a variable, never a function
        "open('/etc/passwd')",
        "[x for x in ()]",
        "lambda: 1",
        "not " * 1000 + "escaped",
        "(" * 500 + "escaped" + ")" * 500,
        "x" * 10_000,
    ],
)
def test_hostile_conditions_are_errors_not_code(text: str) -> None:
    try:
        expr = conditions.parse(text)
    except ConditionError:
        return
    # whatever parsed is only a name; it is never called
    assert conditions.check(expr, KINDS, SCENES)
