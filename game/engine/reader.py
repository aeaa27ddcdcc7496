"""Typed access to checked YAML nodes, reporting every misfit in the author's words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.engine.conditions import Value
from game.engine.findings import Findings, Location, suggest
from game.engine.yamlsource import location

_TAG = "tag:yaml.org,2002:"
_NULL = _TAG + "null"
_TRUE = {"true", "yes", "on", "y"}
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")


class Reader:
    """Reads one file's nodes; each method returns None after reporting a problem."""

    def __init__(self, file: str, findings: Findings) -> None:
        self.file = file
        self.findings = findings

    def at(self, node: Node) -> Location:
        return location(self.file, node)

    def error(self, node: Node, message: str, hint: str | None = None, *, code: str) -> None:
        self.findings.error(self.at(node), message, hint, code=code)

    def fields(
        self, node: Node, what: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict[str, Node] | None:
        """The values of a mapping by key; unknown and missing keys are reported."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of `key: value` lines", code="wrong-type")
            return None
        known = [*required, *optional]
        found: dict[str, Node] = {}
        unknown: list[ScalarNode] = []
        for key, value in node.value:
            if type(key) is not ScalarNode:
                self.error(key, f"{what} has a key that is not a plain word", code="bad-key")
            elif key.value in known:  # a scalar's value is a str
                found[key.value] = value
            else:
                unknown.append(key)
        if not unknown and len(found) >= len(required) and all(k in found for k in required):
            return found  # the usual case, with nothing to report
        missing = [k for k in required if k not in found]
        for key in unknown:
            name = str(key.value)
            hint = suggest(name, known)
            if hint and hint.split("`")[1] in missing:  # a typo for a missing key: say it once
                missing.remove(hint.split("`")[1])
            self.error(
                key,
                f"unknown key `{name}` in {what}",
                hint or "allowed: " + ", ".join(f"`{k}`" for k in known),
                code="unknown-key",
            )
        if missing:
            names = ", ".join(f"`{k}`" for k in missing)
            self.error(node, f"{what} is missing {names}", code="missing-key")
        return found

    def text(self, node: Node, what: str) -> str | None:
        """A non-empty string; any scalar is read as the text the author typed."""
        if type(node) is not ScalarNode:
            self.error(node, f"{what} must be text, not a {_shape(node)}", code="wrong-type")
            return None
        value: str = node.value.strip()
        if not value or (node.tag == _NULL and not node.style):
            self.error(node, f"{what} is empty", code="empty-value")
            return None
        if "TODO" in value:
            self.findings.warning(
                self.at(node),
                f"{what} still says TODO",
                "write the real text, then remove the TODO",
                code="todo-left",
            )
        return value

    def integer(self, node: Node, what: str) -> int | None:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "int":
            written = str(node.value)
            if _DECIMAL.match(written):
                return int(written)
            self.error(
                node,
                f"{what} `{written}` is {_yaml11_form(written)} in YAML 1.1;"
                " story files take whole numbers in plain digits",
                f"write `{_plain_digits(written)}`, or put it in quotes if it is text",
                code="yaml11-number",
            )
            return None
        self.error(node, f"{what} must be a whole number", code="wrong-type")
        return None

    def flag(self, node: Node, what: str) -> bool | None:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "bool":
            word = str(node.value)
            if word.lower() not in ("true", "false"):
                self.findings.warning(
                    self.at(node),
                    f"`{word}` is read as {word.lower() in _TRUE}",
                    "write `true` or `false`",
                    code="yes-no-flag",
                )
            return word.lower() in _TRUE
        self.error(node, f"{what} must be `true` or `false`", code="wrong-type")
        return None

    def value(self, node: Node, what: str) -> Value | None:
        """A flag, a whole number or a text, by how the author wrote it."""
        if isinstance(node, ScalarNode):
            if node.tag == _TAG + "bool":
                return self.flag(node, what)
            if node.tag == _TAG + "int":
                return self.integer(node, what)
            if node.tag == _TAG + "float":
                self.error(
                    node,
                    f"{what} must be a whole number, `true`/`false` or text",
                    code="wrong-type",
                )
                return None
            if node.tag == _TAG + "null" and not node.style:
                self.error(node, f"{what} is empty", code="empty-value")
                return None
            return str(node.value)
        self.error(node, f"{what} must be a single value, not a {_shape(node)}", code="wrong-type")
        return None

    def sequence(self, node: Node | None, what: str) -> list[Node] | None:
        """The items of a list; None (silently) when the key was missing, already reported."""
        if node is None:
            return None
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.error(node, f"{what} must be a list (lines starting with `- `)", code="wrong-type")
        return None

    def texts(self, node: Node, what: str) -> list[str] | None:
        items = self.sequence(node, what)
        if items is None:
            return None
        values = [self.text(item, f"an item of {what}") for item in items]
        return [v for v in values if v is not None]

    def pairs(self, node: Node, what: str) -> list[tuple[ScalarNode, Node]] | None:
        """The `name: value` pairs of a mapping whose keys are names the author chose."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of `name: value` lines", code="wrong-type")
            return None
        pairs = []
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                pairs.append((key, value))
            else:
                self.error(key, f"{what} has a key that is not a plain word", code="bad-key")
        return pairs


def _yaml11_form(written: str) -> str:
    """What kind of YAML 1.1 integer `written` is (PyYAML resolves all of these to int)."""
    digits = written.lstrip("+-")
    if ":" in digits:
        return "a base-60 number"
    if digits[:2] in ("0x", "0X"):
        return "a hexadecimal number"
    if digits[:2] in ("0b", "0B"):
        return "a binary number"
    if digits.startswith("0") and len(digits.replace("_", "")) > 1:
        return "an octal number"
    return "a number with `_` between its digits"


def _plain_digits(written: str) -> str:
    """The author's digits as a plain decimal, the way most people read them: `017` as 17."""
    sign = "-" if written.startswith("-") else ""
    digits = written.lstrip("+-").replace("_", "")
    if ":" in digits or digits[:2].lower() in ("0x", "0b"):
        return sign + str(_yaml11_value(digits))
    return sign + (digits.lstrip("0") or "0")


def _yaml11_value(digits: str) -> int:
    if ":" in digits:
        value = 0
        for part in digits.split(":"):
            value = value * 60 + int(part)
        return value
    return int(digits, 0)


def _shape(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    return "value"
