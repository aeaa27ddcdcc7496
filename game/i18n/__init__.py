"""The words of the interface in the player's language: gettext over the catalogs in
`game/i18n/locale/` (edited with Babel, see docs/authoring.md), and which language to use.

English needs no catalog and loads nothing: the messages are written in English. Other
languages load their compiled catalog the first time they are asked for. Story text is not
here: it comes from the overlays in `scenes/<lang>/` (game.engine.overlay).
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "trotsky"
LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = "en"
LANGUAGE = re.compile(r"^[a-z]{2,3}$")  # a language code; also keeps `--lang ../x` out of paths
NAMES = {"en": "English", "es": "Español"}

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = ENGLISH


def _(message: str) -> str:
    """The message in the active language (itself when the catalog does not have it)."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _active.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; `_()` translates it where shown."""
    return message


# The languages' names inside a sentence of the current language ("Seguir jugando en inglés");
# NAMES gives each its own name, for a list a lost reader scans.
SPOKEN = {"en": N_("English"), "es": N_("Spanish")}


def spoken(code: str) -> str:
    """The language's name in the current language, for a sentence; its code when unknown."""
    return _(SPOKEN[code]) if code in SPOKEN else code


def available() -> list[str]:
    """English, and every language with a compiled catalog."""
    found = [ENGLISH]
    if LOCALE_DIR.is_dir():
        for folder in sorted(LOCALE_DIR.iterdir()):
            if (folder / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                found.append(folder.name)
    return found


def playable(story_languages: Iterable[str]) -> list[str]:
    """The languages a game can switch to: those its story is translated into (overlays)
    and those its interface speaks (catalogs); either alone is enough."""
    return sorted(set(story_languages) | set(available()))


def from_locale(environ: Mapping[str, str]) -> str:
    """The language the locale names (`es_MX.UTF-8` is `es`), or English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code not in ("c", "posix") else ENGLISH
    return ENGLISH


def choose(asked: str | None, environ: Mapping[str, str] | None = None) -> str:
    """`--lang`, else TROTSKY_LANG, else the locale's language when the game has it."""
    environ = os.environ if environ is None else environ
    if asked:
        return asked.lower()
    if environ.get("TROTSKY_LANG"):
        return environ["TROTSKY_LANG"].lower()
    code = from_locale(environ)
    return code if code in available() else ENGLISH


def set_language(language: str) -> None:
    """Make `language` the one `_()` speaks; a language without a catalog speaks English."""
    global _active, _language
    if language == ENGLISH:
        _active, _language = gettext.NullTranslations(), ENGLISH
        return
    _active = gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)
    _language = language


def current() -> str:
    return _language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak `language` inside the block, then the language spoken before (for tests)."""
    before = _language
    set_language(language)
    try:
        yield
    finally:
        set_language(before)
