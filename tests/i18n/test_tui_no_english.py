"""Every screen of the Textual UI in Spanish, read as the player sees it: no line shows an
English word the catalog does not know (the story's own untranslated text apart)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from game import i18n
from game.engine.editions import Editions
from game.engine.model import Story
from game.engine.saves import SaveFolder
from game.engine.session import Session
from game.ui.app import TrotskyApp
from game.ui.screens.dialogs import HelpDialog, LoadDialog, SaveDialog
from game.ui.screens.learning import (
    GlossaryDialog,
    JournalDialog,
    PathDialog,
    StatsDialog,
    TermDialog,
    TimelineDialog,
)
from game.ui.screens.milestones import MilestonesDialog
from game.ui.screens.quiz import QuizDialog
from game.ui.screens.scene import SceneScreen
from game.ui.screens.title import TitleScreen
from tests.conftest import SCENES
from tests.i18n.test_catalog import english_words, story_texts
from tests.ui.support import notices, record_notifications, shown, until, until_screen

__all__ = ["record_notifications"]  # the fixture, active here too

SIZE = (110, 36)


def leaks(pilot: Pilot[Any], texts: list[str]) -> dict[str, set[str]]:
    """The screen's lines that give English away, with the words that do."""
    return {
        line: words for line in shown(pilot).splitlines() if (words := english_words(line, texts))
    }


async def test_every_screen_speaks_spanish(story: Story, tmp_path: Path) -> None:
    editions = Editions(story, SCENES)
    spanish, problem = editions.story("es")
    assert problem is None
    texts = story_texts(spanish)
    seen: dict[str, dict[str, set[str]]] = {}
    with i18n.speaking("es"):
        saves = SaveFolder(tmp_path, spanish)
        saves.save("primera", Session.new(spanish))  # the Load list has a save to show
        app = TrotskyApp(spanish, saves, editions=editions)
        async with app.run_test(size=SIZE) as pilot:

            async def look(
                name: str, kind: type[Any], open_it: Callable[[], Awaitable[None]]
            ) -> None:
                await open_it()
                await until_screen(pilot, kind)
                await pilot.pause()
                seen[name] = leaks(pilot, texts)

            async def press(*keys: str) -> None:
                await pilot.press(*keys)

            await look("title", TitleScreen, lambda: pilot.pause())
            await look("load", LoadDialog, lambda: press("l"))
            await pilot.press("escape")
            await look("milestones", MilestonesDialog, lambda: press("escape", "m"))
            await pilot.press("escape")
            await look("help (title)", HelpDialog, lambda: press("question_mark"))
            await pilot.press("escape")
            await until_screen(pilot, TitleScreen)
            await look("scene", SceneScreen, lambda: press("n"))
            await pilot.press("1")
            await until(pilot, lambda: app.screen.query_one("#scene-note").display)
            seen["note"] = leaks(pilot, texts)
            for name, kind, key in [
                ("journal", JournalDialog, "j"),
                ("glossary", GlossaryDialog, "g"),
                ("timeline", TimelineDialog, "t"),
                ("stats", StatsDialog, "s"),
                ("help", HelpDialog, "question_mark"),
                ("save", SaveDialog, "ctrl+s"),
            ]:
                await look(name, kind, lambda key=key: press(key))  # type: ignore[misc]
                await pilot.press("escape")
                await until_screen(pilot, SceneScreen)
            await look("path", PathDialog, lambda: press("j", "p"))
            await pilot.press("escape", "escape")
            await until_screen(pilot, SceneScreen)
            await pilot.press("enter")  # the note closes: the next scene
            await until(pilot, lambda: not app.screen.query_one("#scene-note").display)
            seen["second scene"] = leaks(pilot, texts)
            terms = next(
                found
                for scene in spanish.scenes.values()
                if (found := spanish.lexicon.terms_in(scene.text))
            )
            await look("term", TermDialog, lambda: _push(app, TermDialog(terms[0])))
            await pilot.press("escape")
            chapter = spanish.chapters[0]
            await look("quiz", QuizDialog, lambda: _push(app, QuizDialog(chapter)))
            await pilot.press("1")
            await until(pilot, lambda: "✓" in shown(pilot) or "✗" in shown(pilot))
            seen["quiz answered"] = leaks(pilot, texts)
            await pilot.press("escape")
            await until_screen(pilot, SceneScreen)
            await pilot.press("ctrl+c")  # Textual's hint that Ctrl+C does not quit
            await until(pilot, lambda: "Ctrl+Q" in notices(pilot))
            told = notices(pilot).splitlines()
            seen["notifications"] = {n: w for n in told if (w := english_words(n, texts))}
            await pilot.press("ctrl+p")
            await until(pilot, lambda: "Idioma: English" in shown(pilot))
            seen["palette"] = leaks(pilot, texts)
    assert len(seen) == 19
    english = [
        f"{name}: {line.strip()!r} {sorted(words)}"
        for name, found in seen.items()
        for line, words in found.items()
    ]
    assert not english, "\n".join(english)


async def _push(app: TrotskyApp, screen: Any) -> None:
    app.push_screen(screen)


async def test_the_chapter_end_and_the_ending_speak_spanish(story: Story, tmp_path: Path) -> None:
    from game.ui.screens.ending import EndingScreen

    spanish, _ = Editions(story, SCENES).story("es")
    texts = story_texts(spanish)
    seen: dict[str, dict[str, set[str]]] = {}
    for scene, name in (("sib_samara", "chapter end"), ("mx_death", "ending")):
        with i18n.speaking("es"):
            start = Session.new(spanish)
            start.state.scene = scene
            app = TrotskyApp(spanish, SaveFolder(tmp_path / scene, spanish), start=start)
            async with app.run_test(size=SIZE) as pilot:
                await until_screen(pilot, SceneScreen)
                await pilot.pause()
                seen[name] = leaks(pilot, texts)
                if name == "ending":
                    await pilot.press("1")
                    await until_screen(pilot, EndingScreen)
                    await pilot.pause()
                    seen["ending screen"] = leaks(pilot, texts)
    assert len(seen) == 3
    english = [
        f"{n}: {line.strip()!r} {sorted(w)}" for n, f in seen.items() for line, w in f.items()
    ]
    assert not english, "\n".join(english)
