"""The condition language of `if:`: tokenize, parse, type-check and evaluate.

Grammar (`not` binds tightest, then `and`, then `or`):

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand)?
    operand    := NAME | INTEGER | STRING | "true" | "false"
                | "visited" "(" NAME ")" | "(" expr ")"

Expressions become small immutable trees; nothing is ever handed to `eval`.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from game.engine.findings import suggest

Value = bool | int | str
Kind = Literal["flag", "counter", "text"]
KEYWORDS = {"and", "or", "not", "true", "false"}
COMPARATORS = {"==", "!=", "<", "<=", ">", ">="}
MAX_LENGTH = 500
MAX_DEPTH = 40

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<int>-?\d+)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<string>"[^"\\\n]*")
    | (?P<op>==|!=|<=|>=|<|>|\(|\))
    )""",
    re.VERBOSE,
)


class ConditionError(ValueError):
    """A malformed or ill-typed condition; `offset` is where in the text it went wrong."""

    def __init__(
        self, message: str, offset: int = 0, hint: str | None = None, code: str = "condition-type"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint
        self.code = code  # the finding code `validate` reports it under


@dataclass(frozen=True, slots=True)
class Literal_:
    value: Value
    offset: int


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True, slots=True)
class Visited:
    scene: str
    offset: int


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr
    offset: int


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: Literal["and", "or"]
    operands: tuple[Expr, ...]
    offset: int


@dataclass(frozen=True, slots=True)
class Compare:
    op: str
    left: Expr
    right: Expr
    offset: int


Expr = Literal_ | Name | Visited | Not | BoolOp | Compare


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "int", "name", "string", "op", "end"
    text: str
    offset: int


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            tokens.append(_Tok("end", "", pos))
            return tokens
        match = _TOKEN.match(text, pos)
        if not match or not match.lastgroup:
            char = text[pos]
            hint = None
            if char == "=":
                hint = "use `==` to compare"
            elif char in "&|!":
                hint = "use `and`, `or`, `not`"
            elif char in "'\"":
                hint = 'text goes in double quotes: "like this"'
            raise ConditionError(f"unexpected character `{char}`", pos, hint)
        kind = match.lastgroup
        tokens.append(_Tok(kind, match.group(kind), match.start(kind)))
        pos = match.end()


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    def peek(self) -> _Tok:
        return self.tokens[self.index]

    def take(self) -> _Tok:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def is_word(self, word: str) -> bool:
        token = self.peek()
        return token.kind == "name" and token.text == word

    def expect_op(self, op: str) -> None:
        token = self.take()
        if token.kind != "op" or token.text != op:
            raise ConditionError(f"expected `{op}`, found {_describe(token)}", token.offset)

    def parse(self) -> Expr:
        expr = self.expr()
        token = self.peek()
        if token.kind != "end":
            hint = "join conditions with `and` or `or`" if token.kind == "name" else None
            raise ConditionError(f"unexpected {_describe(token)}", token.offset, hint)
        return expr

    def expr(self) -> Expr:
        return self.bool_chain("or", self.and_expr)

    def and_expr(self) -> Expr:
        return self.bool_chain("and", self.not_expr)

    def bool_chain(self, op: Literal["and", "or"], parse_operand: Callable[[], Expr]) -> Expr:
        start = self.peek().offset
        items: list[Expr] = [parse_operand()]
        while self.is_word(op):
            self.take()
            items.append(parse_operand())
        return items[0] if len(items) == 1 else BoolOp(op, tuple(items), start)

    def not_expr(self) -> Expr:
        if self.is_word("not"):
            token = self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ConditionError("condition is nested too deeply", token.offset)
            inner = self.not_expr()
            self.depth -= 1
            return Not(inner, token.offset)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.operand()
        token = self.peek()
        if token.kind == "op" and token.text in COMPARATORS:
            self.take()
            right = self.operand()
            return Compare(token.text, left, right, token.offset)
        return left

    def operand(self) -> Expr:
        token = self.take()
        if token.kind == "int":
            return Literal_(int(token.text), token.offset)
        if token.kind == "string":
            return Literal_(token.text[1:-1], token.offset)
        if token.kind == "op" and token.text == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ConditionError("condition is nested too deeply", token.offset)
            inner = self.expr()
            self.expect_op(")")
            self.depth -= 1
            return inner
        if token.kind == "name":
            if token.text in ("true", "false"):
                return Literal_(token.text == "true", token.offset)
            if token.text in KEYWORDS:
                raise ConditionError(f"`{token.text}` needs something before it", token.offset)
            if token.text == "visited" and self.peek().text == "(":
                self.take()
                scene = self.take()
                if scene.kind != "name":
                    raise ConditionError(
                        f"expected a scene id, found {_describe(scene)}", scene.offset
                    )
                self.expect_op(")")
                return Visited(scene.text, token.offset)
            return Name(token.text, token.offset)
        raise ConditionError(f"expected a value, found {_describe(token)}", token.offset)


def _describe(token: _Tok) -> str:
    return "the end of the condition" if token.kind == "end" else f"`{token.text}`"


def parse(text: str) -> Expr:
    """Parse a condition; raises ConditionError with the offset of the problem."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"condition is longer than {MAX_LENGTH} characters")
    if not text.strip():
        raise ConditionError("condition is empty")
    return _parsed(text)


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> Expr:
    """The tree of a condition text, shared by every choice that writes the same text (a
    story repeats its conditions; the trees are immutable). Errors are never cached."""
    return _Parser(text).parse()


_KIND_OF_VALUE: dict[type, Kind] = {bool: "flag", int: "counter", str: "text"}


def kind_of(value: Value) -> Kind:
    return _KIND_OF_VALUE[type(value)]


def check(
    expr: Expr, variables: Mapping[str, Kind], scenes: Collection[str]
) -> list[ConditionError]:
    """Type-check an expression against the declared variables; every problem is returned."""
    problems: list[ConditionError] = []

    def kind(node: Expr) -> Kind | None:
        if isinstance(node, Literal_):
            return kind_of(node.value)
        if isinstance(node, Name):
            if node.name not in variables:
                problems.append(
                    ConditionError(
                        f"unknown variable `{node.name}`",
                        node.offset,
                        suggest(node.name, variables) or "declare it under `variables:`",
                        "unknown-variable",
                    )
                )
                return None
            return variables[node.name]
        if isinstance(node, Visited):
            if node.scene not in scenes:
                problems.append(
                    ConditionError(
                        f"unknown scene `{node.scene}` in visited()",
                        node.offset,
                        suggest(node.scene, scenes),
                        "unknown-scene",
                    )
                )
            return "flag"
        if isinstance(node, Not):
            want_flag(node.operand)
            return "flag"
        if isinstance(node, BoolOp):
            for operand in node.operands:
                want_flag(operand)
            return "flag"
        left, right = kind(node.left), kind(node.right)
        if left and right and left != right:
            problems.append(ConditionError(f"cannot compare a {left} with a {right}", node.offset))
        elif node.op not in ("==", "!=") and left and left != "counter":
            problems.append(
                ConditionError(f"`{node.op}` compares numbers, not a {left}", node.offset)
            )
        return "flag"

    def want_flag(node: Expr) -> None:
        found = kind(node)
        if found and found != "flag":
            example = "`name >= 1`" if found == "counter" else '`name == "text"`'
            problems.append(
                ConditionError(
                    f"a {found} is not true or false by itself",
                    node.offset,
                    f"compare it, e.g. {example}",
                )
            )

    want_flag(expr)
    return problems


def evaluate(expr: Expr, variables: Mapping[str, Value], visited: Collection[str]) -> bool:
    """Evaluate a checked expression; unknown names count as false, never as errors."""
    return bool(_value(expr, variables, visited))


def _value(expr: Expr, variables: Mapping[str, Value], visited: Collection[str]) -> Value:
    if isinstance(expr, Literal_):
        return expr.value
    if isinstance(expr, Name):
        return variables.get(expr.name, False)
    if isinstance(expr, Visited):
        return expr.scene in visited
    if isinstance(expr, Not):
        return not _value(expr.operand, variables, visited)
    if isinstance(expr, BoolOp):
        if expr.op == "and":
            return all(_value(item, variables, visited) for item in expr.operands)
        return any(_value(item, variables, visited) for item in expr.operands)
    left = _value(expr.left, variables, visited)
    right = _value(expr.right, variables, visited)
    if type(left) is not type(right):
        return expr.op == "!="
    return bool(_COMPARE[expr.op](left, right))


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


Predicate = Callable[[Mapping[str, Value], Collection[str]], bool]


def compile_expr(expr: Expr) -> Predicate:
    """Turn a checked expression into a closure: the same meaning as `evaluate`, faster."""
    value = _compile(expr)
    return lambda variables, visited: bool(value(variables, visited))


_Getter = Callable[[Mapping[str, Value], Collection[str]], Value]


def _compile(expr: Expr) -> _Getter:
    if isinstance(expr, Literal_):
        constant = expr.value
        return lambda v, s: constant
    if isinstance(expr, Name):
        name = expr.name
        return lambda v, s: v.get(name, False)
    if isinstance(expr, Visited):
        scene = expr.scene
        return lambda v, s: scene in s
    if isinstance(expr, Not):
        inner = _compile(expr.operand)
        return lambda v, s: not inner(v, s)
    if isinstance(expr, BoolOp):
        parts = [_compile(item) for item in expr.operands]
        if expr.op == "and":
            return lambda v, s: all(part(v, s) for part in parts)
        return lambda v, s: any(part(v, s) for part in parts)
    left, right, compare = _compile(expr.left), _compile(expr.right), _COMPARE[expr.op]
    unequal = expr.op == "!="

    def comparison(v: Mapping[str, Value], s: Collection[str]) -> bool:
        a, b = left(v, s), right(v, s)
        if type(a) is not type(b):
            return unequal
        return bool(compare(a, b))

    return comparison


def names_in(expr: Expr) -> tuple[set[str], set[str]]:
    """The variables and the visited() scenes an expression reads."""
    names: set[str] = set()
    scenes: set[str] = set()
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Name):
            names.add(node.name)
        elif isinstance(node, Visited):
            scenes.add(node.scene)
        elif isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, BoolOp):
            stack.extend(node.operands)
        elif isinstance(node, Compare):
            stack.extend((node.left, node.right))
    return names, scenes


def constants_of(expr: Expr) -> dict[str, set[Value]]:
    """For each variable, the constants it is compared with (for choosing test values)."""
    found: dict[str, set[Value]] = {}
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Compare):
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if isinstance(side, Name) and isinstance(other, Literal_):
                    found.setdefault(side.name, set()).add(other.value)
            stack.extend((node.left, node.right))
        elif isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, BoolOp):
            stack.extend(node.operands)
    return found
