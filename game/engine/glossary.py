"""Finding glossary terms in scene and note text, so every face can link them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.model import GlossaryTerm


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    term: GlossaryTerm


class Glossary:
    """All terms of a story, matched as whole words: abbreviations (all capitals) exactly,
    other terms whatever their case; the longest term wins where two overlap."""

    def __init__(self, terms: Sequence[GlossaryTerm]) -> None:
        self.terms = tuple(terms)
        exact: dict[str, GlossaryTerm] = {}
        loose: dict[str, GlossaryTerm] = {}
        for term in self.terms:
            for name in (term.term, *term.also):
                if name.isupper():
                    exact[name] = term
                else:
                    loose[name.casefold()] = term
        self._exact, self._loose = exact, loose
        names = sorted(
            {*exact, *(n for t in self.terms for n in (t.term, *t.also))}, key=len, reverse=True
        )
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)", re.IGNORECASE)
            if names
            else None
        )

    def mentions(self, text: str) -> list[Mention]:
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            word = match.group(1)
            term = self._exact.get(word) or self._loose.get(word.casefold())
            if term is not None:
                found.append(Mention(match.start(), match.end(), term))
        return found

    def terms_in(self, *texts: str) -> list[GlossaryTerm]:
        """The distinct terms mentioned, in order of first mention."""
        seen: dict[str, GlossaryTerm] = {}
        for text in texts:
            for mention in self.mentions(text):
                seen.setdefault(mention.term.term, mention.term)
        return list(seen.values())

    def lookup(self, name: str) -> GlossaryTerm | None:
        name = name.strip()
        return (
            self._exact.get(name)
            or self._loose.get(name.casefold())
            or next((t for t in self.terms if t.term.casefold() == name.casefold()), None)
        )
