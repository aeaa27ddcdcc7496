"""Check your understanding: a chapter's questions, one at a time, each answer explained."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.model import Chapter
from game.i18n import N_, _
from game.present.quiz import heading, verdict
from game.ui.screens.dialogs import Dialog


class QuizDialog(Dialog[list[int]]):
    """Returns the answers given (0 for a skipped question), or None when skipped whole."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Skip the quiz")),
        Binding("n", "next", N_("Next"), show=False),
        # As on a scene, a number takes that answer at once.
        *(Binding(str(n), f"answer({n})", N_("Answer"), show=False) for n in range(1, 10)),
    ]

    def __init__(self, chapter: Chapter) -> None:
        super().__init__()
        self.chapter = chapter
        self.HEADING = heading(chapter)
        self.answers: list[int] = []
        self.answered = False

    def compose_body(self) -> ComposeResult:
        yield Static(id="quiz-question", markup=False)
        yield OptionList(id="quiz-options", markup=False)
        yield Static(id="quiz-verdict", markup=False)
        yield Static(
            _("1-9 or Enter answers · Escape skips the quiz"),
            id="quiz-help",
            classes="muted",
            markup=False,
        )

    def on_mount(self) -> None:
        self.show_question()

    def show_question(self) -> None:
        question = self.chapter.quiz[len(self.answers)]
        total = len(self.chapter.quiz)
        self.query_one("#quiz-question", Static).update(
            _("Question {number} of {total}: {question}").format(
                number=len(self.answers) + 1, total=total, question=question.question
            )
        )
        options = self.query_one("#quiz-options", OptionList)
        options.clear_options()
        options.add_options(
            [Option(f"{n}. {text}", id=str(n)) for n, text in enumerate(question.options, 1)]
        )
        options.highlighted = 0
        options.focus()
        self.query_one("#quiz-verdict", Static).update("")
        self.answered = False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.answered:
            self.action_next()
            return
        self.action_answer(int(event.option.id or 0))

    def action_answer(self, answer: int) -> None:
        question = self.chapter.quiz[len(self.answers)]
        if self.answered or not 1 <= answer <= len(question.options):
            return
        self.query_one("#quiz-options", OptionList).highlighted = answer - 1
        self.answers.append(answer)
        self.answered = True
        right, said = verdict(question, answer)
        more = (
            _("Enter: next question")
            if len(self.answers) < len(self.chapter.quiz)
            else _("Enter: see your score")
        )
        mark = "✓" if right else "✗"
        self.query_one("#quiz-verdict", Static).update(f"{mark} {said}\n\n{more}")

    def action_next(self) -> None:
        if not self.answered:
            return
        if len(self.answers) < len(self.chapter.quiz):
            self.show_question()
            return
        self.dismiss(self.answers)
