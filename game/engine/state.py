"""GameState: everything that changes while playing, and nothing else. It is what a save holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.engine.conditions import Value

MAX_PLAY_SECONDS = 100 * 365 * 24 * 3600.0  # a century: more is not a time anyone played


@dataclass(frozen=True, slots=True)
class ChoiceRecord:
    """One decision: where it was taken, which choice (its index in the scene), and where it led."""

    scene: str
    index: int  # -1 for the "continue to the next chapter" step
    text: str
    target: str
    history: bool
    before: tuple[tuple[str, Value], ...] = ()  # the variables it changed, as they were

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "scene": self.scene,
            "index": self.index,
            "text": self.text,
            "target": self.target,
            "history": self.history,
        }
        if self.before:
            data["before"] = dict(self.before)
        return data

    @classmethod
    def from_json(cls, data: Any) -> ChoiceRecord:
        return cls(
            scene=_typed(data["scene"], str),
            index=_typed(data["index"], int),
            text=_typed(data["text"], str),
            target=_typed(data["target"], str),
            history=_typed(data["history"], bool),
            before=tuple(_variables(data.get("before", {})).items()),
        )


@dataclass(slots=True)
class GameState:
    scene: str
    variables: dict[str, Value]
    start: str
    choices: list[ChoiceRecord] = field(default_factory=list)
    notes_seen: list[str] = field(default_factory=list)  # "scene_id#index", in reading order
    play_seconds: float = 0.0
    quiz: dict[str, list[int]] = field(default_factory=dict)  # chapter -> answers given (from 1)

    @property
    def visited(self) -> set[str]:
        """Scenes the player has been in, derived from the path taken."""
        return {self.start, self.scene, *(r.scene for r in self.choices)}

    def copy(self) -> GameState:
        return GameState(
            self.scene,
            dict(self.variables),
            self.start,
            list(self.choices),
            list(self.notes_seen),
            self.play_seconds,
            {k: list(v) for k, v in self.quiz.items()},
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "scene": self.scene,
            "start": self.start,
            "variables": dict(self.variables),
            "choices": [record.to_json() for record in self.choices],
            "notes_seen": list(self.notes_seen),
            "play_seconds": round(self.play_seconds, 1),
            "quiz": {k: list(v) for k, v in self.quiz.items()},
        }

    @classmethod
    def from_json(cls, data: Any) -> GameState:
        """Rebuild from a save; raises KeyError, TypeError or ValueError on a bad shape."""
        variables = _variables(data["variables"])
        quiz = _typed(data.get("quiz", {}), dict)
        for chapter, answers in quiz.items():
            if not isinstance(chapter, str) or not all(
                isinstance(a, int) and not isinstance(a, bool) for a in _typed(answers, list)
            ):
                raise TypeError("quiz answers are not numbers")
        play_seconds = data.get("play_seconds", 0.0)
        if isinstance(play_seconds, bool) or not isinstance(play_seconds, (int, float)):
            raise TypeError("play_seconds is not a number")
        if not 0 <= play_seconds <= MAX_PLAY_SECONDS:  # NaN fails this too
            raise ValueError(f"play_seconds is {play_seconds}, not a time played")
        return cls(
            scene=_typed(data["scene"], str),
            variables=dict(variables),
            start=_typed(data["start"], str),
            choices=[ChoiceRecord.from_json(item) for item in _typed(data["choices"], list)],
            notes_seen=[_typed(item, str) for item in _typed(data["notes_seen"], list)],
            play_seconds=float(play_seconds),
            quiz={k: list(v) for k, v in quiz.items()},
        )


def _variables(data: Any) -> dict[str, Value]:
    variables = _typed(data, dict)
    for name, value in variables.items():
        if not isinstance(name, str) or not isinstance(value, (bool, int, str)):
            raise TypeError(f"variable {name!r} has a value of the wrong type")
    return dict(variables)


def _typed(value: Any, kind: type) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value
