"""The story as the files said it, before references between files are checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.engine.findings import Location
from game.engine.model import Chapter, GlossaryTerm, Milestone, Scene, TimelineEvent, Variable

MANIFEST = "story.yaml"
GLOSSARY = "glossary.yaml"
TIMELINE = "timeline.yaml"
MILESTONES = "milestones.yaml"


@dataclass
class Draft:
    """What the files said, before references between them are checked."""

    folder: Path
    id: str = ""
    title: str = ""
    version: str = ""
    start: str = ""
    start_at: Location = field(default_factory=lambda: Location(MANIFEST))
    chapters: list[Chapter] = field(default_factory=list)
    chapter_at: dict[str, Location] = field(default_factory=dict)
    scenes: dict[str, Scene] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    # Scenes we know of but could not read, and whether a whole file was unreadable:
    # references to them are not reported again, since the real problem is already said.
    broken_scenes: set[str] = field(default_factory=set)
    unreadable_files: list[str] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        """Whether a chapter file could not be read, so its scenes and variables are unknown."""
        return bool(self.unreadable_files)
