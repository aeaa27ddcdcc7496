"""Milestones and content notes as both faces show them: the list, the notice when one is
earned, the line on the ending screen, the note before a scene."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import content
from game.engine.milestones import reads_ending
from game.engine.model import Milestone, Scene, Story
from game.engine.profile import Profile
from game.i18n import N_, _
from game.present.dates import saved_when

HEADING = N_("Milestones")
HIDDEN_TITLE = N_("A hidden milestone")
HIDDEN_TEXT = N_("Waits at one of the story's endings; find it to see its name.")


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    title: str
    detail: str  # when it was earned and what for, or what earns it
    earned: bool

    @property
    def line(self) -> str:
        mark = "[x]" if self.earned else "[ ]"
        return f"{mark} {self.title}: {self.detail}"


def rows(story: Story, profile: Profile) -> list[MilestoneRow]:
    """Every milestone, earned ones first; an unearned one that names an ending says nothing
    of it, so the list never spoils where a road leads."""
    earned, waiting = [], []
    for milestone in story.milestones:
        when = profile.earned.get(milestone.id)
        if when is not None:
            detail = _("earned {when}. {description}").format(
                when=saved_when(when), description=milestone.description
            )
            earned.append(MilestoneRow(milestone.title, detail, True))
        elif reads_ending(milestone):
            waiting.append(MilestoneRow(_(HIDDEN_TITLE), _(HIDDEN_TEXT), False))
        else:
            waiting.append(MilestoneRow(milestone.title, milestone.description, False))
    return earned + waiting


def tally(story: Story, profile: Profile) -> str:
    count = sum(1 for m in story.milestones if m.id in profile.earned)
    return _("{count} of {total} milestones earned, across all your games.").format(
        count=count, total=len(story.milestones)
    )


def notice(milestone: Milestone) -> str:
    """The one line said when a milestone is earned."""
    return _("Milestone earned: {title}. {description}").format(
        title=milestone.title, description=milestone.description
    )


def ending_line(story: Story, profile: Profile, this_run: list[Milestone]) -> str:
    """What the ending screen says of milestones."""
    names = ", ".join(m.title for m in this_run)
    earned = " " + _("This time: {names}.").format(names=names) if names else ""
    return f"{tally(story, profile)}{earned}"


def content_notice(scene: Scene, enabled: bool) -> str:
    """The brief note before a scene that depicts what its `content:` lists; "" when the
    setting is off or the scene has none."""
    return content.notice(scene.content) if enabled else ""


def teacher_list(story: Story) -> list[str]:
    """For a teacher: each chapter's scenes that carry content notes, and which."""
    lines: list[str] = []
    for chapter in story.chapters:
        tagged = [s for s in story.scenes.values() if s.chapter == chapter.id and s.content]
        words = sorted({w for s in tagged for w in s.content}, key=list(content.VOCABULARY).index)
        lines.append(
            f"Chapter {chapter.number}, {chapter.title} ({chapter.years}): "
            + (", ".join(words) if words else "no content notes")
        )
        for scene in tagged:
            lines.append(f"  {scene.id} ({scene.title}): {', '.join(scene.content)}")
    return lines
