"""The story in each language it is played in: the English story, with the overlay of
`scenes/<lang>/` laid over it, made the first time a language is asked for and kept.

A game switches language by going on with another edition of the same story: the saves
hold ids, never prose, so the place, the variables and the history carry over as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from game.engine.findings import Findings, plural
from game.engine.model import Story

ENGLISH = "en"
CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass
class Editions:
    english: Story
    scenes: Path  # the folder whose `<lang>/` subfolders hold the overlays
    made: dict[str, Story] = field(default_factory=dict)

    def languages(self) -> list[str]:
        """English and every language with an overlay folder."""
        found = [ENGLISH]
        if self.scenes.is_dir():
            found += sorted(
                p.name for p in self.scenes.iterdir() if p.is_dir() and CODE.match(p.name)
            )
        return found

    def story(self, language: str) -> tuple[Story, str | None]:
        """The story in `language` (English where the overlay lacks a piece, or when there
        is no overlay), and why it is not wholly as asked, if it is not."""
        if language == ENGLISH or not CODE.match(language):  # a code, never a path
            return self.english, None
        if language in self.made:
            return self.made[language], None
        if not (self.scenes / language).is_dir():
            return self.english, None  # only the interface's words are translated
        from game.engine.overlay import apply_overlay, load_overlay  # English needs neither

        findings = Findings()
        overlay = load_overlay(self.scenes, language, findings)
        story = apply_overlay(self.english, overlay)
        self.made[language] = story
        problem = None
        if findings.errors:
            problem = (
                f"the `{language}` translation has {plural(len(findings.errors), 'problem')} "
                f"(`trotsky validate --lang {language}` lists them); the rest is translated"
            )
        return story, problem

    def with_english(self, english: Story) -> Editions:
        """The editions of a reloaded story (dev mode): every translation made again."""
        return Editions(english, self.scenes)
