"""The `if:` language is parsed by hand: hostile text is refused or harmless, and nothing in
the engine ever reaches for eval, exec or an unsafe YAML loader."""

from __future__ import annotations

import ast
import builtins
import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import conditions
from game.engine.conditions import ConditionError
from tests.robustness._support import ROOT, count

ENGINE = ROOT / "game" / "engine"

HOSTILE = [
    "__import__('os').system('touch /tmp/pwned')",
    "__import__",
    "exec('import os')",
    "eval('1+1')",
    "compile('x', 'f', 'exec')",
    "open('/etc/passwd').read()",
    "os.system('id')",
    "courage.__class__.__mro__",
    "courage.__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "lambda x: x",
    "[x for x in ()]",
    "{}",
    "globals()",
    "getattr(courage, 'real')",
    "courage; import os",
    "courage if True else 1",
    "f'{courage}'",
    "courage ** 999999",
    "1 + 1",
    "courage * 2 > 1",
    "`id`",
    "$(id)",
    "${HOME}",
    "courage == 'single quoted'",
    'courage == "unterminated',
    "courage = 1",
    "courage && escaped",
    "courage || escaped",
    "!escaped",
    "visited(",
    "visited()",
    "visited(1)",
    "visited(__import__)",
    "visited(hut",
    "not",
    "and",
    "or or or",
    "(",
    ")",
    "())",
    "((courage >= 1)",
    "courage >= >= 1",
    "courage >= 1 2",
    "\x00",
    "courage\x00 >= 1",
    "courage >= 1\n",
    "\u202ecourage",
    "сourage >= 1",  # a Cyrillic с
    'Лев == "Троцкий"',
    "courage >= ٣",  # an Arabic-Indic digit
    "1" * 499,
    "9" * 400 + " > 1",
    "x" * 10_000,
    "(" * 10_000,
    "(" * 200 + "escaped" + ")" * 200,
    "not " * 120 + "escaped",
    "not (" * 90 + "escaped" + ")" * 90,
    " and ".join(["escaped"] * 60),
    " or ".join(["escaped"] * 80),
    "   ",
    "",
    "\t\n",
]


@contextlib.contextmanager
def no_dynamic_code() -> Iterator[list[str]]:
    """eval, exec and compile raise while the block runs; calls are recorded too."""
    called: list[str] = []
    saved = {name: getattr(builtins, name) for name in ("eval", "exec", "compile")}

    def trap(name: str):  # type: ignore[no-untyped-def]
        def refuse(*args: object, **kwargs: object) -> None:
            called.append(name)
            raise AssertionError(f"{name}() was called by the condition engine")

        return refuse

    try:
        for name in saved:
            setattr(builtins, name, trap(name))
        yield called
    finally:
        for name, original in saved.items():
            setattr(builtins, name, original)


def exercise(text: str) -> str:
    """Parse, check, evaluate and compile one condition; returns what happened."""
    try:
        expr = conditions.parse(text)
    except ConditionError as err:
        assert err.message and isinstance(err.offset, int)
        assert 0 <= err.offset <= max(len(text), 0)
        return "refused"
    problems = conditions.check(expr, {"courage": "counter", "escaped": "flag"}, {"hut"})
    assert all(isinstance(p, ConditionError) for p in problems)
    variables = {"courage": 1, "escaped": True}
    result = conditions.evaluate(expr, variables, {"hut"})
    assert isinstance(result, bool)
    assert conditions.compile_expr(expr)(variables, {"hut"}) is result
    conditions.names_in(expr)
    conditions.constants_of(expr)
    return "parsed"


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_conditions_are_refused_or_harmless(text: str) -> None:
    with no_dynamic_code() as called:  # how fast: figure 8b of the benchmarks
        outcome = exercise(text)
    assert called == []
    count("hostile conditions")
    if any(word in text for word in ("__", "(", "'", ".", "lambda", "=")) and outcome == "parsed":
        # whatever parsed is made only of the little language's own nodes
        expr = conditions.parse(text)
        stack = [expr]
        while stack:
            node = stack.pop()
            assert isinstance(
                node,
                conditions.Literal_
                | conditions.Name
                | conditions.Visited
                | conditions.Not
                | conditions.BoolOp
                | conditions.Compare,
            )
            stack.extend(
                getattr(node, attr) for attr in ("operand", "left", "right") if hasattr(node, attr)
            )
            stack.extend(getattr(node, "operands", ()))


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('id')",
        "courage.__class__",
        "lambda: 1",
        "x" * 10_000,
        "(" * 10_000,
        "not " * 120 + "escaped",
        "exec('1')",
    ],
)
def test_code_and_overlong_or_deep_text_is_refused(text: str) -> None:
    with pytest.raises(ConditionError):
        conditions.parse(text)


def test_names_that_look_like_python_are_only_unknown_variables() -> None:
    with no_dynamic_code() as called:
        expr = conditions.parse("__import__ or visited(__builtins__)")
        problems = conditions.check(expr, {"courage": "counter"}, {"hut"})
        assert conditions.evaluate(expr, {"__import__": False}, set()) is False
    assert called == []
    assert [p.message for p in problems] == [
        "unknown variable `__import__`",
        "unknown scene `__builtins__` in visited()",
    ]


@settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.text(max_size=80),
        st.text(alphabet="()!=<>\"' andortuevisd_0123456789x", max_size=120),
        st.lists(
            st.sampled_from(
                [
                    "(",
                    ")",
                    "not",
                    "and",
                    "or",
                    "==",
                    "!=",
                    "<",
                    ">=",
                    "courage",
                    "escaped",
                    "visited(hut)",
                    "1",
                    "-3",
                    '"text"',
                    "true",
                    "false",
                    "visited",
                    "__import__",
                ]
            ),
            max_size=40,
        ).map(" ".join),
    )
)
def test_any_text_is_refused_or_evaluated_without_dynamic_code(text: str) -> None:
    with no_dynamic_code() as called:
        exercise(text)
    assert called == []
    count("condition fuzz cases")


DYNAMIC = {"eval", "exec", "compile", "__import__"}
UNSAFE_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all"}
UNSAFE_MODULES = {"pickle", "marshal", "shelve"}


def offences_in(files: list[Path], root: Path) -> list[str]:
    """Every call of eval/exec/compile/__import__, unsafe YAML load and import of pickle,
    marshal, shelve or importlib in the files, as `file:line: what`."""
    offences = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, filename=str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in DYNAMIC:
                    offences.append(f"{where}: {func.id}()")
                if isinstance(func, ast.Attribute) and (
                    func.attr in {"eval", "exec"}
                    or (isinstance(func.value, ast.Name) and func.value.id == "builtins")
                ):
                    offences.append(f"{where}: .{func.attr}()")
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr in UNSAFE_YAML
                    and isinstance(func.value, ast.Name)
                    and func.value.id == "yaml"
                ):
                    offences.append(f"{where}: yaml.{func.attr}()")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names]
                module = getattr(node, "module", None) or ""
                if {*names, module} & UNSAFE_MODULES or "importlib" in {*names, module}:
                    offences.append(f"{where}: imports {names or module}")
        # the plain text too, in case of getattr(builtins, "eval") tricks
        for word in ("eval(", "exec("):
            for line_no, line in enumerate(source.splitlines(), 1):
                stripped = line.split("#", 1)[0]
                index = stripped.find(word)
                if index >= 0 and (
                    index == 0 or not (stripped[index - 1].isalnum() or stripped[index - 1] in "_.")
                ):
                    offences.append(f"{path.relative_to(root)}:{line_no}: {line.strip()}")
    return offences


def test_the_engine_source_has_no_dynamic_code_or_unsafe_loading() -> None:
    files = sorted(ENGINE.rglob("*.py"))
    assert files
    assert offences_in(files, ROOT) == []
    count("engine files scanned for eval/exec", len(files))


PLANTED = {
    "eval": "x = eval('1')",
    "exec": "exec('x = 1')",
    "compile": "code = compile('1', 'f', 'eval')",
    "__import__": "os = __import__('os')",
    "builtins": "import builtins\nbuiltins.getattr(builtins, 'open')",
    "method eval": "frame.eval(source)",
    "yaml.load": "import yaml\nyaml.load(text)",
    "yaml.unsafe_load": "import yaml\nyaml.unsafe_load(text)",
    "pickle": "import pickle",
    "marshal": "from marshal import loads",
    "importlib": "import importlib",
    "getattr trick": "run = getattr(builtins, 'eval'); run('1') if False else eval (x)",
}


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_the_source_scan_finds_each_planted_offence(tmp_path: Path, kind: str) -> None:
    """The scanner the engine test uses is not vacuous: each kind of offence, planted in a
    file among clean ones, is reported at its file and line."""
    clean = tmp_path / "clean.py"
    clean.write_text("import yaml\nvalue = yaml.safe_load(text)\nevaluate = 1\n")
    planted = tmp_path / "planted.py"
    planted.write_text("# line 1\n" + PLANTED[kind] + "\n")
    assert offences_in([clean], tmp_path) == []
    found = offences_in([clean, planted], tmp_path)
    assert found, f"{kind} was not found"
    assert all(offence.startswith("planted.py:") for offence in found), found
    assert any(offence.startswith(("planted.py:2", "planted.py:3")) for offence in found), found
