"""Story text that looks like Textual/Rich markup, or is simply unusual (emoji, Cyrillic,
combining characters, a 300-character word, `$`), is shown exactly as written in the Textual
UI and in --plain, and never runs an action such as `app.quit`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.engine.loader import load_story, load_story_or_raise
from game.engine.model import flowed
from game.engine.saves import SaveFolder
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import LoadDialog, SaveDialog
from game.ui.screens.scene import SceneScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.term_row import LABEL, TermRow
from tests.robustness._support import (
    MINI,
    count,
    flat,
    key_for,
    notices,
    play_plain,
    settle,
    shown,
    until,
    until_screen,
    until_shown,
)
from tests.ui.test_app import note_open

SIZE = (110, 45)
LONG_WORD = "Revolution" * 30  # 300 characters, no space to break at
COMBINING = "e\u0301crit, man\u0303ana, Bu\u0308ro"  # decomposed accents
TRAPS = {
    "open": "a [ alone",
    "close": "a [/] alone",
    "bold": "an unclosed [bold tag",
    "click": "[@click=app.quit]x[/]",
    "dollar": "$5 and $accent and $text-muted",
    "emoji": "🚂 train 🔥 fire 👨‍👩‍👧 family",
    "cyrillic": "Лев Троцкий",
    "combining": COMBINING,
    "link": "[link=https://example.com]a link[/link]",
    "escaped": "\\[not markup] and [b]bold[/b] and [red on blue]x[/]",
}
SCENE_TEXT = (
    f"Snow falls {TRAPS['open']}, {TRAPS['close']}, {TRAPS['bold']}, {TRAPS['click']}, "
    f"{TRAPS['dollar']}.\n\n{TRAPS['emoji']}; {TRAPS['cyrillic']} wrote {TRAPS['combining']}. "
    f"{TRAPS['link']} {TRAPS['escaped']}\n\n{LONG_WORD}\n"
)
PLACE = "Ust-Kut [red]on[/] the $Lena 🌊 Усть-Кут"
TITLE = "[@click=app.quit]Quit[/] the hut [bold"
CHOICE = "Go [@click=app.quit]outside[/] 🚪 Лев"
NOTE_DATE = "[1900]"
NOTE_PLACE = "[i]river[/i] Лена"
NOTE_TEXT = (
    f"He went [bold]out[/bold] {TRAPS['click']} {TRAPS['dollar']} {TRAPS['emoji']} "
    f"{TRAPS['cyrillic']} {TRAPS['combining']} and many more words to make forty words: "
    + " ".join(["word"] * 40)
    + f"\n\n{LONG_WORD}"
)
SOURCE = "[link=http://evil]Source[/link] $ Троцкий, Моя жизнь (1930) [/]"
STORY_TITLE = "A [bold]Small[/] Story $ 🚂"
CHAPTER_TITLE = "The First [/] $x"
TERM = "Лев Троцкий"
DEFINITION = f"[bold]Leon[/] Trotsky {TRAPS['click']} $ 🚂 {COMBINING} {LONG_WORD}"
SAVE_NAME = "[red]x[/]"


def write_story(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)

    def edit(name: str, change: Any) -> None:
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def manifest(data: dict[str, Any]) -> None:
        data["title"] = STORY_TITLE
        data["chapters"][0]["title"] = CHAPTER_TITLE

    def chapter(data: dict[str, Any]) -> None:
        hut = data["scenes"][0]
        hut.update(text=SCENE_TEXT, place=PLACE, title=TITLE)
        first = hut["choices"][0]
        first["text"] = CHOICE
        first["note"].update(date=NOTE_DATE, place=NOTE_PLACE, text=NOTE_TEXT, source=SOURCE)
        caught = next(s for s in data["scenes"] if s["id"] == "caught")
        caught["epilogue"] = f"You are caught. {TRAPS['click']} {TRAPS['bold']} {TRAPS['emoji']}"

    edit("story.yaml", manifest)
    edit("one.yaml", chapter)
    (folder / "glossary.yaml").write_text(
        yaml.safe_dump(
            {"terms": [{"term": TERM, "also": ["[bold"], "definition": DEFINITION}]},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    return write_story(tmp_path)


def test_the_story_loads_with_the_text_exactly_as_written(story_dir: Path) -> None:
    story, findings = load_story(story_dir)
    assert story is not None, [str(f) for f in findings.errors]
    hut = story.scenes["hut"]
    assert hut.text.strip() == SCENE_TEXT.strip()
    assert (hut.place, hut.title, hut.choices[0].text) == (PLACE, TITLE, CHOICE)
    note = hut.choices[0].note
    assert note is not None and (note.date, note.place, note.source) == (
        NOTE_DATE,
        NOTE_PLACE,
        SOURCE,
    )
    assert story.title == STORY_TITLE
    assert [t.term for t in story.glossary] == [TERM]
    count("markup-like texts", len(TRAPS) + 9)


def static_text(screen: Any, selector: str) -> str:
    """What a widget shows, as plain text (markup would have been consumed)."""
    widget = screen.query_one(selector)
    return str(widget.render())


def wrapped_lines(pilot: Any) -> str:
    """The screen with every line's padding and borders removed and the lines joined, so a
    word folded across lines reads whole again."""
    return "".join(line.strip(" │█▌▊▎▔▁") for line in shown(pilot).splitlines())


async def test_tui_shows_markup_like_text_literally(story_dir: Path, tmp_path: Path) -> None:
    story = load_story_or_raise(story_dir)
    saves = tmp_path / "saves"
    app = TrotskyApp(story, SaveFolder(saves, story))
    async with app.run_test(size=SIZE) as pilot:
        await until_shown(pilot, STORY_TITLE)
        await pilot.press(key_for(TitleScreen, "menu('new')"))
        await until_screen(pilot, SceneScreen)
        assert isinstance(app.screen, SceneScreen)
        screen = app.screen
        await until_shown(pilot, TITLE)
        # the widgets hold exactly the text, and the screen shows it
        assert static_text(screen, "#scene-text") == f"{TITLE}\n{PLACE}\n\n{flowed(SCENE_TEXT)}"
        assert static_text(screen, "#scene-where").startswith(f"Chapter 1: {CHAPTER_TITLE}  ")
        text = shown(pilot)
        for piece in (PLACE, TITLE, f"1. {CHOICE}", f"Chapter 1: {CHAPTER_TITLE}"):
            assert piece in text, f"{piece!r} is not on screen:\n{text}"
        words = flat(pilot)  # wrapped lines joined again
        for piece in TRAPS.values():
            assert " ".join(piece.split()) in words, f"{piece!r} is not on screen:\n{text}"
        assert LONG_WORD in wrapped_lines(pilot)  # folded across lines, but every letter there
        # the glossary term is shown literally in the term row; its definition opens literally
        row = screen.query_one(TermRow)
        await until_shown(pilot, f"{LABEL}{TERM}")  # the row is filled once the text is shown
        assert TERM in [t.term for t in row.terms]
        # clicking the text that says [@click=app.quit] does nothing
        await pilot.click("#scene-text")  # its title line
        await pilot.click("#scene-text", offset=(2, 3))  # its text
        await pilot.pause()
        assert app.is_running and app.return_code is None
        index = [t.term for t in row.terms].index(TERM)
        await pilot.click(TermRow, offset=(len(LABEL) + index, 0))
        await until_shown(pilot, f"[bold]Leon[/] Trotsky {TRAPS['click']}", words=True)
        words = wrapped_lines(pilot)
        assert TERM in shown(pilot)
        assert " ".join(f"[bold]Leon[/] Trotsky {TRAPS['click']} $ 🚂".split()) in flat(pilot)
        assert LONG_WORD in words
        await pilot.press("escape")
        assert isinstance(app.screen, SceneScreen)

        await pilot.press("1")
        await until(pilot, lambda: note_open(app))
        await until_shown(pilot, f"{NOTE_DATE} · {NOTE_PLACE}")  # the note is drawn
        assert static_text(app.screen, "#scene-note") == (
            f"{NOTE_DATE} · {NOTE_PLACE}\n\n{flowed(NOTE_TEXT)}\n\nSource: {SOURCE}"
        )
        await until_shown(pilot, f"He went [bold]out[/bold] {TRAPS['click']}", words=True)
        words = flat(pilot)  # the note wraps at its own width
        assert TRAPS["emoji"] in words and TRAPS["combining"] in words
        await pilot.press("enter")
        await until(pilot, lambda: not note_open(app))
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        scene = app.screen.session.scene

        await pilot.press(key_for(SceneScreen, "save"))
        await until_screen(pilot, SaveDialog)
        await pilot.press(*SAVE_NAME, "enter")
        await until(pilot, lambda: f"Saved: Saved as “{SAVE_NAME}”." in notices(pilot))
        await settle(pilot)
        await pilot.press(key_for(SceneScreen, "load"))
        await until_screen(pilot, LoadDialog)
        await until_shown(pilot, SAVE_NAME)
        slot = f"1. {CHAPTER_TITLE} · {scene.shown_date} · {scene.place}"
        await until_shown(pilot, " ".join(slot.split()), words=True)
        await pilot.press("escape")
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, SceneScreen)
    assert (saves / "red-x.json").is_file()
    count("markup-like texts (TUI)", len(TRAPS) + 9)


def test_plain_shows_markup_like_text_as_written(story_dir: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    result = play_plain(f"glossary {TERM}\n1\nsave {SAVE_NAME}\nsaves\n", saves, scenes=story_dir)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    words = " ".join(out.split())
    assert f"== Chapter 1: {CHAPTER_TITLE} ==" in out
    assert f"{PLACE}, October 1900" in out
    assert f"-- {TITLE} --" in out
    assert f"  1. {CHOICE}" in out
    for piece in TRAPS.values():
        assert " ".join(piece.split()) in words, piece
    assert f"{NOTE_DATE}, {NOTE_PLACE}" in out
    assert f"Source: {SOURCE}" in out
    assert f"{TERM}: [bold]Leon[/] Trotsky {TRAPS['click']} $ 🚂 {COMBINING}" in out
    assert f"Saved as '{SAVE_NAME}'" in out
    assert f"  {SAVE_NAME}: 1. {CHAPTER_TITLE}" in out
    assert (saves / "red-x.json").is_file()
    count("markup-like texts (plain)", len(TRAPS) + 9)


def test_plain_keeps_a_long_word_whole(story_dir: Path, tmp_path: Path) -> None:
    result = play_plain("1\n", tmp_path / "saves", scenes=story_dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert LONG_WORD in lines  # the scene's third paragraph, on a line of its own
    assert sum(LONG_WORD in line for line in lines) >= 2  # and the note's
