"""Glossary terms are found in text as whole words, abbreviations by case."""

from __future__ import annotations

from game.engine.glossary import Glossary
from game.engine.model import GlossaryTerm, Story

TERMS = [
    GlossaryTerm("RSDLP", "The party.", ("Russian Social Democratic Labour Party",)),
    GlossaryTerm("Iskra", "The Spark."),
    GlossaryTerm("soviet", "A council."),
    GlossaryTerm("Petrograd Soviet", "The capital's council."),
]


def test_whole_words_longest_first_and_case_rules() -> None:
    glossary = Glossary(TERMS)
    text = "The Petrograd Soviet met; iskra arrived; the rsdlp split; a Soviet formed; soviets."
    found = [(text[m.start : m.end], m.term.term) for m in glossary.mentions(text)]
    assert found == [
        ("Petrograd Soviet", "Petrograd Soviet"),
        ("iskra", "Iskra"),
        ("Soviet", "soviet"),
    ]


def test_aliases_and_lookup() -> None:
    glossary = Glossary(TERMS)
    assert [t.term for t in glossary.terms_in("the Russian Social Democratic Labour Party")] == [
        "RSDLP"
    ]
    assert glossary.lookup("ISKRA") is not None
    assert glossary.lookup("rsdlp") is not None  # lookup forgives case
    assert glossary.lookup("Duma") is None


def test_real_glossary_is_large_and_used(story: Story) -> None:
    assert len(story.glossary) >= 40
    used = set()
    for scene in story.scenes.values():
        texts = [scene.text, *(c.note.text for c in scene.choices if c.note)]
        used.update(t.term for t in story.lexicon.terms_in(*texts))
    for required in ("RSDLP", "Iskra", "Menshevik", "NEP", "Left Opposition"):
        assert required in {t.term for t in story.glossary}
    assert len(used) >= 30
