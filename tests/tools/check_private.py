"""Find uses of Textual's private parts in the tests: an attribute whose name starts with `_`
and is one of Textual's own (`app._driver`, `screen._compositor`, `pilot._wait_for_screen`),
a name given as text to getattr/setattr/hasattr/monkeypatch.setattr, or an import of a
private Textual module (`textual._wait`). Any Textual release may change those.

    python -m tests.tools.check_private        # the tests/ folder; exit 1 if any is found

Names our own code (game/, tests/) also defines are not counted as Textual's: tests may
look at our objects (e.g. `scenes._decoded` of the story cache).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import textual

TESTS = Path(__file__).resolve().parent.parent
OURS = [TESTS.parent / "game", TESTS]
DEFINED = re.compile(
    r"(?:\bdef\s+|\bclass\s+|\bself\.|\bcls\.|^\s*|\bimport\s+|,\s*)(_[A-Za-z0-9]\w*)\b", re.M
)
BY_NAME = {"getattr", "setattr", "hasattr", "delattr"}


def private_names(folders: Iterable[Path]) -> set[str]:
    """Every `_name` (not dunder) defined or assigned in the .py files of the folders."""
    names: set[str] = set()
    for folder in folders:
        for path in folder.rglob("*.py"):
            names.update(
                n for n in DEFINED.findall(path.read_text(encoding="utf-8")) if "__" not in n
            )
    return names


def textual_private_names() -> set[str]:
    return private_names([Path(textual.__file__).parent]) - private_names(OURS)


def uses(path: Path, textual_names: set[str]) -> list[str]:
    """`file:line: what` for each use of a Textual private part in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    # names bound to other libraries' modules (`os._exit` is the os module's, not Textual's)
    other_modules = {
        alias.asname or alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.split(".")[0] != "textual"
    }
    found = []
    for node in ast.walk(tree):
        where = f"{path}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute) and node.attr in textual_names:
            if not (isinstance(node.value, ast.Name) and node.value.id in other_modules):
                found.append(f"{where}: .{node.attr}")
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called in BY_NAME:
                for arg in node.args[:2]:
                    if isinstance(arg, ast.Constant) and arg.value in textual_names:
                        found.append(f"{where}: {called}(..., {arg.value!r})")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules.append(node.module)
                modules += [f"{node.module}.{a.name}" for a in node.names]
            for module in modules:
                parts = module.split(".")
                if parts[0] == "textual" and any(p.startswith("_") for p in parts[1:]):
                    found.append(f"{where}: imports {module}")
                    break
    return found


def private_uses(files: Iterable[Path]) -> list[str]:
    names = textual_private_names()
    return [line for path in files for line in uses(path, names)]


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted(TESTS.rglob("*.py"))
    found = private_uses(files)
    for line in found:
        print(line)
    print(f"{len(found)} uses of Textual's private parts in {len(files)} files", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
