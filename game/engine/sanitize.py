"""The one sanitiser for text that came from a file (story, save, settings, file names).

A terminal obeys control characters: `ESC ] 52 ; c ; ...` writes the clipboard, `ESC [ 2J`
clears the screen, a C1 `CSI` (U+009B) starts a sequence on its own, and bidi overrides
make a line read other than it is. Text from a file is data, so every such character is
shown as a visible escape (`\\x1b`, `\\u202e`) and never passed on. Newline and tab stay.
Lone surrogates (from `"\\ud800"` in a JSON save) are escaped too: no output stream can
encode them.

Where it stands, so that no face can forget it: story files with a control character
are refused by `validate` and the loader (`textcheck`), a cached story's text is cleaned as
it is decoded, save files with one are refused (`savejson`), and save names, file names,
error messages and findings are cleaned where they are made; then each face cleans again
where text leaves it (plain mode's `say`, the CLI's prints, the Load dialog's lines).

Also here: the player's number input, which must be ASCII digits and short.
"""

from __future__ import annotations

import re

# C0 but newline and tab, DEL, C1, the line/paragraph separators, the bidi controls,
# and surrogates. Everything else, emoji and zero-width joiners included, is ordinary text.
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
MAX_NUMBER_DIGITS = 4  # no list in the game has a thousand entries


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """`text` with every control character shown as a visible escape (see the module)."""
    if CONTROL.search(text) is None:  # the usual case: one scan, no copy
        return text
    return CONTROL.sub(_visible, text)


def first_control(text: str) -> int | None:
    """The index of the first control character in `text`, or None."""
    found = CONTROL.search(text)
    return None if found is None else found.start()


def describe_control(char: str) -> str:
    """A control character named for an author: `U+001B (ESC)`."""
    names = {0x1B: "ESC", 0x07: "BEL", 0x0D: "carriage return", 0x9B: "CSI", 0x9D: "OSC"}
    code = ord(char)
    name = names.get(code) or ("a bidi control" if 0x200E <= code <= 0x2069 else "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def shorten(text: str, limit: int = 40) -> str:
    """Cleaned text cut to about `limit` characters, to echo what a player typed."""
    text = text if len(text) <= limit else text[:limit] + "..."
    return clean(text)


def choice_number(text: str) -> int | None:
    """The number a player typed, or None: ASCII digits only (`²` and `٣` are digits to
    `int`, not to us), and short (a 5,000-digit number is refused before `int` sees it)."""
    text = text.strip()
    if not text or len(text) > MAX_NUMBER_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)
