"""The interface's words in Spanish: the catalog knows every message the code marks, and a
game of chapter 1 in plain mode shows no English line outside the story's own text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from game import i18n
from game.engine.findings import Findings
from game.engine.model import Story
from game.engine.overlay import apply_overlay, load_overlay, pieces
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.engine.state import GameState
from game.plain import PlainGame
from tests.conftest import ROOT, SCENES

PO = ROOT / "game" / "i18n" / "locale" / "es" / "LC_MESSAGES" / "trotsky.po"
# Words that give an English line away; none of them is Spanish.
ENGLISH = {
    "the",
    "you",
    "your",
    "and",
    "of",
    "to",
    "is",
    "was",
    "were",
    "type",
    "choice",
    "choices",
    "chapter",
    "saved",
    "load",
    "loaded",
    "source",
    "note",
    "notes",
    "not",
    "what",
    "there",
    "here",
    "this",
    "quiz",
    "answer",
    "right",
    "unknown",
    "command",
    "continue",
    "yet",
    "after",
    "last",
    "which",
    "read",
    "so",
    "far",
    "history",
    "different",
    "later",
    "done",
    "end",
}

COMMANDS = ["look", "save", "load", "saves", "glossary", "journal", "path", "timeline"]
COMMANDS += ["stats", "quiz", "back", "help", "quit", "content", "language"]


def marked_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "game"), [("**.py", "python")], {**DEFAULT_KEYWORDS, "N_": None}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_the_spanish_catalog_translates_every_marked_message() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = marked_messages() - translated
    assert not missing, f"not in the Spanish catalog (run pybabel extract/update): {missing}"


def test_the_compiled_catalog_is_shipped_and_current() -> None:
    """The shipped .mo holds exactly the .po's translations (compiled after the last edit:
    `pybabel compile -d game/i18n/locale -D trotsky`); compared by content, not file times,
    which a fresh clone does not keep."""
    import gettext

    mo = PO.with_suffix(".mo")
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            assert compiled.ngettext(message.id[0], message.id[1], 2) == message.string[1]
        else:
            assert compiled.gettext(message.id) == message.string, message.id
    with i18n.speaking("es"):
        assert i18n._("Source: {source}") == "Fuente: {source}"
    assert i18n._("Source: {source}") == "Source: {source}"  # English again after the block


def _normal(text: str) -> str:
    return " ".join(text.split())


def story_texts(story: Story) -> list[str]:
    texts: set[str] = set()
    for piece in pieces(story):
        for value in piece.english.values():
            for item in value if isinstance(value, tuple) else (value,):
                texts.update(_normal(p) for p in item.split("\n\n"))
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.note:
                texts.add(_normal(choice.note.source))
    return sorted((t for t in texts if len(t) >= 3), key=len, reverse=True)


def english_words(line: str, texts: list[str]) -> set[str]:
    """The giveaway English words of a line once the story's own text is taken out of it."""
    rest = _normal(line)
    if any(rest in text for text in texts):
        return set()
    for text in texts:
        if text in rest:
            rest = rest.replace(text, " ")
    rest = re.sub(r"`[^`]*`|'[^']*'|/\S+", " ", rest)  # commands, save names, paths
    rest = re.sub(rf"^({'|'.join(COMMANDS)})\b", " ", rest)  # a command in the help list
    return {word for word in re.findall(r"[A-Za-z]+", rest) if word.lower() in ENGLISH}


@pytest.fixture
def spanish(story: Story) -> Story:
    return apply_overlay(story, load_overlay(SCENES, "es", Findings()))


def test_chapter_one_in_spanish_shows_no_english_outside_the_story(
    spanish: Story, tmp_path: Path
) -> None:
    commands = [
        "help",
        "content on",
        "content off",
        "language",
        "look",
        "glossary",
        "glossary Iskra",
        "glossary nada",
        "journal",
        "stats",
        "quiz",
        "saves",
        "load",
        "nada",
        "9",
        "1",
        "journal Lena",
        "journal zzz",
        "path",
        "timeline",
        "stats",
        "save uno",
        "saves",
        "load uno",
        "back",
        "1",
        "1",
        "4",
        "2",
        "3",
        "2",
        "1",
        "",
        "3",
        "path",
        "1",
    ]
    out = io.StringIO()
    with i18n.speaking("es"):
        game = PlainGame(
            Session.new(spanish),
            SaveFolder(tmp_path, spanish),
            io.StringIO("\n".join(commands) + "\nquit\n"),
            out,
        )
        assert game.run() == 0
    shown = out.getvalue()
    assert "== Capítulo 1: El destierro en Siberia ==" in shown
    assert "Comprueba lo que aprendiste" in shown
    assert "== Capítulo 2: Londres e Iskra ==" in shown  # the game went on into chapter 2
    texts = story_texts(spanish)
    leaks = {line: words for line in shown.splitlines() if (words := english_words(line, texts))}
    assert not leaks, leaks


def test_an_untranslated_chapter_shows_in_english_with_the_spanish_interface(
    story: Story, spanish: Story, tmp_path: Path
) -> None:
    vienna = story.chapter("vienna")
    start = vienna.start
    out = io.StringIO()
    with i18n.speaking("es"):
        game = PlainGame(
            Session(spanish, GameState(start, spanish.defaults(), start)),
            SaveFolder(tmp_path, spanish),
            io.StringIO("help\n1\nquit\n"),
            out,
        )
        assert game.run() == 0
    shown = out.getvalue()
    assert spanish.scenes[start] == story.scenes[start]  # nothing of chapter 4 is translated
    assert story.scenes[start].title in shown  # the story in English...
    assert f"== Capítulo 4: {vienna.title} ==" in shown  # ...inside the Spanish interface
    texts = story_texts(spanish)
    leaks = {line: words for line in shown.splitlines() if (words := english_words(line, texts))}
    assert not leaks, leaks


def test_the_leak_check_catches_an_english_line(spanish: Story) -> None:
    texts = story_texts(spanish)
    assert english_words("Type the number of an answer, or Enter to skip.", texts)
    assert not english_words("Fuente: Leon Trotsky, My Life (1930), ch. 9", texts)
