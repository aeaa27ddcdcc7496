"""Milestones are earned exactly when their condition becomes true, once, and kept across games."""

from __future__ import annotations

from pathlib import Path

from game.engine.milestones import Keeper, Tracker
from game.engine.model import Story
from game.engine.profile import PROFILE_FILE, Profile
from game.engine.session import Session


def ids(earned: list) -> list[str]:  # type: ignore[type-arg]
    return [m.id for m in earned]


def test_each_milestone_comes_the_step_its_condition_turns_true_and_only_then(
    tagged_story: Story,
) -> None:
    session = Session.new(tagged_story)
    tracker = Tracker(tagged_story, Profile(), clock=lambda: "2026-12-04T10:00:00+00:00")
    assert ids(tracker.observe(session)) == []  # nothing learnt yet
    session.choose(1)  # Go outside: a note read, along history
    assert ids(tracker.observe(session)) == ["first_note"]
    assert ids(tracker.observe(session)) == []  # once, however often it is asked
    session.choose(1)  # Hide in the hay: along history, to the chapter's end
    assert ids(tracker.observe(session)) == ["one_as_history"]
    assert tracker.profile.earned["first_note"] == "2026-12-04T10:00:00+00:00"


def test_a_chapter_with_one_decision_off_history_is_not_as_history(tagged_story: Story) -> None:
    session = Session.new(tagged_story)
    tracker = Tracker(tagged_story, Profile())
    session.choose(2)  # Stay in: not what he did
    session.choose(1)
    assert "one_as_history" not in ids(tracker.observe(session))
    assert "one_as_history" not in tracker.profile.earned


def test_notes_read_then_taken_back_still_count(tagged_story: Story) -> None:
    """Every note of the chapter, read by taking choices back: reading is what counts."""
    session = Session.new(tagged_story)
    tracker = Tracker(tagged_story, Profile())
    earned: list[str] = []
    for path in ((1, 1), (2, 1)):  # outside then hay; stay in then hay: three notes
        while session.can_rewind:
            session.rewind()
        for number in path:
            session.choose(number)
            earned += ids(tracker.observe(session))
    assert "every_note_one" not in earned
    while session.can_rewind:
        session.rewind()
    session.choose(1)
    assert "every_note_one" not in ids(tracker.observe(session))
    session.choose(2)  # the boast, open only after going outside: the fourth note
    assert "every_note_one" in ids(tracker.observe(session))


def test_a_second_game_keeps_what_the_first_earned(tagged_story: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    first = Keeper(tagged_story, saves)
    game = Session.new(tagged_story)
    game.choose(1)
    game.choose(2)  # boast: caught, a counterfactual ending
    earned, problem = first.observe(game)
    assert problem is None
    assert ids(earned) == ["first_note"]
    assert (saves / PROFILE_FILE).is_file()

    second = Keeper(tagged_story, saves)  # a new run of the game
    assert set(second.profile.earned) == {"first_note"}
    game = Session.new(tagged_story)
    game.choose(1)
    assert ids(second.observe(game)[0]) == []  # not earned twice
    game.choose(1)
    game.choose(1)  # continue to chapter two
    game.choose(1)  # Stay: the finale, the historical ending
    earned, _ = second.observe(game)
    assert set(ids(earned)) == {"one_as_history", "the_finale", "every_ending"}
    assert second.this_run == earned
