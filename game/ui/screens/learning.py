"""What the player has learnt: journal, path against history, glossary, timeline, stats."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.model import GlossaryTerm, flowed
from game.engine.session import Session
from game.i18n import N_, _, ngettext
from game.present.ending import path_summary, quiz_line
from game.present.stats import stat_lines
from game.ui.screens.dialogs import Dialog


class JournalDialog(Dialog[None]):
    """Every note read, in order; type to search; `p` shows your path against history."""

    HEADING = N_("Journal: what really happened")
    BINDINGS = [
        Binding("p", "path", N_("Your path vs history")),
        Binding("slash", "search", N_("Search")),
        Binding("escape", "cancel", N_("Close")),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=_("search the notes"), id="journal-search")
        with VerticalScroll(id="journal-list"):
            yield Static(id="journal-text", markup=False)
        yield Static(
            _("/: search · p: your path against history · Escape: close"),
            classes="muted",
            markup=False,
        )

    def on_mount(self) -> None:
        self.show("")
        self.query_one("#journal-list", VerticalScroll).focus()

    def action_search(self) -> None:
        self.query_one("#journal-search", Input).focus()

    def on_input_submitted(self) -> None:
        self.query_one("#journal-list", VerticalScroll).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, search: str) -> None:
        entries = self.session.journal()
        if search.strip():
            needle = search.strip().casefold()
            entries = [
                e
                for e in entries
                if needle
                in f"{e.note.text} {e.note.source} {e.scene.title} {e.note.place}".casefold()
            ]
        if not entries:
            text = (
                _("No notes yet.")
                if not search.strip()
                else _("No note mentions “{words}”.").format(words=search.strip())
            )
        else:
            text = "\n\n".join(
                _("Chapter {number}").format(number=e.chapter.number)
                + f" · {e.note.date} · {e.note.place}\n"
                + _("{scene}: you chose “{choice}”").format(scene=e.scene.title, choice=e.choice)
                + f"\n{flowed(e.note.text)}\n"
                + _("Source: {source}").format(source=e.note.source)
                for e in entries
            )
        self.query_one("#journal-text", Static).update(text)

    def action_path(self) -> None:
        self.app.push_screen(PathDialog(self.session))


class PathDialog(Dialog[None]):
    """Each decision beside what Trotsky actually did."""

    HEADING = N_("Your path against history")

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose_body(self) -> ComposeResult:
        rows = self.session.comparison()
        lines = []
        for row in rows:
            if row.matched:
                lines.append(
                    f"= {row.date} · {row.scene}\n  "
                    + _("You and Trotsky: {choice}").format(choice=row.chosen)
                )
            else:
                lines.append(
                    f"≠ {row.date} · {row.scene}\n  " + _("You: {choice}").format(choice=row.chosen)
                )
                if row.historical:
                    lines.append("  " + _("Trotsky: {choice}").format(choice=row.historical))
        summary = f"{path_summary(self.session)} " + _("(= same, ≠ different.)")
        quiz = quiz_line(self.session)
        if quiz:
            summary += f" {quiz}"
        yield Static(summary, id="path-summary", markup=False)
        with VerticalScroll(id="path-list"):
            yield Static("\n".join(lines) or _("No decisions yet."), markup=False)


class TermDialog(Dialog[None]):
    """One glossary term's definition, over the scene."""

    def __init__(self, term: GlossaryTerm) -> None:
        super().__init__()
        self.term = term
        self.HEADING = term.term

    def compose_body(self) -> ComposeResult:
        also = (
            _("Also: {names}").format(names=", ".join(self.term.also)) + "\n\n"
            if self.term.also
            else ""
        )
        yield Static(also + flowed(self.term.definition), id="term-definition", markup=False)


class GlossaryDialog(Dialog[None]):
    """The terms met so far (all of them once the game is over); choose one to read it."""

    HEADING = N_("Glossary")

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.terms = session.terms_met()

    def compose_body(self) -> ComposeResult:
        count = len(self.terms)
        scope = (
            ngettext(
                "{count} term: all terms. Enter shows a definition.",
                "{count} terms: all terms. Enter shows a definition.",
                count,
            )
            if self.session.is_over
            else ngettext(
                "{count} term: the terms met so far. Enter shows a definition.",
                "{count} terms: the terms met so far. Enter shows a definition.",
                count,
            )
        )
        yield Static(
            scope.format(count=count),
            classes="muted",
            markup=False,
        )
        yield OptionList(
            *(Option(term.term, id=str(i)) for i, term in enumerate(self.terms)),
            id="glossary-list",
            markup=False,
        )
        yield Static(id="glossary-definition", markup=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        term = self.terms[int(event.option.id or 0)]
        self.query_one("#glossary-definition", Static).update(
            f"{term.term}: {flowed(term.definition)}"
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.push_screen(TermDialog(self.terms[int(event.option.id or 0)]))


class TimelineDialog(Dialog[None]):
    """Trotsky's life with the player's place in it: ✓ played, ▶ now, · to come."""

    HEADING = N_("Timeline, 1879-1940")

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose_body(self) -> ComposeResult:
        now = self.session.scene.date
        lines: list[tuple[str, bool]] = []
        placed = False
        for event in self.session.story.timeline:
            if not placed and event.date > now:
                lines.append((self.now_line(), False))
                placed = True
            mark = "✓" if event.date <= now else "·"
            lines.append((f"{mark} {event.shown_date}: {event.text}", event.date > now))
        if not placed:
            lines.append((self.now_line(), False))
        yield Static(
            _("✓ already played · ▶ where you are · to come"), classes="muted", markup=False
        )
        with VerticalScroll(id="timeline-list"):
            for text, future in lines:
                yield Static(
                    text,
                    classes="future" if future else ("now" if text.startswith("▶") else "past"),
                    markup=False,
                )

    def now_line(self) -> str:
        scene = self.session.scene
        return "▶ " + _("now: {date} · {title}").format(date=scene.shown_date, title=scene.title)

    def on_mount(self) -> None:
        now = self.query(".now").first()
        self.call_after_refresh(now.scroll_visible, top=True, animate=False)


class StatsDialog(Dialog[None]):
    """The variables the story shows, with what the last choice changed."""

    HEADING = N_("Where you stand")

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose_body(self) -> ComposeResult:
        yield Static(
            "\n".join(stat_lines(self.session)) or _("Nothing to show."),
            id="stats-text",
            markup=False,
        )
