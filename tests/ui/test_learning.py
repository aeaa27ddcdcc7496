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
from tests.ui.test_app import SIZE, flat, notices, settle, shown


def at(story: Story, scene: str) -> Session:
    session = Session.new(story)
    session.state.scene = scene
    return session


async def test_journal_search_and_path(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "1", "enter", "2", "enter")
        await settle(pilot)
        await pilot.press("j")
        assert isinstance(app.screen, JournalDialog)
        words = flat(pilot)
        assert "Journal: what really happened" in words
        assert "Chapter 1" in words and "Source: Leon Trotsky, My Life (1930)" in words
        await pilot.press("slash", *"zzzz")
        assert "No note mentions “zzzz”." in flat(pilot)
        await pilot.press("escape")  # leaves the journal
        await pilot.press("j", "p")
        assert isinstance(app.screen, PathDialog)
        assert "of 2 of your choices matched history" in flat(pilot)


async def test_glossary_from_the_scene_and_the_glossary_screen(
    story: Story, saves_dir: Path
) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story), start=at(story, "isk_congress"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        row = app.screen.query_one(TermRow)
        first, second = row.terms[:2]
        row.focus()  # the keyboard: Tab to the row (it scrolls into view), arrows, Enter
        await pilot.pause()
        assert f"Glossary: {first.term}  {second.term}" in shown(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, TermDialog)
        assert app.screen.term == first
        assert first.term in shown(pilot)
        await pilot.press("escape")
        await pilot.click(TermRow, offset=(len(f"{LABEL}{first.term}  ") + 1, 0))  # the mouse
        assert isinstance(app.screen, TermDialog)
        assert app.screen.term == second
        await pilot.press("escape", "g")
        assert isinstance(app.screen, GlossaryDialog)
        assert "the terms met so far" in flat(pilot)
        assert "RSDLP" in shown(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, TermDialog)


async def test_timeline_marks_past_now_and_future_without_colour(
    story: Story, saves_dir: Path
) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story), start=at(story, "oct_kresty"))
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        assert isinstance(app.screen, TimelineDialog)
        await pilot.pause()
        text = shown(pilot)
        assert "▶ now:" in text
        assert "· 7 November 1917: The October insurrection" in flat(pilot)


async def test_stats_and_undo(mini: Story, saves_dir: Path) -> None:
    app = TrotskyApp(mini, SaveFolder(saves_dir, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "1", "enter", "s")
        assert isinstance(app.screen, StatsDialog)
        assert "Courage: 1 of 3  (+1 after your last choice)" in shown(pilot)
        await pilot.press("escape", "u")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.session.scene.id == "hut"
        assert app.screen.session.state.variables["courage"] == 0
        assert app.screen.session.state.notes_seen == []
        assert "Undo: Taken back: Go outside" in notices(pilot)
        await pilot.press("backspace")
        assert "Undo: there is no choice to take back in this chapter" in notices(pilot)


async def test_quiz_at_the_end_of_a_chapter(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story), start=at(story, "sib_samara"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "2. Check your understanding: 3 questions" in shown(pilot)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, QuizDialog)
        chapter = story.chapters[0]
        for question in chapter.quiz:
            assert question.question.split()[0] in flat(pilot)
            await pilot.press(*["down"] * (question.answer - 1), "enter")
            assert "✓ Right." in flat(pilot)
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert "Quiz: You answered 3 of 3 correctly." in notices(pilot)
        assert app.screen.session.state.quiz["siberia"] == [q.answer for q in chapter.quiz]
        assert "Check your understanding: 3 questions" not in shown(pilot)


async def test_the_key_bar_lists_the_keys_and_a_click_presses_one(
    story: Story, saves_dir: Path
) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        bottom = shown(pilot).splitlines()[-1]
        assert bottom.startswith("^s Save  j Journal  g Glossary  t Timeline  s Stats")
        assert bottom.rstrip().endswith("▏^p palette")
        await pilot.click(KeyBar, offset=(bottom.index("Journal"), 0))
        assert isinstance(app.screen, JournalDialog)
        await pilot.press("escape")
        await pilot.click(KeyBar, offset=(bottom.index("palette"), 0))
        assert isinstance(app.screen, CommandPalette)
