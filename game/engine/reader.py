"""Typed access to checked YAML nodes, reporting every misfit in the author's words."""

from __future__ import annotations

from collections.abc import Sequence

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.engine.conditions import Value
from game.engine.findings import Findings, Location, suggest
from game.engine.yamlsource import location

_TAG = "tag:yaml.org,2002:"
_TRUE = {"true", "yes", "on", "y"}


class Reader:
    """Reads one file's nodes; each method returns None after reporting a problem."""

    def __init__(self, file: str, findings: Findings) -> None:
        self.file = file
        self.findings = findings

    def at(self, node: Node) -> Location:
        return location(self.file, node)

    def error(self, node: Node, message: str, hint: str | None = None) -> None:
        self.findings.error(self.at(node), message, hint)

    def fields(
        self, node: Node, what: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict[str, Node] | None:
        """The values of a mapping by key; unknown and missing keys are reported."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of `key: value` lines")
            return None
        known = [*required, *optional]
        found: dict[str, Node] = {}
        unknown: list[ScalarNode] = []
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.error(key, f"{what} has a key that is not a plain word")
            elif str(key.value) in known:
                found[str(key.value)] = value
            else:
                unknown.append(key)
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
            )
        if missing:
            names = ", ".join(f"`{k}`" for k in missing)
            self.error(node, f"{what} is missing {names}")
        return found

    def text(self, node: Node, what: str) -> str | None:
        """A non-empty string; any scalar is read as the text the author typed."""
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} must be text, not a {_shape(node)}")
            return None
        value = str(node.value).strip()
        if not value or (node.tag == _TAG + "null" and not node.style):
            self.error(node, f"{what} is empty")
            return None
        return value

    def integer(self, node: Node, what: str) -> int | None:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "int":
            try:
                return int(str(node.value).replace("_", ""), 0)
            except ValueError:
                pass
        self.error(node, f"{what} must be a whole number")
        return None

    def flag(self, node: Node, what: str) -> bool | None:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "bool":
            word = str(node.value)
            if word.lower() not in ("true", "false"):
                self.findings.warning(
                    self.at(node),
                    f"`{word}` is read as {word.lower() in _TRUE}",
                    "write `true` or `false`",
                )
            return word.lower() in _TRUE
        self.error(node, f"{what} must be `true` or `false`")
        return None

    def value(self, node: Node, what: str) -> Value | None:
        """A flag, a whole number or a text, by how the author wrote it."""
        if isinstance(node, ScalarNode):
            if node.tag == _TAG + "bool":
                return self.flag(node, what)
            if node.tag == _TAG + "int":
                return self.integer(node, what)
            if node.tag == _TAG + "float":
                self.error(node, f"{what} must be a whole number, `true`/`false` or text")
                return None
            if node.tag == _TAG + "null" and not node.style:
                self.error(node, f"{what} is empty")
                return None
            return str(node.value)
        self.error(node, f"{what} must be a single value, not a {_shape(node)}")
        return None

    def sequence(self, node: Node | None, what: str) -> list[Node] | None:
        """The items of a list; None (silently) when the key was missing, already reported."""
        if node is None:
            return None
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.error(node, f"{what} must be a list (lines starting with `- `)")
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
            self.error(node, f"{what} must be a mapping of `name: value` lines")
            return None
        pairs = []
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                pairs.append((key, value))
            else:
                self.error(key, f"{what} has a key that is not a plain word")
        return pairs


def _shape(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    return "value"
