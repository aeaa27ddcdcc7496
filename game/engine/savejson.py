"""What a save file may hold: JSON with bounded, finite numbers, and text with no control
character. Everything our game writes passes; a hand-made or hostile file is refused
before any number or text of it is used.

Python's `int()` refuses 5,000-digit numbers with a ValueError of its own, `json` reads
`NaN` and `1e999` as floats no JSON writer may write back, and a save's name or place is
shown in a terminal: each is stopped here with words for the player.
"""

from __future__ import annotations

import json
import math
from typing import Any

from game.engine.sanitize import clean, first_control

MAX_DIGITS = 15  # any whole number in a save; a 5,000-digit one stops here, not in int()


class Refused(ValueError):
    """A number in a save that no game writes."""


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise Refused(f"a number of {len(text)} digits")
    return int(text)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or len(text) > 40:
        raise Refused(f"the number {text[:20]}")
    return value


def _constant(text: str) -> Any:
    raise Refused(f"`{text}`, which is not a JSON number")


def parse_save_json(raw: bytes) -> Any:
    """JSON with bounds: whole numbers of at most MAX_DIGITS digits, floats finite, no
    NaN or Infinity; raises Refused (a ValueError) or the usual decoding errors."""
    return json.loads(
        raw.decode("utf-8"), parse_int=_whole, parse_float=_finite, parse_constant=_constant
    )


def control_in(data: Any) -> str | None:
    """Where the first string of a parsed save (key or value) holds a control character,
    as a dotted path (`summary.place`), or None when the text is clean."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if first_control(value) is not None:
                return where or "the top level"
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = f"{where}.{key}" if where else str(key)
                if first_control(str(key)) is not None:
                    return clean(inner)
                stack.append((inner, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
    return None
