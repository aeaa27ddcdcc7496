"""Find test functions that cannot fail: no `assert`, no `pytest.raises`/`warns`/`fail`, no
`raise AssertionError`, and no call to a helper of the test tree that does one of these.

    python -m tests.tools.check_asserts            # the tests/ folder; exit 1 if any is found
    python -m tests.tools.check_asserts FILE...    # some files only (helpers: all of tests/)

A helper counts when the call reaches a function of the test tree that checks, directly or
through another: a function nested in the test, one of its module, one imported from a
tests.* module, or a method of a class of the test tree (so `await until_shown(...)` and
`watch.check(story)` count, and `subprocess.run(...)` does not).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
PYTEST_CHECKS = {"raises", "warns", "fail", "deprecated_call"}

Function = ast.FunctionDef | ast.AsyncFunctionDef


def functions(tree: ast.AST) -> Iterator[Function]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def checks_itself(function: Function) -> bool:
    """An assert, a pytest.raises/warns/fail, or a raise of AssertionError in the body."""
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in PYTEST_CHECKS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "pytest"
        ):
            return True
        if isinstance(node, ast.Raise) and node.exc is not None:
            raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(raised, ast.Name) and raised.id == "AssertionError":
                return True
    return False


def module_name(path: Path) -> str:
    return ".".join(path.resolve().relative_to(TESTS.parent).with_suffix("").parts)


class Tree:
    """The test tree's functions, and which calls reach which of them."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.modules: dict[Path, ast.Module] = {}
        self.top: dict[str, dict[str, Function]] = {}  # module -> its module-level functions
        self.methods: dict[str, list[Function]] = {}  # method name -> methods of test classes
        self.imports: dict[Path, dict[str, tuple[str, str]]] = {}  # local name -> (module, name)
        self.owner: dict[int, Path] = {}
        for path in paths:
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            self.modules[path] = tree
            name = module_name(path) if path.resolve().is_relative_to(TESTS.parent) else str(path)
            self.top[name] = {
                n.name: n
                for n in tree.body
                if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
            }
            for node in tree.body:
                if isinstance(node, ast.ClassDef):
                    for item in node.body:
                        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                            self.methods.setdefault(item.name, []).append(item)
            self.imports[path] = {
                alias.asname or alias.name: (node.module, alias.name)
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module
                for alias in node.names
            }
            for function in functions(tree):
                self.owner[id(function)] = path
        self.names = {
            path: module_name(path) if path.resolve().is_relative_to(TESTS.parent) else str(path)
            for path in self.modules
        }

    def callees(self, function: Function) -> list[Function]:
        """The test-tree functions this one calls: nested ones, its module's, imported ones,
        and methods of the test tree's classes."""
        path = self.owner[id(function)]
        nested = {f.name: f for f in functions(function) if f is not function}
        found: list[Function] = []
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name):
                name = node.func.id
                if name in nested:
                    found.append(nested[name])
                elif name in self.top[self.names[path]]:
                    found.append(self.top[self.names[path]][name])
                elif name in self.imports[path]:
                    module, original = self.imports[path][name]
                    target = self.top.get(module, {}).get(original)
                    if target is not None:
                        found.append(target)
            elif isinstance(node.func, ast.Attribute) and not node.func.attr.startswith("__"):
                found.extend(self.methods.get(node.func.attr, []))
        return found

    def asserting(self) -> set[int]:
        """The functions that check something, directly or through a callee (a fixed point)."""
        every = [f for tree in self.modules.values() for f in functions(tree)]
        checked = {id(f) for f in every if checks_itself(f)}
        while True:
            more = {
                id(f)
                for f in every
                if id(f) not in checked and any(id(c) in checked for c in self.callees(f))
            }
            if not more:
                return checked
            checked |= more


def is_test(function: Function, path: Path) -> bool:
    return path.name.startswith("test_") and function.name.startswith("test_")


def unchecked_tests(files: Iterable[Path], tree_root: Path = TESTS) -> list[str]:
    """`file:line: name` of every test function in `files` that checks nothing."""
    chosen = [p.resolve() for p in files]
    tree = Tree(sorted({*(p.resolve() for p in tree_root.rglob("*.py")), *chosen}))
    checked = tree.asserting()
    found = []
    for path in chosen:
        for function in tree.modules[path].body:
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if is_test(function, path) and id(function) not in checked:
                found.append(f"{path}:{function.lineno}: {function.name} checks nothing")
    return found


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted(TESTS.rglob("test_*.py"))
    found = unchecked_tests(files)
    for line in found:
        print(line)
    print(f"{len(found)} test functions without a check in {len(files)} files", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
