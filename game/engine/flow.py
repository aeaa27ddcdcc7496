"""The values each variable can hold on arrival at each scene, over every road from the start.

Every variable is followed on its own (the set of values it can have at a scene, whatever
the others hold), so the result is a superset of what play can really produce, and cheap:
one pass over the scene graph until nothing grows. A set that grows past `WIDE` (a counter
with no `max` in a loop) becomes None, "anything". A value set of one is therefore a fact:
on every road to that scene, the variable holds that value.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from game.engine.conditions import Expr, Value
from game.engine.model import Choice, Story

WIDE = 8  # more values than this decide no condition the analysis could judge
Values = dict[str, "set[Value] | None"]
Outcomes = Callable[[Expr, Values], "set[bool]"]


def arrivals(story: Story, outcomes: Outcomes) -> dict[str, Values]:
    """scene id -> variable -> the values it can hold there (None: too many to list).

    `outcomes(expr, values)` gives every result a condition can have over the values; a
    choice is followed unless its condition surely fails.
    """
    start: Values = {name: {var.default} for name, var in story.variables.items()}
    found: dict[str, Values] = {story.start: start}
    queue = deque([story.start])
    while queue:
        scene_id = queue.popleft()
        scene = story.scenes.get(scene_id)
        if scene is None:
            continue
        here = found[scene_id]
        steps: list[tuple[str, Choice | None]] = [(c.goto, c) for c in scene.choices]
        if scene.chapter_end and (following := story.next_chapter(scene.chapter)):
            steps.append((following.start, None))
        for target, choice in steps:
            guard = choice.condition if choice is not None else None
            if guard is not None and True not in outcomes(guard, here):
                continue
            after = _apply(story, choice, here) if choice is not None else here
            if _merge(found, target, after):
                queue.append(target)
    return found


def _apply(story: Story, choice: Choice, before: Values) -> Values:
    after = dict(before)
    for name, value in choice.set:
        after[name] = {value}
    for name, amount in choice.add:
        variable = story.variables.get(name)
        old = after.get(name)
        if variable is None or old is None:
            continue
        after[name] = {
            variable.clamp(v + amount)
            for v in old
            if isinstance(v, int) and not isinstance(v, bool)
        }
    return after


def _merge(found: dict[str, Values], target: str, values: Values) -> bool:
    """Add `values` to what is known at `target`; True when that grew."""
    known = found.get(target)
    if known is None:
        found[target] = {name: (set(v) if v is not None else None) for name, v in values.items()}
        return True
    grew = False
    for name, incoming in values.items():
        mine = known.get(name, set())
        if mine is None or (incoming is not None and incoming <= mine):
            continue
        grew = True
        if incoming is None:
            known[name] = None
            continue
        mine |= incoming
        known[name] = None if len(mine) > WIDE else mine
    return grew
