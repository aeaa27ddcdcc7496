"""The plain face: the story line by line on stdin/stdout, for screen readers, scripts and tests."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, TextIO

from game import i18n
from game.engine.errors import GameError
from game.engine.milestones import Keeper
from game.engine.model import Note, paragraphs
from game.engine.sanitize import choice_number, clean, shorten
from game.engine.saves import AUTOSAVE, SaveFolder
from game.engine.session import Session
from game.engine.settings import SETTINGS_FILE, Settings
from game.i18n import N_, _
from game.present import milestones as milestone_words
from game.present import quiz as quiz_words
from game.present.banner import banner
from game.present.dates import saved_when, scene_date, story_date, within_sentence
from game.present.ending import ending_view, path_summary
from game.present.offers import no_such_offer, offer, offers, quiz_on_offer
from game.present.stats import stat_lines

if TYPE_CHECKING:
    from game.engine.editions import Editions

WIDTH = 78
MAX_LINE = 4096  # a longer line is cut here, and the rest of it read and dropped
HELP = N_("""Commands:
  1, 2, 3 ...   take that choice (a chapter's quiz and the epilogue are numbered too)
  look          show the scene again
  save NAME     save the game under NAME
  load NAME     load the save called NAME
  saves         list the saves
  glossary      the terms of this scene; `glossary TERM` defines one
  journal       every historical note read so far; `journal WORD` searches them
  path          your decisions beside what Trotsky actually did
  timeline      Trotsky's life, 1879-1940, and where you are in it
  stats         the variables you can see, and what the last choice changed
  milestones    what you have learnt across your games, and what is left to find
  content       content notes before scenes: `content on` or `content off`
  language      the languages of the game; `language es` plays on in Spanish
  quiz          check your understanding, at a chapter's end (also a numbered choice)
  back          take back the last choice (as far as the chapter's start)
  help          this list
  quit          save to the autosave and leave (so does end of input)""")


class PlainGame:
    def __init__(
        self,
        session: Session,
        saves: SaveFolder,
        stdin: TextIO,
        stdout: TextIO,
        editions: Editions | None = None,
    ) -> None:
        self.session = session
        self.editions = editions  # the story in each language (None: this story only)
        self.saves = saves
        self.stdin = stdin
        self.stdout = stdout
        self.keeper = Keeper(session.story, saves.folder)
        self.settings_path = saves.folder / SETTINGS_FILE
        self.settings, self.settings_problem = Settings.load(self.settings_path)

    def say(self, text: str = "") -> None:
        self.stdout.write(clean(text) + "\n")  # the last line of defence: no ESC passes

    def read_line(self) -> str:
        """One line of input, at most MAX_LINE characters ("" at the end of input)."""
        line = self.stdin.readline(MAX_LINE)
        if len(line) == MAX_LINE and not line.endswith("\n"):
            while True:  # drop the rest of an overlong line, in bounded pieces
                rest = self.stdin.readline(MAX_LINE)
                if not rest or rest.endswith("\n"):
                    break
        return line

    def paragraphs(self, text: str) -> None:
        for paragraph in paragraphs(text):
            # Long words (a URL, a name) stay whole: a screen reader must read them as written.
            self.say(
                textwrap.fill(paragraph, WIDTH, break_long_words=False, break_on_hyphens=False)
            )
            self.say()

    def run(self, notices: tuple[str, ...] = ()) -> int:
        """Play until `quit` or the end of input; 1 when the game could not be saved then."""
        for notice in notices:
            self.say(_("Note: {notice}").format(notice=notice))
        for problem in (self.settings_problem, self.keeper.problem):
            if problem:
                self.say(_("Note: {notice}").format(notice=problem))
        self.show_scene()
        while True:
            self.stdout.write("> ")
            self.stdout.flush()
            line = self.read_line()
            if not line:  # end of input: keep the player's place and leave quietly
                self.say()
                return self.leave(goodbye=False)
            if self.command(line.strip()) == "quit":
                return self.leave(goodbye=True)

    def leave(self, goodbye: bool) -> int:
        """The last autosave (it keeps the play time); a failure is said and is the exit status."""
        try:
            path = self.saves.save(AUTOSAVE, self.session)
        except GameError as err:
            self.say(
                _(
                    "Your game could not be saved: {error}. The progress since the last save is lost."
                ).format(error=err.message)
            )
            return 1
        if goodbye:
            self.say(
                _(
                    "Goodbye. Your game is saved in {path}; `trotsky --plain --continue` resumes it."
                ).format(path=path)
            )
        return 0

    def command(self, line: str) -> str | None:
        verb, _space, argument = line.partition(" ")
        verb = verb.lower()
        argument = argument.strip()
        if not verb:
            return None
        number = choice_number(verb)
        if number is not None:
            self.choose(number)
        elif verb in ("quit", "q", "exit"):
            return "quit"
        elif verb in ("help", "?", "h"):
            self.say(_(HELP))
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
        elif verb == "journal":
            self.journal(argument)
        elif verb == "path":
            self.path()
        elif verb == "timeline":
            self.timeline()
        elif verb == "stats":
            self.stats()
        elif verb == "quiz":
            self.quiz()
        elif verb == "milestones":
            self.milestones()
        elif verb == "content":
            self.content(argument)
        elif verb in ("language", "lang", "idioma"):
            self.language(argument)
        elif verb in ("back", "undo", "u"):
            self.back()
        else:
            self.say(
                _("Unknown command '{verb}'. Type a choice number, or `help`.").format(
                    verb=shorten(verb)
                )
            )
        return None

    def choose(self, number: int) -> None:
        taken = offer(self.session, number)
        if taken is None:
            self.say(f"{no_such_offer(self.session, number)}.")
            return
        if taken.kind == "end":
            self.show_ending()
            return
        if taken.kind == "quiz":
            self.quiz()
            return
        try:
            step = self.session.choose(number)
        except GameError as err:
            self.say(f"{err.message}.")
            return
        if step.note:
            self.show_note(step.note)
        self.autosave()
        self.observe()
        self.show_scene()

    def show_scene(self) -> None:
        session = self.session
        scene = session.scene
        chapter = session.chapter
        self.say()
        warning = milestone_words.content_notice(scene, self.settings.content_notes)
        if warning:  # said before the scene, so the player can choose not to read on
            self.say(f"({warning})")
        self.say(
            _("== Chapter {number}: {title} ==").format(number=chapter.number, title=chapter.title)
        )
        self.say(f"{scene.place}, {within_sentence(scene_date(scene))}")
        if scene.what_if:  # a counterfactual scene says so before the player reads it
            self.say(f"** {banner(scene)} **")
        self.say(f"-- {scene.title} --")
        self.say()
        self.paragraphs(scene.text)
        terms = session.story.lexicon.terms_in(scene.text)
        if terms:
            names = ", ".join(t.term for t in terms)
            self.say(_("Glossary: {terms} (type `glossary TERM`)").format(terms=names))
            self.say()
        listed = offers(session)
        for item in listed:
            self.say(f"  {item.line}")
        if listed:
            self.say()

    def define(self, name: str) -> None:
        lexicon = self.session.story.lexicon
        if not name:
            scene = self.session.scene
            terms = lexicon.terms_in(scene.text, *(o.text for o in self.session.options()))
            if not terms:
                self.say(_("No glossary terms in this scene."))
                return
            self.say(_("Glossary terms in this scene (`glossary TERM` defines one):"))
            for term in terms:
                self.say(f"  {term.term}")
            return
        found = lexicon.lookup(name)
        if found is None:
            self.say(_("{name} is not in the glossary.").format(name=repr(name)))
            return
        self.say(f"{found.term}: {' '.join(found.definition.split())}")

    def journal(self, search: str) -> None:
        entries = self.session.journal()
        if search:
            entries = [
                e
                for e in entries
                if search.casefold() in (e.note.text + e.note.source + e.scene.title).casefold()
            ]
        if not entries:
            self.say(
                _("No notes yet.")
                if not search
                else _("No note mentions {search}.").format(search=repr(search))
            )
            return
        self.say(
            _("Journal: the historical notes read so far mentioning {search}").format(
                search=repr(search)
            )
            if search
            else _("Journal: the historical notes read so far")
        )
        self.say()
        for entry in entries:
            self.say(
                _("[Chapter {number}] {date}, {place}: {title}").format(
                    number=entry.chapter.number,
                    date=entry.note.date,
                    place=entry.note.place,
                    title=entry.scene.title,
                )
            )
            self.paragraphs(entry.note.text)
            self.say(_("Source: {source}").format(source=entry.note.source))
            self.say()

    def path(self) -> None:
        rows = self.session.comparison()
        if not rows:
            self.say(_("No decisions yet."))
        else:
            self.say(_("Your path against history:"))
        for row in rows:
            mark = _("same as Trotsky") if row.matched else _("different")
            self.say(
                _("{date}, {scene}: you chose: {chosen} ({mark})").format(
                    date=row.date, scene=row.scene, chosen=row.chosen, mark=mark
                )
            )
            if not row.matched and row.historical:
                self.say(_("    Trotsky: {choice}").format(choice=row.historical))
        self.say(path_summary(self.session))

    def timeline(self) -> None:
        now = self.session.scene.date
        self.say(_("Timeline, 1879-1940:"))
        for event in self.session.story.timeline:
            mark = _("done ") if event.date <= now else _("later")
            self.say(f"  {mark}  {story_date(event.date)}: {event.text}")
        self.say(_("You are in {date}.").format(date=scene_date(self.session.scene)))

    def stats(self) -> None:
        lines = stat_lines(self.session)
        self.say(_("Where you stand:") if lines else _("Nothing to show."))
        for line in lines:
            self.say(f"  {line}")

    def quiz(self) -> None:
        chapter = quiz_on_offer(self.session)
        if chapter is None:
            taken = self.session.quiz_result(self.session.chapter.id)
            if taken is not None:
                self.say(
                    _("You took this chapter's quiz: {right} of {total} right.").format(
                        right=taken[0], total=taken[1]
                    )
                )
            else:
                self.say(_("There is no quiz to take here: each chapter's quiz comes at its end."))
            return
        self.say(
            _("{heading}. Type the number of an answer, or Enter to skip.").format(
                heading=quiz_words.heading(chapter)
            )
        )
        answers = []
        for number, question in enumerate(chapter.quiz, 1):
            self.say(f"{number}. {question.question}")
            for option_number, option in enumerate(question.options, 1):
                self.say(f"   {option_number}) {option}")
            self.stdout.write(_("answer> "))
            self.stdout.flush()
            answer = choice_number(self.read_line()) or 0
            answers.append(answer)
            self.say(quiz_words.verdict(question, answer)[1])
        right, total = self.session.answer_quiz(chapter.id, answers)
        self.say(quiz_words.score(right, total))
        self.autosave()
        self.observe()
        self.show_scene()

    def back(self) -> None:
        try:
            record = self.session.rewind()
        except GameError as err:
            self.say(f"{err.message}.")
            return
        self.say(_("Taken back: {choice}").format(choice=self.session.chosen_text(record)))
        self.autosave()
        self.show_scene()

    def show_note(self, note: Note) -> None:
        self.say()
        self.say(_("-- What really happened --"))
        self.say(f"{note.date}, {note.place}")
        self.say()
        self.paragraphs(note.text)
        self.say(_("Source: {source}").format(source=note.source))

    def show_ending(self) -> None:
        view = ending_view(self.session)
        self.say()
        self.say(f"== {view.heading} ==")
        self.say()
        self.paragraphs(view.text)
        for weighing in view.weighing:  # what the count alone would not ask
            self.paragraphs(weighing)
        self.say(view.score)
        if view.quiz:
            self.say(view.quiz)
        self.observe()
        keeper = self.keeper
        self.say(milestone_words.ending_line(self.session.story, keeper.profile, keeper.this_run))
        self.say(
            _(
                "Type `path` to compare your decisions with history, `journal`, `milestones`, or `quit`."
            )
        )

    def observe(self) -> None:
        """Say each milestone the game has just earned, one line each."""
        earned, problem = self.keeper.observe(self.session)
        for milestone in earned:
            self.say(f"* {milestone_words.notice(milestone)}")
        if problem:
            self.say(f"Milestones not saved: {problem}")

    def milestones(self) -> None:
        story, profile = self.session.story, self.keeper.profile
        self.say(f"{_(milestone_words.HEADING)}: {milestone_words.tally(story, profile)}")
        for row in milestone_words.rows(story, profile):
            self.say(f"  {row.line}")

    def content(self, argument: str) -> None:
        choice = argument.lower()
        if choice in ("on", "off"):
            self.settings.content_notes = choice == "on"
            self.save_settings()
        self.say(
            _("Content notes are on: a note before each scene (`content on` or `content off`).")
            if self.settings.content_notes
            else _("Content notes are off (`content on` or `content off`).")
        )

    def save_settings(self) -> None:
        try:
            self.settings.save(self.settings_path)
        except GameError as err:
            self.say(_("Settings not saved: {error}").format(error=err.message))

    def language(self, code: str) -> None:
        """`language`: the languages there are; `language CODE`: play on in that one, at the
        same place (saves hold ids, never prose), and start in it next time."""
        languages = i18n.playable([] if self.editions is None else self.editions.languages())
        code = code.lower()
        if code not in languages:
            names = ", ".join(f"{c} ({i18n.NAMES.get(c, c)})" for c in languages)
            self.say(
                _(
                    "The game speaks {language}. Languages: {names}; `language CODE` switches."
                ).format(language=i18n.spoken(i18n.current()), names=names)
            )
            return
        if self.editions is not None:  # the story too, not only the interface
            story, problem = self.editions.story(code)
            if problem:
                self.say(_("Note: {notice}").format(notice=problem))
            self.session.story = story
            self.saves.story = story
            self.keeper.adopt(story)
        i18n.set_language(code)
        self.settings.language = code
        self.save_settings()
        self.say(_("The game speaks {language} now.").format(language=i18n.spoken(code)))
        self.show_scene()

    def autosave(self) -> None:
        try:
            self.saves.save(AUTOSAVE, self.session)
        except GameError as err:
            self.say(_("Could not autosave: {error}").format(error=err.message))

    def save(self, name: str) -> None:
        try:
            path = self.saves.save(name, self.session)
        except GameError as err:
            self.say(_("Not saved: {error}").format(error=err.message))
            return
        self.say(_("Saved as {name} ({path}).").format(name=repr(name), path=path))

    def load(self, name: str) -> None:
        if not name:
            self.say(_("Load which save? Type `saves` to list them."))
            return
        try:
            loaded = self.saves.load(name)
        except GameError as err:
            self.say(_("Not loaded: {error}").format(error=err.message))
            return
        self.session = loaded.session(self.session.story)
        for notice in loaded.notices:
            self.say(_("Note: {notice}").format(notice=notice))
        self.say(_("Loaded {name}.").format(name=repr(name)))
        self.show_scene()

    def list_saves(self) -> None:
        slots = self.saves.slots()
        if not slots:
            self.say(_("No saves yet."))
            return
        self.say(_("Saves, newest first (in {folder}):").format(folder=self.saves.folder))
        for slot in slots:
            if slot.error:
                self.say(
                    _("  {name}: cannot be loaded: {error}").format(
                        name=slot.name, error=slot.error
                    )
                )
            else:
                self.say(
                    _("  {name}: {chapter}, {date}, {place} (saved {when})").format(
                        name=slot.name,
                        chapter=slot.chapter,
                        date=within_sentence(slot.date),
                        place=slot.place,
                        when=saved_when(slot.updated),
                    )
                )
