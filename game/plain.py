"""The plain face: the story line by line on stdin/stdout, for screen readers, scripts and tests."""

from __future__ import annotations

import textwrap
from typing import TextIO

from game.engine.errors import GameError
from game.engine.model import Note, Scene, paragraphs
from game.engine.saves import AUTOSAVE, SaveFolder
from game.engine.session import Session

WIDTH = 78
HELP = """Commands:
  1, 2, 3 ...   take that choice
  look          show the scene again
  save NAME     save the game under NAME
  load NAME     load the save called NAME
  saves         list the saves
  glossary      the terms of this scene; `glossary TERM` defines one
  help          this list
  quit          save to the autosave and leave (so does end of input)"""


class PlainGame:
    def __init__(self, session: Session, saves: SaveFolder, stdin: TextIO, stdout: TextIO) -> None:
        self.session = session
        self.saves = saves
        self.stdin = stdin
        self.stdout = stdout

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def paragraphs(self, text: str) -> None:
        for paragraph in paragraphs(text):
            self.say(textwrap.fill(paragraph, WIDTH))
            self.say()

    def run(self, notices: tuple[str, ...] = ()) -> int:
        for notice in notices:
            self.say(f"Note: {notice}")
        self.show_scene()
        while True:
            if self.session.is_over:
                self.show_ending(self.session.scene)
                self.autosave()
                return 0
            self.stdout.write("> ")
            self.stdout.flush()
            line = self.stdin.readline()
            if not line:  # end of input: keep the player's place and leave quietly
                self.say()
                self.autosave()
                return 0
            if self.command(line.strip()) == "quit":
                self.autosave()
                return 0

    def command(self, line: str) -> str | None:
        verb, _, argument = line.partition(" ")
        verb = verb.lower()
        argument = argument.strip()
        if not verb:
            return None
        if verb.isdigit():
            self.choose(int(verb))
        elif verb in ("quit", "q", "exit"):
            return "quit"
        elif verb in ("help", "?", "h"):
            self.say(HELP)
        elif verb == "look":
            self.show_scene()
        elif verb == "saves":
            self.list_saves()
        elif verb == "save":
            self.save(argument)
        elif verb == "load":
            self.load(argument)
        elif verb == "glossary":
            self.define(argument)
        else:
            self.say(f"Unknown command {verb!r}. Type a choice number, or `help`.")
        return None

    def choose(self, number: int) -> None:
        try:
            step = self.session.choose(number)
        except GameError as err:
            self.say(f"{err.message}.")
            return
        if step.note:
            self.show_note(step.note)
        self.autosave()
        self.show_scene()

    def show_scene(self) -> None:
        session = self.session
        scene = session.scene
        chapter = session.chapter
        self.say()
        self.say(f"== Chapter {chapter.number}: {chapter.title} ==")
        self.say(f"{scene.place}, {scene.shown_date}")
        self.say(f"-- {scene.title} --")
        self.say()
        self.paragraphs(scene.text)
        terms = session.story.lexicon.terms_in(scene.text)
        if terms:
            self.say("Glossary: " + ", ".join(t.term for t in terms) + " (type `glossary TERM`)")
            self.say()
        for option in session.options():
            self.say(f"  {option.number}. {option.text}")
        if session.options():
            self.say()

    def define(self, name: str) -> None:
        lexicon = self.session.story.lexicon
        if not name:
            scene = self.session.scene
            terms = lexicon.terms_in(scene.text, *(o.text for o in self.session.options()))
            if not terms:
                self.say("No glossary terms in this scene.")
            for term in terms:
                self.say(f"  {term.term}")
            return
        found = lexicon.lookup(name)
        if found is None:
            self.say(f"{name!r} is not in the glossary.")
            return
        self.say(f"{found.term}: {' '.join(found.definition.split())}")

    def show_note(self, note: Note) -> None:
        self.say()
        self.say("-- What really happened --")
        self.say(f"{note.date}, {note.place}")
        self.say()
        self.paragraphs(note.text)
        self.say(f"Source: {note.source}")

    def show_ending(self, scene: Scene) -> None:
        if scene.ending:
            self.paragraphs(scene.epilogue)
            kind = (
                "the historical ending"
                if scene.ending == "historical"
                else "a counterfactual ending"
            )
            self.say(f"THE END ({kind})")
        else:
            self.say("The story continues in a later chapter, not written yet.")
        self.say(f"Choices made: {len(self.session.state.choices)}.")

    def autosave(self) -> None:
        try:
            self.saves.save(AUTOSAVE, self.session)
        except GameError as err:
            self.say(f"Could not autosave: {err.message}")

    def save(self, name: str) -> None:
        try:
            path = self.saves.save(name, self.session)
        except GameError as err:
            self.say(f"Not saved: {err.message}")
            return
        self.say(f"Saved as {name!r} ({path}).")

    def load(self, name: str) -> None:
        if not name:
            self.say("Load which save? Type `saves` to list them.")
            return
        try:
            loaded = self.saves.load(name)
        except GameError as err:
            self.say(f"Not loaded: {err.message}")
            return
        self.session = loaded.session(self.session.story)
        for notice in loaded.notices:
            self.say(f"Note: {notice}")
        self.say(f"Loaded {name!r}.")
        self.show_scene()

    def list_saves(self) -> None:
        slots = self.saves.slots()
        if not slots:
            self.say("No saves yet.")
        for slot in slots:
            if slot.error:
                self.say(f"  {slot.name}: cannot be loaded: {slot.error}")
            else:
                self.say(
                    f"  {slot.name}: {slot.chapter}, {slot.date}, {slot.place} (saved {slot.updated})"
                )
