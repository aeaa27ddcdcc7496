"""The player-experience screens, reached from the keys the footer and help screen show."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.ui.app import TrotskyApp
from game.ui.screens.learning import (
    GlossaryDialog,
    JournalDialog,
    PathDialog,
    StatsDialog,
    TermDialog,
    TimelineDialog,
)
from game.ui.screens.quiz import QuizDialog
from game.ui.screens.scene import SceneScreen
from game.ui.widgets.key_bar import KeyBar
from game.ui.widgets.term_row import LABEL, TermRow
from tests.ui.support import (
    SIZE,
    notices,
    settle,
    shown,
    until,
    until_screen,
    until_shown,
)


def at(story: Story, scene: str) -> Session:
    session = Session.new(story)
    session.state.scene = scene
    return session


async def test_journal_search_and_path(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "1", "enter", "2", "enter")
        await until(pilot, lambda: len(app.screen.session.state.choices) == 2)  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("j")
        await until_screen(pilot, JournalDialog)
        await until_shown(
            pilot,
            "Journal: what really happened",
            "Chapter 1",
            "Source: Leon Trotsky, My Life (1930)",
            words=True,
        )
        await pilot.press("slash", *"zzzz")
        await until_shown(pilot, "No note mentions “zzzz”.", words=True)
        await pilot.press("escape")  # leaves the journal
        await until_screen(pilot, SceneScreen)
        await pilot.press("j", "p")
        await until_screen(pilot, PathDialog)
        await until_shown(pilot, "of 2 of your choices matched history", words=True)


async def test_glossary_from_the_scene_and_the_glossary_screen(
    story: Story, saves_dir: Path
) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story), start=at(story, "isk_congress"))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SceneScreen)
        row = app.screen.query_one(TermRow)
        await until(pilot, lambda: len(row.terms) >= 2)  # filled once the text is on screen
        first, second = row.terms[:2]
        row.focus()  # the keyboard: Tab to the row (it scrolls into view), arrows, Enter
        await until_shown(pilot, f"Glossary: {first.term}  {second.term}")
        await pilot.press("enter")
        await until_screen(pilot, TermDialog)
        assert isinstance(app.screen, TermDialog)
        assert app.screen.term == first
        await until_shown(pilot, first.term)
        await pilot.press("escape")
        await until_screen(pilot, SceneScreen)
        await until_shown(pilot, f"Glossary: {first.term}  {second.term}")
        await pilot.click(TermRow, offset=(len(f"{LABEL}{first.term}  ") + 1, 0))  # the mouse
        await until_screen(pilot, TermDialog)
        assert isinstance(app.screen, TermDialog)
        assert app.screen.term == second
        await pilot.press("escape", "g")
        await until_screen(pilot, GlossaryDialog)
        await until_shown(pilot, "the terms met so far", "RSDLP", words=True)
        await pilot.press("enter")
        await until_screen(pilot, TermDialog)


async def test_timeline_marks_past_now_and_future_without_colour(
    story: Story, saves_dir: Path
) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story), start=at(story, "oct_kresty"))
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("t")
        await until_screen(pilot, TimelineDialog)
        await until_shown(pilot, "▶ now:")
        await until_shown(pilot, "· 7 November 1917: The October insurrection", words=True)


async def test_stats_and_undo(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "1", "enter", "s")
        await until_screen(pilot, StatsDialog)
        await until_shown(pilot, "Courage: 1 of 3  (+1 after your last choice)")
        await pilot.press("escape", "u")
        await until(pilot, lambda: "Undo: Taken back: Go outside" in notices(pilot))
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.session.scene.id == "hut"
        assert app.screen.session.state.variables["courage"] == 0
        assert app.screen.session.state.notes_seen == []
        await pilot.press("backspace")
        said = "Undo: there is no choice to take back in this chapter"
        await until(pilot, lambda: said in notices(pilot))


async def test_quiz_at_the_end_of_a_chapter(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story), start=at(story, "sib_samara"))
    async with app.run_test(size=SIZE) as pilot:
        await until_shown(pilot, "2. Check your understanding: 3 questions")
        await pilot.press("down", "enter")
        await until_screen(pilot, QuizDialog)
        chapter = story.chapters[0]
        for question in chapter.quiz:
            await until_shown(pilot, question.question.split()[0], words=True)
            await pilot.press(*["down"] * (question.answer - 1), "enter")
            await until_shown(pilot, "✓ Right.", words=True)
            await pilot.press("enter")
        await until(pilot, lambda: "Quiz: You answered 3 of 3 correctly." in notices(pilot))
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.session.state.quiz["siberia"] == [q.answer for q in chapter.quiz]
        await until(pilot, lambda: "Check your understanding" not in shown(pilot))


async def test_the_key_bar_lists_the_keys_and_a_click_presses_one(
    story: Story, saves_dir: Path
) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until_shown(pilot, "^s Save  j Journal")
        bottom = shown(pilot).splitlines()[-1]
        assert bottom.startswith("^s Save  j Journal  g Glossary  t Timeline  s Stats")
        assert bottom.rstrip().endswith("▏^p palette")
        await pilot.click(KeyBar, offset=(bottom.index("Journal"), 0))
        await until_screen(pilot, JournalDialog)
        await pilot.press("escape")
        await until_screen(pilot, SceneScreen)
        await pilot.click(KeyBar, offset=(bottom.index("palette"), 0))
        await until_screen(pilot, CommandPalette)
