"""A compiled form of the story for fast whole-game walks (random playtests, coverage).

It follows exactly the rules of `Session` (conditions, effects with min/max, chapter ends
continuing to the next chapter) on plain tuples and closures, so tens of thousands of
playthroughs run in seconds. A test keeps the two in agreement.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from game.engine import conditions
from game.engine.conditions import Predicate, Value
from game.engine.model import Story
from game.engine.session import CONTINUE


@dataclass(frozen=True, slots=True)
class Step:
    index: int  # the choice's index in its scene, or CONTINUE
    target: str
    predicate: Predicate | None
    sets: tuple[tuple[str, Value], ...]
    adds: tuple[tuple[str, int, int | None, int | None], ...]  # name, amount, min, max

    def apply(self, variables: dict[str, Value]) -> None:
        """The choice's effects, as `Session` applies them: `set` first, then `add` within min/max."""
        for name, value in self.sets:
            variables[name] = value
        for name, amount, low, high in self.adds:
            value = variables[name]
            assert isinstance(value, int)
            value += amount
            if low is not None and value < low:
                value = low
            if high is not None and value > high:
                value = high
            variables[name] = value


@dataclass(slots=True)
class Walk:
    """One playthrough: the (scene, choice index) pairs taken and how it ended."""

    path: list[tuple[str, int]] = field(default_factory=list)
    end: str = ""
    variables: dict[str, Value] = field(default_factory=dict)
    error: str | None = None


class Graph:
    def __init__(self, story: Story) -> None:
        self.story = story
        self.start = story.start
        self.defaults = story.defaults()
        self.steps: dict[str, tuple[Step, ...]] = {}
        self.endings = {s.id for s in story.scenes.values() if s.ending}
        for scene in story.scenes.values():
            if scene.chapter_end:
                following = story.next_chapter(scene.chapter)
                self.steps[scene.id] = (
                    (Step(CONTINUE, following.start, None, (), ()),) if following else ()
                )
                if following is None:
                    self.endings.add(scene.id)
                continue
            compiled = []
            for index, choice in enumerate(scene.choices):
                adds = tuple(
                    (
                        name,
                        amount,
                        story.variables[name].minimum,
                        story.variables[name].maximum,
                    )
                    for name, amount in choice.add
                )
                predicate = conditions.compile_expr(choice.condition) if choice.condition else None
                compiled.append(Step(index, choice.goto, predicate, choice.set, adds))
            self.steps[scene.id] = tuple(compiled)

    def walk(self, rng: random.Random, max_steps: int = 5_000) -> Walk:
        """Play one game, picking uniformly among the choices on offer."""
        variables = dict(self.defaults)
        visited = {self.start}
        scene = self.start
        walk = Walk(variables=variables)
        path = walk.path
        for _ in range(max_steps):
            if scene in self.endings:
                walk.end = scene
                return walk
            offered = [
                s
                for s in self.steps[scene]
                if s.predicate is None or s.predicate(variables, visited)
            ]
            if not offered:
                walk.end = scene
                walk.error = f"dead end: no choice is open in `{scene}`"
                return walk
            step = offered[rng.randrange(len(offered))] if len(offered) > 1 else offered[0]
            path.append((scene, step.index))
            step.apply(variables)
            scene = step.target
            visited.add(scene)
        walk.end = scene
        walk.error = f"no ending after {max_steps} choices: a loop around `{scene}`?"
        return walk
