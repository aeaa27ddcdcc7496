"""The check that story text holds no control characters (`text-control` findings).

An author never means an ESC, a C1 code or a bidi override: in a terminal they write the
clipboard, retitle the window, clear the screen or make a line read backwards. They can
reach a scalar raw or as a double-quoted escape (`"\\e"`, `"\\x9b"`, `"\\u202e"`), so the
composed values are checked, keys included, and each one is reported where it is.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.engine.findings import Findings, Location
from game.engine.sanitize import CONTROL, describe_control

CODE = "text-control"
HINT = "remove it: story text is shown as written, and a terminal would obey it"


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def report_controls(root: Node | None, text: str, file: str, findings: Findings) -> None:
    """Report every scalar of the tree that holds a control character (see the module)."""
    if root is None or ("\\" not in text and CONTROL.search(text) is None):
        return  # no escape was written and no raw control is there: nothing can hold one
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((value, key))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, ScalarNode):
            found = CONTROL.search(str(node.value))
            if found is None:
                continue
            start, end = node.start_mark.index, node.end_mark.index
            raw = CONTROL.search(text, start, end)  # written raw: point at the character
            if raw is not None:
                line, column = _line_col(text, raw.start())
            else:  # written as an escape: point at the value
                line, column = node.start_mark.line + 1, node.start_mark.column + 1
            findings.error(
                Location(file, line, column),
                f"the text holds the control character {describe_control(found.group())}",
                HINT,
                code=CODE,
            )
