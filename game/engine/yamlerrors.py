"""YAML syntax errors told in an author's words: what is wrong, where, and how to fix it.

libyaml and the pure-Python parser word the same mistake differently, and their words
change between releases (PyYAML 6.0.4's libyaml refuses deep nesting itself). So the
diagnosis reads the author's text around the spot the parser stopped at, and uses the
parser's words only as a last clue; every result carries one of our stable codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_KEY = re.compile(
    r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[^\s#:'\"\[\]{},][^:#]*?|\"[^\"]*\"|'[^']*'):(?: |$)"
)

_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)  # `\"` stays inside
_SINGLE = re.compile(r"'(?:[^']|'')*'")  # `''` stays inside


@dataclass(frozen=True, slots=True)
class Explained:
    """One syntax error as the author should read it; line and column count from 1."""

    code: str
    message: str
    hint: str | None
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class _Level:
    """Where a key (or a list dash) sits on an earlier line."""

    column: int  # from 1
    line: int  # from 1
    name: str  # `choices:`, or `-` for a list item's dash
    has_value: bool  # the key's value is on its own line already
    dash: bool

    def __str__(self) -> str:
        if self.dash:
            return f"the `-` of the list item on line {self.line}"
        return f"`{self.name}` on line {self.line}"


def explain(text: str, err: yaml.MarkedYAMLError, max_depth: int) -> Explained:
    """Diagnose a parser error in `text` (see the module docstring)."""
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    problem = f"{err.problem or ''} {err.context or ''}"
    if "nesting depth" in problem or _nested_beyond(lines, line, column, max_depth):
        line, column = _first_too_deep(text, max_depth) or (line, column)
        return Explained(
            "yaml-too-deep",
            f"nesting deeper than {max_depth} levels",
            "split it, or write it flatter",
            line,
            column,
        )
    tab = _first_tab(lines, line)
    if tab is not None:
        return Explained(
            "yaml-tab",
            "this line is indented with a tab; YAML indents with spaces only",
            "replace the tab with spaces (set your editor to insert spaces)",
            *tab,
        )
    context = err.context_mark
    opened = _char_at(lines, context.line + 1, context.column + 1) if context else ""
    if (
        context
        and opened in ("'", '"')
        and (context.line + 1 != line or _at_end(lines, line, column))
    ):
        return Explained(
            "yaml-quote",
            f"the quote {opened} opened here is never closed",
            f"end the value with {opened} on the same line, or remove the opening {opened}",
            context.line + 1,
            context.column + 1,
        )
    if context and opened in ("[", "{"):
        closing = "]" if opened == "[" else "}"
        return Explained(
            "yaml-unclosed",
            f"the `{opened}` opened here is never closed",
            f"add the missing `{closing}`, or put the whole value in quotes",
            context.line + 1,
            context.column + 1,
        )
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if {_char_at(lines, line, column - 1), _char_at(lines, line, column)} & {"'", '"'}:
        unclosed = _unclosed_quote_above(lines, line)
        if unclosed is not None:
            start_line, start_column, quote = unclosed
            return Explained(
                "yaml-quote",
                f"the quote {quote} opened here is never closed on its line,"
                f" so YAML reads on to line {line}",
                f"end the value with {quote} on the same line",
                start_line,
                start_column,
            )
    found = _quote_then_more(here, column)
    if found is not None:
        return _found_quote(line, found)
    start = _char_at(lines, line, column)
    if (
        start
        and start in "@`%*&!"
        and not here[: column - 1].rstrip(" -").endswith(("[", "{", ","))
    ):
        return Explained(
            "yaml-reserved-char",
            "a plain value cannot start with " + ("a backtick" if start == "`" else f"`{start}`"),
            "put the whole value in quotes",
            line,
            column,
        )
    if (
        context
        and context.line + 1 != line
        and ("expected ':'" in problem or _no_key(lines, context.line + 1))
    ):
        return _no_colon(lines, context.line + 1)
    indented = _indentation(lines, line)
    if indented is not None:
        return indented
    colon = _colon_in_value(here, column)
    if colon is not None:
        return Explained(
            "yaml-colon",
            "this value holds `: `, which YAML reads as the start of another key",
            f"put the whole value in quotes: `{colon}`",
            line,
            column,
        )
    return Explained(
        "yaml-syntax",
        "YAML cannot read the file from here",
        "check the indentation, colons and quotes on this line and the one above",
        line,
        column,
    )


def excerpt(text: str, line: int, column: int) -> str:
    """The line, numbered, and a caret under the column; tabs shown as `→`."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return ""
    shown = lines[line - 1].replace("\t", "→")
    if len(shown) > 120:  # keep the spot in view on long lines
        cut = max(0, column - 60)
        shown = shown[cut : cut + 120]
        column -= cut
    gutter = f"{line:>5} | "
    return f"{gutter}{shown}\n{' ' * (len(gutter) - 2)}| {' ' * (column - 1)}^"


def _found_quote(line: int, spot: tuple[int, str]) -> Explained:
    column, quote = spot
    other = "'" if quote == '"' else '"'
    inside = '\\"' if quote == '"' else "''"
    return Explained(
        "yaml-quote",
        f"the quoted value ends at the {quote} in column {column}, but the line goes on after it",
        f"to use {quote} inside a value, quote it with {other} instead, or write {inside}",
        line,
        column,
    )


def _at_end(lines: list[str], line: int, column: int) -> bool:
    """Whether the spot is past the last character of its line (where an open quote runs out)."""
    return 0 < line <= len(lines) and column > len(lines[line - 1].rstrip())


def _char_at(lines: list[str], line: int, column: int) -> str:
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _nested_beyond(lines: list[str], line: int, column: int, max_depth: int) -> bool:
    """Whether the text is already nested too deeply where the parser stopped, whatever
    its words: unclosed brackets up to the spot, or a line that deep in dashes."""
    before = (
        "\n".join(lines[: line - 1])
        + "\n"
        + (lines[line - 1][: column - 1] if line <= len(lines) else "")
    )
    if before.count("[") + before.count("{") - before.count("]") - before.count("}") > max_depth:
        return True
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    return len(here) - len(here.lstrip(" -")) > 4 * max_depth


def _first_too_deep(text: str, max_depth: int) -> tuple[int, int] | None:
    """Where the first bracket deeper than `max_depth` opens, as our own count finds it
    whichever parser stopped first (libyaml 0.2.6 stops at 1,000 levels, by itself)."""
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > max_depth:
                line = text.count("\n", 0, index) + 1
                return line, index - (text.rfind("\n", 0, index) + 1) + 1
        elif char in "]}":
            depth -= 1
    return None


def _first_tab(lines: list[str], line: int) -> tuple[int, int] | None:
    """A tab in the indentation of the line the parser stopped at, or of the one above."""
    for number in range(max(1, line - 1), min(line, len(lines)) + 1):
        text = lines[number - 1]
        stripped = text.lstrip(" \t-")
        if "\t" in text[: len(text) - len(stripped)]:
            return number, text.index("\t") + 1
    return None


def _unclosed_quote_above(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """(line, column, quote) of the nearest value above that opens a quote and leaves it open."""
    for number in range(line - 1, max(0, line - 200), -1):
        text = lines[number - 1]
        match = _KEY.match(text)
        start = match.end() if match else len(text) - len(text.lstrip(" -"))
        value = text[start:].lstrip(" ")
        if value[:1] in ("'", '"') and _closing(value) is None:
            return number, len(text) - len(value) + 1, value[0]
    return None


def _closing(value: str) -> int | None:
    """The index of the quote that closes the quoted `value`, or None when it stays open."""
    match = (_DOUBLE if value[0] == '"' else _SINGLE).match(value)
    return match.end() - 1 if match else None


def _quote_then_more(text: str, column: int) -> tuple[int, str] | None:
    """(column of the closing quote, the quote) when a quoted value is followed by more."""
    match = _KEY.match(text)
    start = match.end() if match else len(text) - len(text.lstrip(" -"))
    value = text[start:]
    if not value[:1] or value[0] not in "\"'":
        return None
    index = _closing(value)
    if index is None:
        return None
    rest = value[index + 1 :].strip()
    if rest and not rest.startswith("#") and start + index + 1 < column + 1:
        return start + index + 1, value[0]
    return None


def _colon_in_value(text: str, column: int) -> str | None:
    """The line rewritten with its value quoted, when `: ` inside a value stopped the parser."""
    match = _KEY.match(text)
    if not match or column - 1 <= match.end() - 1:
        return None
    value = text[match.end() :].strip()
    if not value or value[0] in "\"'[{|>":
        return None
    quoted = value.replace('"', '\\"')
    return f'{match.group("key")}: "{quoted}"'


def _no_key(lines: list[str], line: int) -> bool:
    """Whether the line holds neither `key:` nor a list item: a key whose colon is missing."""
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return bool(text) and not _KEY.match(lines[line - 1]) and text[0] not in "-#'\"[{|>"


def _no_colon(lines: list[str], line: int) -> Explained:
    text = lines[line - 1]
    column = len(text) - len(text.lstrip(" -")) + 1
    glued = re.match(r"^ *(?:- +)*([A-Za-z_][\w-]*):(\S.*)$", text)
    if glued:
        return Explained(
            "yaml-colon",
            f"`{glued.group(1)}:` needs a space after its colon",
            f"write `{glued.group(1)}: {glued.group(2)}`",
            line,
            column + len(glued.group(1)) + 1,
        )
    return Explained(
        "yaml-colon",
        "this line is neither `key: value` nor a `- ` list item",
        "add the `:` after the key; if the line goes on with the text above, indent it"
        " further than that text's key, or start the text with `|`",
        line,
        column,
    )


def _levels_above(lines: list[str], line: int) -> list[_Level]:
    """The keys and dashes that enclose `line`, nearest first, each less indented than the
    one before (lines inside a `|` text block are passed over)."""
    levels: list[_Level] = []
    limit = 10**9
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indent = len(text) - len(text.lstrip(" "))
        match = _KEY.match(text)
        if match is None:
            if text.lstrip().startswith("- ") and indent + 1 < limit:
                levels.append(_Level(indent + 1, number, "-", True, True))
                limit = indent + 1
            continue
        key_column = len(match.group("indent")) + len(match.group("dash")) + 1
        value = text[match.end() :].strip()
        has_value = bool(value) and not value.startswith(("#", "|", ">"))
        if key_column < limit:
            name = f"{match.group('key')}:"
            levels.append(_Level(key_column, number, name, has_value, False))
            limit = key_column
        if match.group("dash") and indent + 1 < limit:
            levels.append(_Level(indent + 1, number, "-", True, True))
            limit = indent + 1
        if limit == 1:
            break
    return levels


def _indentation(lines: list[str], line: int) -> Explained | None:
    """A line whose indentation fits none of the keys above it."""
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    if not _KEY.match(text) and not text.lstrip().startswith("- "):
        return None
    column = len(text) - len(text.lstrip(" ")) + 1
    levels = _levels_above(lines, line)
    if not levels:
        return None
    nearest = levels[0]
    glued = next((level for level in levels[:2] if re.match(r"-[^\s-]", level.name)), None)
    if glued is not None:
        return Explained(
            "yaml-indent",
            f"`{glued.name}` on line {glued.line} needs a space after `-` to start a list item",
            f"write `- {glued.name[1:]}`",
            glued.line,
            glued.column,
        )
    if column > nearest.column and not nearest.dash:
        if not nearest.has_value:
            return None  # a proper child of `key:` on a line of its own
        return Explained(
            "yaml-indent",
            f"this line is indented more than {nearest}, which already has its value",
            f"line it up with `{nearest.name}` (column {nearest.column})",
            line,
            column,
        )
    columns = [level.column for level in levels]
    if column in columns:
        same = levels[columns.index(column)]
        if same.dash and not text.lstrip().startswith("- "):
            key_column = column + 2
            return Explained(
                "yaml-indent",
                f"this line is lined up with the `-` of the list item on line {same.line},"
                " but does not start with `- `",
                f"indent it to column {key_column} to add it to that item,"
                " or start it with `- ` to begin a new item",
                line,
                column,
            )
        return None
    outer = next((level for level in levels if level.column < column), None)
    inner = next((level for level in reversed(levels) if level.column > column), None)
    if outer is None or inner is None:
        return None
    if inner.dash:
        where = f"column {inner.column + 2}, like the keys of that item"
    else:
        where = f"`{inner.name}` (column {inner.column})"
    return Explained(
        "yaml-indent",
        f"this line is indented less than {inner} but more than {outer}:"
        " YAML cannot tell which it belongs to",
        f"line it up with {where}"
        + ("" if outer.dash else f", or with `{outer.name}` (column {outer.column})"),
        line,
        column,
    )
