"""History: key dates and facts are taught by the notes, and known wrong claims never appear.

Each fact is a set of phrases that must stand together in one note (or epilogue, or quiz
explanation), so the date is taught with the event it belongs to.
"""

from __future__ import annotations

import re

import pytest

from game.engine.model import Note, Story
from game.engine.session import Session

FACTS: dict[str, tuple[str, ...]] = {
    "born 26 October (O.S.) / 7 November (N.S.) 1879": ("26 October", "7 November", "1879"),
    "arrested in January 1898 for the South Russian Workers' Union": (
        "South Russian Workers' Union",
        "1898",
    ),
    "not a founder of the RSDLP: its congress met in Minsk in March 1898": ("Minsk", "1898"),
    "pen name Antid Oto in the Eastern Review": ("Antid Oto", "Eastern Review"),
    "escape under hay from Verkholensk in 1902": ("Verkholensk", "hay", "1902"),
    "the name Trotsky from an Odessa jailer": ("Trotsky", "jailer", "Odessa"),
    "Krzhizhanovsky named him Pero, the Pen": ("Pero", "Krzhizhanovsky"),
    "knocked at Lenin's door in London, October 1902": ("Lenin", "London", "October 1902"),
    "Lenin proposed co-opting him to Iskra, 2 March 1903": ("2 March 1903", "Plekhanov"),
    "Second Congress of the RSDLP, July-August 1903": ("Second Congress", "1903", "Brussels"),
    "Bloody Sunday, 9 (O.S.) / 22 (N.S.) January 1905": ("9 January", "22 January", "1905"),
    "St Petersburg Soviet founded 13 October (O.S.) 1905": ("13 October", "1905", "Soviet"),
    "October Manifesto, 17 October (O.S.) 1905": ("17 October", "Manifesto"),
    "chairman after Khrustalev-Nosar's arrest, 26 November (O.S.) 1905": (
        "Khrustalev-Nosar",
        "26 November",
    ),
    "arrested with the Soviet, 3 December (O.S.) 1905": ("3 December", "1905"),
    "tried in autumn 1906": ("trial", "1906"),
    "escape from Berezov, February 1907": ("Berezov", "February 1907"),
    "the Vienna Pravda, from October 1908": ("Pravda", "Vienna", "1908"),
    "left Vienna for Zurich, 3 August 1914": ("3 August 1914", "Zurich"),
    "Zimmerwald conference, September 1915": ("Zimmerwald", "September 1915"),
    "taken off the ship at Halifax, 3 April 1917": ("Halifax", "3 April"),
    "Finland Station, 4 May (O.S.) / 17 May (N.S.) 1917": ("4 May", "17 May", "1917"),
    "arrested after the July Days, 23 July (O.S.) 1917": ("23 July", "4 September", "bail"),
    "chairman of the Petrograd Soviet, 25 September (O.S.) / 8 October (N.S.)": (
        "25 September",
        "8 October",
    ),
    "the insurrection, 25 October (O.S.) / 7 November (N.S.) 1917": (
        "25 October",
        "7 November",
        "1917",
    ),
    "'neither war nor peace', 10 February (N.S.) 1918": ("neither war nor peace", "10 February"),
    "treaty of Brest-Litovsk signed 3 March 1918": ("3 March 1918",),
    "Kazan retaken 10 September 1918": ("Kazan", "10 September 1918"),
    "Kronstadt, March 1921": ("Kronstadt", "March 1921"),
    "Stalin General Secretary, 3 April 1922": ("3 April 1922", "General Secretary"),
    "Lenin died 21 January 1924": ("Lenin", "21 January 1924"),
    "Lenin's funeral, 27 January 1924, which Trotsky missed": ("funeral", "27 January"),
    "expelled from the party, November 1927": ("expelled", "November 1927"),
    "Joffe's suicide, 16 November 1927": ("Joffe", "16 November"),
    "deported to Alma-Ata, January 1928": ("Alma-Ata", "January 1928"),
    "arrived at Constantinople, 12 February 1929": ("Constantinople", "12 February 1929"),
    "first Moscow Trial, August 1936": ("Zinoviev", "Kamenev", "August 1936"),
    "arrived at Tampico, 9 January 1937": ("Tampico", "9 January 1937"),
    "Dewey Commission hearings, April 1937": ("Dewey", "April 1937"),
    "Lev Sedov died 16 February 1938": ("Sedov", "16 February 1938"),
    "Fourth International founded September 1938": ("Fourth International", "September 1938"),
    "the raid of 24 May 1940": ("Siqueiros", "24 May 1940"),
    "attacked 20 August, died 21 August 1940": ("20 August", "21 August 1940"),
    # the seed articles' "Facts about Trotsky", and their other accurate claims
    "the affair with Frida Kahlo": ("Frida Kahlo", "affair"),
    "chickens and rabbits in Mexico": ("chickens", "rabbits"),
    "the pen name Pero, the Pen": ("Pero", "Pen"),
    "called the Old Man (Starik) in Mexico": ("Old Man", "Starik"),
    "Max Eastman's description of his habits": ("Eastman", "smoke, drink, chew"),
    "fainting on the night of the insurrection": ("faint", "Kamenev"),
    "Lloyd George's coalition withdrew the Tsar's asylum in 1917": ("Lloyd George", "Nicholas II"),
    "the Soviet's Executive and some 300 deputies arrested": ("Executive", "300 deputies"),
    "died in the Green Cross hospital, Mexico City": ("Green Cross", "21 August 1940"),
    "the Petropavlovsk resolution: secret ballot, left socialist parties": (
        "Petropavlovsk",
        "secret ballot",
        "left socialist",
    ),
    "socialism in one country, Stalin's doctrine of December 1924": (
        "in one country",
        "December 1924",
    ),
    "Britain refused him, as it had refused Nicholas II": ("Nicholas II", "18 July 1929"),
    '"a few revolutionary proclamations ... then shut up shop"': ("shut up shop",),
}

WRONG: dict[str, str] = {
    "Lenin died in 1922": r"Lenin(?:'s)? (?:died|death)\b[^.]*\b1922\b",
    "Pravda edited in London": r"Pravda[^.]*\b(?:published|edited|printed|produced) in London",
    "arrested in 1907 with the Soviet": r"\barrested\b[^.]*\bin 1907\b",
    "held only four days after the July Days": r"\b(?:four|4) days\b[^.]*\b(?:Kresty|detention|prison)\b",
    "Trotsky founded the RSDLP": r"\bTrotsky\b[^.]*\b(?:founded|co-founded|a founder of) the RSDLP",
    "the October Revolution dated 7 November Old Style": r"7 November \((?:O\.S\.|Old Style)\) 1917",
    "the October Revolution dated 25 October New Style": r"25 October \((?:N\.S\.|New Style)\) 1917",
    "died on 20 August 1940": r"\bdied\b[^.]*\b20 August 1940\b",
    "arrived in Mexico in 1936": r"\barrived (?:in|at) (?:Mexico|Tampico)\b[^.]*\b1936\b",
    # issue 18's corrections: each was once in the story
    "Kronstadt demanded soviets without Communists": r"soviets without (?:the )?Communists",
    "Harte abducted, as a fact": r"\babducted guard\b|\bHarte\b[^.]*\babducted\b",
    "the whole St Petersburg Soviet arrested": r"\bwhole Soviet\b[^.]*\barrested\b",
    "died in Coyoacán": r"\b(?:died|dies)\b[^.]*\bin Coyoacán\b",
    "a Labour government turned away Nicholas II": (
        r"\bLabour\b[^.]*\b(?:refused|withdrew|turned away)\b[^.]*\b(?:Nicholas II|the Tsar)\b"
    ),
}
NEGATION = re.compile(
    r"\b(?:not|never|wrongly|mistakenly|error|myth|claim|claims|sometimes said|often said)\b", re.I
)


def taught(story: Story) -> list[str]:
    """Every text that states history: notes, epilogues and quiz explanations."""
    texts = []
    for scene in story.scenes.values():
        texts.extend(" ".join((c.note.date, c.note.text)) for c in scene.choices if c.note)
        if scene.epilogue:
            texts.append(scene.epilogue)
    for chapter in story.chapters:
        texts.extend(q.explain for q in chapter.quiz)
    return [" ".join(t.split()) for t in texts]


def everything(story: Story) -> list[str]:
    """Taught texts plus what the player reads in scenes and quizzes."""
    texts = taught(story)
    for scene in story.scenes.values():
        texts.append(" ".join(scene.text.split()))
    for chapter in story.chapters:
        texts.extend(" ".join((q.question, *q.options)) for q in chapter.quiz)
    return texts


def false_claims(texts: list[str]) -> list[tuple[str, str]]:
    """(claim, sentence) for every sentence asserting a known error without denying it."""
    found = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            for claim, pattern in WRONG.items():
                if re.search(pattern, sentence) and not NEGATION.search(sentence):
                    found.append((claim, sentence))
    return found


def test_at_least_thirty_facts_are_checked() -> None:
    assert len(FACTS) >= 30


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_a_note_teaches_the_fact(story: Story, fact: str) -> None:
    phrases = FACTS[fact]
    assert any(all(p in text for p in phrases) for text in taught(story)), fact


def test_no_text_repeats_a_known_error(story: Story) -> None:
    assert false_claims(everything(story)) == []


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("After Lenin died in 1922, Stalin rose.", "Lenin died in 1922"),
        ("From 1908 he edited Pravda, published in London.", "Pravda edited in London"),
        ("He was released after four days in Kresty.", "held only four days after the July Days"),
        (
            "The rising began on 7 November (O.S.) 1917.",
            "the October Revolution dated 7 November Old Style",
        ),
    ],
)
def test_the_checker_catches_the_seeds_errors(sentence: str, claim: str) -> None:
    assert false_claims([sentence]) == [(claim, sentence)]


def test_the_checker_accepts_corrections() -> None:
    corrections = [
        "Lenin died on 21 January 1924, not in 1922 as one popular account says.",
        "The Pravda he edited was published in Vienna, not in London.",
    ]
    assert false_claims(corrections) == []


def test_every_note_names_a_dated_source(story: Story) -> None:
    for scene in story.scenes.values():
        for choice in scene.choices:
            assert choice.note is not None
            assert re.search(r"\(\d{4}", choice.note.source) or re.search(
                r"\b1[89]\d\d\b", choice.note.source
            ), (
                scene.id,
                choice.note.source,
            )
            assert "http" not in choice.note.source and "www." not in choice.note.source
            assert re.search(r"\b1[89]\d\d\b", choice.note.date), (scene.id, choice.note.date)


def test_the_story_has_the_promised_shape(story: Story) -> None:
    choices = [c for s in story.scenes.values() for c in s.choices]
    assert len(story.scenes) >= 70
    assert len(choices) >= 180
    endings = [s for s in story.scenes.values() if s.ending]
    assert len(endings) >= 5
    assert [s.id for s in endings if s.ending == "historical"] == ["mx_death"]
    assert sum(1 for c in choices if c.condition is not None) >= 12
    assert len(story.glossary) >= 40
    firsts = [
        s.choices[0].history for s in story.scenes.values() if any(c.history for c in s.choices)
    ]
    assert 0 < sum(firsts) < len(firsts) / 2  # the historical choice is not always the first


HEDGED = {
    # claim (a pattern) -> what a sentence making it must also say (a pattern)
    "fifteen months in prison": (r"\bfifteen months\b", r"\bown account\b"),
    "moved to Nizhne-Ilimsk for a doctor": (
        r"Nizhne-Ilimsk[^.]*\bdoctor\b|\bdoctor\b[^.]*Nizhne-Ilimsk",
        r"\bEastman\b|\bbiographer\b",
    ),
    "deceived about the funeral's date": (
        r"\b(?:wrong date|deceived about the date)\b",
        r"\bown account\b|\bService\b",
    ),
    "Harte's part in the raid": (
        r"\bHarte\b[^.]*\b(?:agent|opened the gate)\b",
        r"\bcontested\b|\bor\b",
    ),
}


def unhedged(texts: list[str]) -> list[tuple[str, str]]:
    """(claim, sentence) for every sentence making a contested claim without hedging it."""
    found = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            for claim, (pattern, hedge) in HEDGED.items():
                if re.search(pattern, sentence) and not re.search(hedge, sentence):
                    found.append((claim, sentence))
    return found


def test_contested_claims_are_hedged_where_they_are_made(story: Story) -> None:
    texts = everything(story) + [" ".join(t.definition.split()) for t in story.glossary]
    assert unhedged(texts) == []
    assert any(re.search(HEDGED["fifteen months in prison"][0], t) for t in texts)


def test_the_hedge_checker_catches_the_old_wording() -> None:
    old = [
        "Trotsky spent fifteen months in prison in all.",
        "They moved to Nizhne-Ilimsk, a bigger village where there is at least a doctor.",
        "He was travelling to Sukhum in the Caucasus and was given the wrong date.",
    ]
    assert [claim for claim, _ in unhedged(old)] == [
        "fifteen months in prison",
        "moved to Nizhne-Ilimsk for a doctor",
        "deceived about the funeral's date",
    ]
    wrong = [
        "Now the sailors of Kronstadt demand soviets without Communists.",
        "The abducted guard Robert Sheldon Harte was found murdered.",
        "Trotsky led it until the whole Soviet was arrested on 3 December (O.S.) 1905.",
        "He died in Coyoacán on 21 August 1940.",
    ]
    assert len(false_claims(wrong)) == len(wrong)


def test_the_glossary_and_timeline_state_the_corrections(story: Story) -> None:
    soviet = next(t for t in story.glossary if t.term == "St Petersburg Soviet")
    text = " ".join(soviet.definition.split())
    assert "300 deputies" in text and "19 September" in text and "2 November 1906" in text
    assert false_claims([text]) == []
    death = next(e for e in story.timeline if e.date == "1940-08-21")
    last = story.scenes["mx_death"]
    assert "Green Cross" in death.text and "Green Cross" in last.place
    assert "Green Cross" in last.title
    quiz = [q for c in story.chapters for q in c.quiz if "Nicholas" in q.explain]
    assert quiz and all("Lloyd George" in q.explain for q in quiz)
    assert not any("Nicholas II" in q.question for q in quiz)


# Issue 18: the repression he led taught as plainly as the repression he suffered, and the
# topics the first review found missing. Each must be in a note met on the historical road.
ROAD_TOPICS: dict[str, tuple[str, ...]] = {
    "the Red Terror and his hostage order of 30 September 1918": (
        "Red Terror",
        "30 September 1918",
        "families",
    ),
    "Terrorism and Communism (1920)": ("Terrorism and Communism", "1920"),
    "Shchastny, shot in June 1918, with Trotsky as chief witness": (
        "Shchastny",
        "22 June 1918",
        "witness",
    ),
    "the dispersal of the Constituent Assembly, January 1918": (
        "Constituent Assembly",
        "5 (18) January 1918",
    ),
    "the bans on the other socialist parties": ("Mensheviks", "14 June 1918", "Left SRs"),
    "Kronstadt's aftermath: hostages, executions with their range, camps": (
        "Kronstadt",
        "hostages",
        "hundreds",
        "2,103",
        "camp",
    ),
    "his family under Stalin": (
        "Sergei",
        "29 October 1937",
        "Alexander",
        "Olga",
        "Zina",
        "5 January 1933",
        "Lev Sedov",
        "16 February 1938",
    ),
    "the Polish-Soviet war and his doubts about the march on Warsaw": (
        "Warsaw",
        "1920",
        "doubted",
    ),
    "the founding of the Comintern, March 1919": ("Communist International", "March 1919"),
    "China 1925-27": ("Chiang Kai-shek", "12 April 1927", "Shanghai"),
    "the Platform of 1927": ("Platform", "September 1927"),
    "The Revolution Betrayed: a degenerated workers' state": (
        "The Revolution Betrayed",
        "degenerated workers' state",
    ),
    "the Transitional Programme": ("Transitional Programme", "transitional demands"),
    "Stalin's order and the NKVD operation behind Mercader": (
        "Stalin",
        "Sudoplatov",
        "Eitingon",
        "Mercader",
    ),
    "the antisemitic undertone of the campaign against him": ("antisemitic", "Jews"),
}
CRITICS = re.compile(r"\b(?:Service|Swain|Thatcher)\b")


def historical_road_notes(story: Story) -> list[tuple[str, Note]]:
    """Play the game taking Trotsky's own choice each time: (scene, note) of every step."""
    session = Session.new(story)
    notes = []
    while not session.is_over:
        option = next(o for o in session.options() if o.choice is None or o.choice.history)
        scene = session.scene.id
        step = session.choose(option.number)
        if step.note is not None:
            notes.append((scene, step.note))
    assert session.scene.id == "mx_death"
    return notes


@pytest.mark.parametrize("topic", sorted(ROAD_TOPICS))
def test_the_historical_road_teaches_the_topic_with_a_source(story: Story, topic: str) -> None:
    phrases = ROAD_TOPICS[topic]
    found = [
        note
        for _, note in historical_road_notes(story)
        if all(p in " ".join((note.date, *note.text.split())) for p in phrases)
    ]
    assert found, topic
    assert all(re.search(r"\b1[89]\d\d\b", note.source) for note in found)


def test_the_historical_road_costs_terror_and_the_ending_asks_to_weigh_it(story: Story) -> None:
    session = Session.new(story)
    while not session.is_over:
        option = next(o for o in session.options() if o.choice is None or o.choice.history)
        session.choose(option.number)
    assert story.variables["terror"].visible
    assert session.state.variables["terror"] >= 5
    (weighing,) = session.weighing()
    assert weighing.label == story.variables["terror"].label
    titles = " ".join(weighing.decisions)
    for title in ("The train at Sviyazhsk", "The admiral's trial", "Kronstadt"):
        assert title in titles
    assert "?" in weighing.question and CRITICS.search(weighing.question)


def test_a_game_without_shootings_is_not_asked_to_weigh_them(story: Story) -> None:
    session = Session.new(story)
    session.choose(1)
    assert session.weighing() == []


JUDGEMENT = re.compile(
    r"\bTrotsky (?:later )?(?:defended|maintained|insisted|blamed)\b"
    r"|\bhe later (?:said|wrote|argued)\b|\btold the story of\b"
)


def test_his_judgement_of_himself_is_set_beside_a_critical_biographer(story: Story) -> None:
    """Wherever a note gives Trotsky's own verdict on his deeds, a critic is cited too."""
    lonely = []
    for scene in story.scenes.values():
        for choice in scene.choices:
            assert choice.note is not None
            text = " ".join(choice.note.text.split())
            if JUDGEMENT.search(text) and not CRITICS.search(text + choice.note.source):
                lonely.append((scene.id, JUDGEMENT.search(text)))
    assert lonely == []
