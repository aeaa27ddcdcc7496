"""The session on the real story and the small one: choices, effects, endings, round trips."""

from __future__ import annotations

import json
from collections import deque

import pytest

from game.engine.errors import ChoiceError
from game.engine.model import Story
from game.engine.session import CONTINUE, Session
from game.engine.state import GameState
from game.engine.validate import successors


def historical_path(session: Session) -> list[str]:
    """Play the choices marked `history: true` until the story (so far) is over."""
    titles = []
    for _ in range(500):
        if session.is_over:
            return titles
        options = session.options()
        pick = next((o for o in options if o.choice is None or o.choice.history), None)
        assert pick is not None, f"no historical choice offered in `{session.scene.id}`"
        titles.append(session.scene.id)
        session.choose(pick.number)
    raise AssertionError("the historical path does not end")


def test_real_story_starts_in_ust_kut(story: Story) -> None:
    session = Session.new(story)
    assert session.scene.id == "ust_kut_arrival"
    assert session.chapter.number == 1
    assert len(session.options()) >= 2


def test_historical_path_plays_to_its_end_with_a_note_after_every_choice(story: Story) -> None:
    session = Session.new(story)
    path = historical_path(session)
    assert len(path) >= 6
    made = [r for r in session.state.choices if r.index != CONTINUE]
    assert len(session.state.notes_seen) == len(made)
    assert all(r.history for r in made)
    final = session.scene
    assert final.chapter_end or final.ending == "historical"


def test_every_scene_is_reachable_and_every_non_ending_goes_on(story: Story) -> None:
    seen = {story.start}
    queue = deque([story.start])
    while queue:
        for target in successors(story, story.scenes[queue.popleft()]):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert seen == set(story.scenes)
    for scene in story.scenes.values():
        assert scene.ending or scene.chapter_end or scene.choices
        if scene.choices:
            assert any(c.condition is None for c in scene.choices), f"{scene.id} can close off"


def test_every_choice_of_the_real_story_has_a_full_note(story: Story) -> None:
    for scene in story.scenes.values():
        assert 2 <= len(scene.choices) <= 4 or not scene.choices, scene.id
        for choice in scene.choices:
            assert choice.note is not None
            assert len(choice.note.text.split()) >= 40, (scene.id, choice.text)
            assert choice.note.source and choice.note.date and choice.note.place


def test_effects_apply_and_counters_stay_in_bounds(mini: Story) -> None:
    session = Session.new(mini)
    step = session.choose(1)
    assert step.changes == (("courage", 0, 1),)
    assert step.note is not None and step.note_id == "hut#0"
    session.state.variables["courage"] = 3
    session.state.scene = "hut"
    session.choose(1)
    assert session.state.variables["courage"] == 3  # max: 3


def test_conditions_hide_choices(mini: Story) -> None:
    session = Session.new(mini)
    session.choose(2)  # stay in: no courage
    assert [o.text for o in session.options()] == ["Hide in the hay"]
    fresh = Session.new(mini)
    fresh.choose(1)
    assert [o.text for o in fresh.options()] == ["Hide in the hay", "Boast of your courage"]


def test_a_choice_not_offered_is_refused(mini: Story) -> None:
    session = Session.new(mini)
    with pytest.raises(ChoiceError):
        session.choose(3)
    with pytest.raises(ChoiceError):
        session.choose(0)
    assert session.scene.id == "hut"
    assert session.state.choices == []


def test_chapter_end_continues_to_the_next_chapter(mini: Story) -> None:
    session = Session.new(mini)
    session.choose(1)
    session.choose(1)
    assert session.scene.chapter_end
    (option,) = session.options()
    assert option.text == "Continue to chapter 2: The Second"
    step = session.choose(1)
    assert step.note is None
    assert session.scene.id == "city"
    assert session.chapter.id == "two"


def test_counterfactual_ending(mini: Story) -> None:
    session = Session.new(mini)
    session.choose(1)
    session.choose(2)
    assert session.is_over and session.scene.ending == "counterfactual"
    assert session.options() == []


@pytest.mark.parametrize("cut", [0, 1, 2, 3])
def test_state_survives_a_json_round_trip_mid_game(mini: Story, cut: int) -> None:
    """Like ink's JsonRoundTrip mode: stop anywhere, reload, and the game goes on the same."""
    straight = Session.new(mini)
    historical_path(straight)
    session = Session.new(mini)
    for _ in range(cut):
        session.choose(
            next(o.number for o in session.options() if o.choice is None or o.choice.history)
        )
    revived = Session(mini, GameState.from_json(json.loads(json.dumps(session.state.to_json()))))
    historical_path(revived)
    assert revived.state.to_json()["choices"] == straight.state.to_json()["choices"]
    assert revived.state.variables == straight.state.variables
    assert revived.scene.id == straight.scene.id == "finale"


def test_shown_dates(mini: Story) -> None:
    assert mini.scenes["hut"].shown_date == "October 1900"
    assert mini.scenes["yard"].shown_date == "2 November 1900"
    assert mini.scenes["city"].shown_date == "1901"


def test_rewind_restores_place_variables_and_journal(mini: Story) -> None:
    session = Session.new(mini)
    session.choose(1)
    session.choose(1)
    assert session.state.variables == {"courage": 1, "escaped": True}
    record = session.rewind()
    assert record.text == "Hide in the hay"
    assert session.scene.id == "yard"
    assert session.state.variables == {"courage": 1, "escaped": False}
    assert session.state.notes_seen == ["hut#0"]
    session.rewind()
    assert session.scene.id == "hut" and session.state.variables["courage"] == 0
    with pytest.raises(ChoiceError):
        session.rewind()


def test_rewind_stops_at_the_chapter_start_and_survives_a_save(mini: Story) -> None:
    session = Session.new(mini)
    for _ in range(3):
        session.choose(1)
    assert session.chapter.id == "two" and not session.can_rewind
    session = Session.new(mini)
    session.choose(1)
    revived = Session(mini, GameState.from_json(json.loads(json.dumps(session.state.to_json()))))
    revived.rewind()
    assert revived.state.variables["courage"] == 0


def test_journal_comparison_and_quiz(story: Story) -> None:
    session = Session.new(story)
    session.choose(1)
    [entry] = session.journal()
    assert entry.chapter.number == 1 and entry.note.source
    [row] = session.comparison()
    assert row.chosen == session.state.choices[0].text
    chapter = story.chapters[0]
    right, total = session.answer_quiz(chapter.id, [*[q.answer for q in chapter.quiz][:-1], 0])
    assert (right, total) == (len(chapter.quiz) - 1, len(chapter.quiz))
    assert session.quiz_totals() == (right, total)
