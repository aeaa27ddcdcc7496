"""Safe YAML reading: text -> a checked node tree that keeps line and column of every value.

Only the safe loaders are used (libyaml's when present). Nodes are composed, never
constructed into Python objects, so no tag can run code; aliases are refused, because a
shared node is how "billion laughs" documents explode; duplicate keys and unknown tags
are reported instead of being silently resolved.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.engine.findings import Findings, Location
from game.engine.safefile import read_regular
from game.engine.textcheck import report_controls

try:  # the C parser is ten times faster; the pure-Python one gives the same nodes
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_STR, _SEQ, _MAP = (
    _BaseLoader.DEFAULT_SCALAR_TAG,
    _BaseLoader.DEFAULT_SEQUENCE_TAG,
    _BaseLoader.DEFAULT_MAPPING_TAG,
)
# The safe loader's implicit resolvers (bool, int, float, null, timestamp, ...) by the first
# character of a plain scalar, each list ending with those for any character.
_ANY_FIRST = tuple(_BaseLoader.yaml_implicit_resolvers.get(None, []))
_BY_FIRST = {
    first: (*resolvers, *_ANY_FIRST)
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    if first is not None
}


# The tag each short plain scalar resolved to, kept across files: a story's keys (`id`,
# `text`, `goto`, ...), flags and dates repeat thousands of times. Bounded, so a file of
# many distinct values cannot grow it without end.
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 20_000


def _resolve_plain(value: str) -> str:
    for tag, pattern in _BY_FIRST.get(value[:1], _ANY_FIRST):
        if pattern.match(value):
            return str(tag)
    return _STR


class _Loader(_BaseLoader):
    """The safe loader, with its tag resolution in one short function: the composer calls it
    for every node (a sixth of composing a big story in PyYAML's general version). The same
    implicit resolvers give the same tags; path resolvers, which we never add, are skipped."""

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                tag = _RESOLVED.get(value)  # type: ignore[arg-type]
                if tag is None:
                    tag = _resolve_plain(value or "")
                    if len(_RESOLVED) < _RESOLVED_MAX and len(value or "") <= 64:
                        _RESOLVED[value or ""] = tag
                return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        pass  # only path resolvers need it

    def ascend_resolver(self) -> None:
        pass


MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 32
MAX_EVENTS = 200_000  # a real chapter has a few thousand
SAFE_DEPTH = 5_000  # libyaml's composer crashed at about 25,000 levels; far below that
_STARTS = ("\n", ":", ",", "-", "?", "[", "{", '"', "'", "|", ">")
_NOT_STARTS = bytes(sorted(set(range(256)) - set("".join(_STARTS).encode())))  # deleted
_CORE = "tag:yaml.org,2002:"
# characters YAML 1.1 does not allow in a document (its `c-printable`, inverted)
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
ALLOWED_TAGS = {
    _CORE + name for name in ("str", "int", "bool", "null", "float", "map", "seq", "timestamp")
}


def location(file: str, node: Node) -> Location:
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_yaml(path: Path, shown_as: str, findings: Findings) -> Node | None:
    """Compose one YAML file; report every problem as a finding and return None on failure."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            findings.error(
                Location(shown_as),
                f"file is {size // 1024} KB; story files are limited to {MAX_FILE_BYTES // 1024} KB",
                "split the chapter into several files",
                code="file-too-large",
            )
            return None
        data = read_regular(path, MAX_FILE_BYTES)  # never a FIFO or a device
    except OSError as err:
        findings.error(
            Location(shown_as), f"cannot read file: {err.strerror or err}", code="file-unreadable"
        )
        return None
    return parse_yaml(data, shown_as, findings)


def parse_yaml(data: bytes, shown_as: str, findings: Findings) -> Node | None:
    """Compose YAML bytes into checked nodes (see the module docstring)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        good = data[: err.start].decode("utf-8", "replace")
        line, col = _line_col(good, len(good))
        findings.error(
            Location(shown_as, line, col),
            f"the file is not valid UTF-8 (byte 0x{data[err.start]:02x})",
            "save the file as UTF-8",
            code="file-not-utf8",
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        findings.error(
            Location(shown_as, line, col), "the file contains a NUL character", code="file-nul"
        )
        return None
    try:
        too_big = None if _surely_small(data) else _too_big(text)
        if too_big is not None:
            code, problem, offset = too_big
            line, col = _line_col(text, offset)
            findings.error(
                Location(shown_as, line, col), problem, "split it, or write it flatter", code=code
            )
            return None
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        from game.engine import yamlerrors  # only a broken file needs the explaining

        said = yamlerrors.explain(text, err, MAX_DEPTH)
        findings.error(
            Location(shown_as, said.line, said.column),
            said.message,
            said.hint,
            code=said.code,
            excerpt=yamlerrors.excerpt(text, said.line, said.column),
        )
        return None
    except yaml.reader.ReaderError:
        # libyaml counts bytes and PyYAML characters, in different words: find it ourselves
        found = _FORBIDDEN.search(text)
        line, col = _line_col(text, found.start()) if found else (1, 1)
        what = f" (U+{ord(found.group()):04X})" if found else ""
        findings.error(
            Location(shown_as, line, col),
            f"the file holds a control character{what} that YAML does not allow",
            "delete it; it is invisible in most editors",
            code="file-control-char",
        )
        return None
    except yaml.YAMLError:
        findings.error(
            Location(shown_as),
            "YAML cannot read the file",
            "check its indentation, colons and quotes",
            code="yaml-syntax",
        )
        return None
    except (RecursionError, MemoryError):
        findings.error(
            Location(shown_as),
            f"nesting deeper than {MAX_DEPTH} levels",
            "split it, or write it flatter",
            code="yaml-too-deep",
        )
        return None
    if node is None:
        return None
    report_controls(node, text, shown_as, findings)  # an author never means an ESC
    return node if _check_tree(node, shown_as, findings, aliases="*" in text) else None


def _surely_small(text: str | bytes) -> bool:
    """True when simple counts prove the document within the limits `_too_big` enforces,
    so its second parse can be skipped (it was a third of loading a 5,000-scene story).

    Nesting: flow collections open with `[` or `{`; a nested block collection starts at a
    greater column, or at the same column at most every second level (a sequence as a
    mapping's value), so block depth is below twice the widest line. Values: every node
    starts at, or right after, one of `_STARTS` (or the start of the text), and one such
    character starts at most three nodes (`{a}` is a mapping, a key and a null), each of
    at most two events.

    The counts run over the UTF-8 bytes (as the file was read): an ASCII character is one
    byte that no other character's bytes contain, and a line is never fewer bytes than
    characters, so the bounds hold, in one `translate` where eleven counts were.
    """
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    flow = data.count(b"[") + data.count(b"{")
    widest = max(map(len, data.split(b"\n")))
    if flow + 2 * (widest + 2) > SAFE_DEPTH:
        return False
    starts = 1 + len(data.translate(None, _NOT_STARTS))
    return 6 * starts + 8 <= MAX_EVENTS


def _too_big(text: str) -> tuple[str, str, int] | None:
    """(code, problem, offset) when the document nests too deeply or holds too many values.

    libyaml's composer recurses in C and crashes on tens of thousands of levels, and a node
    tree costs far more memory than its text; the parser's events stream in constant memory,
    so they are counted first.
    """
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=_Loader)):
        at = event.start_mark.index if event.start_mark else 0
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", at
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if count > MAX_EVENTS:
            return "yaml-too-many-values", f"more than {MAX_EVENTS:,} values in one file", at
    return None


def _check_tree(root: Node, file: str, findings: Findings, aliases: bool = True) -> bool:
    """Refuse aliases, foreign tags, duplicate keys and deep nesting; True when clean.

    With `aliases` False (the text holds no `*`, so no node can be shared), a plain scalar
    whose tag is allowed is passed over where it is found: most nodes are such scalars.
    """
    seen: set[int] = set()
    ok = True
    stack: list[tuple[Node, int]] = [(root, 0)]
    allowed = ALLOWED_TAGS
    while stack:
        node, depth = stack.pop()
        if aliases:
            if id(node) in seen:
                findings.error(
                    location(file, node),
                    "aliases (`*name`) are not allowed in story files",
                    "write the value out in full",
                    code="yaml-alias",
                )
                return False
            seen.add(id(node))
        if depth > MAX_DEPTH:
            findings.error(
                location(file, node),
                f"nesting deeper than {MAX_DEPTH} levels",
                code="yaml-too-deep",
            )
            return False
        if node.tag not in allowed:
            findings.error(
                location(file, node),
                f"the tag `{node.tag.replace(_CORE, '!!')}` is not allowed in story files",
                "remove the `!` tag",
                code="yaml-tag",
            )
            ok = False
            continue
        below = depth + 1
        # a plain scalar child with an allowed tag is clean where it is found (see above)
        skip = not aliases and below <= MAX_DEPTH
        if isinstance(node, MappingNode):
            keys: dict[str, Node] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.value in keys:
                        first = keys[key.value].start_mark.line + 1
                        findings.error(
                            location(file, key),
                            f"duplicate key `{key.value}` (first given on line {first})",
                            "YAML would silently keep only the last one; remove one",
                            code="yaml-duplicate-key",
                        )
                        ok = False
                    keys[key.value] = key
                if not (skip and type(key) is ScalarNode and key.tag in allowed):
                    stack.append((key, below))
                if not (skip and type(value) is ScalarNode and value.tag in allowed):
                    stack.append((value, below))
        elif isinstance(node, SequenceNode):
            stack.extend(
                (item, below)
                for item in node.value
                if not (skip and type(item) is ScalarNode and item.tag in allowed)
            )
    return ok
