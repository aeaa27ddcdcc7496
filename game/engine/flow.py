"""The values each variable can hold on arrival at each scene, over every road from the start.

Every variable is followed on its own (the set of values it can have at a scene, whatever
the others hold), and conditions do not close roads here, so the result is a superset of
what play can really produce: a value set of one is a fact, on every road to that scene the
variable holds that value. A set that grows past `WIDE` (a counter in a loop) becomes None,
"anything".

It stays cheap on stories of thousands of scenes: only variables some condition reads are
followed, a scene keeps only those a condition ahead of it still reads, and a variable no
road has changed yet is not stored at all (it holds its default).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection

from game.engine.conditions import Value
from game.engine.model import Choice, Story

WIDE = 8  # more values than this decide no condition the analysis could judge
Values = dict[str, "set[Value] | None"]  # a missing name holds its default on every road


def arrivals(story: Story, tracked: Collection[str]) -> dict[str, Values]:
    """scene id -> variable -> the values it can hold there (see the module docstring).

    Scenes are taken in road order (reverse postorder from the start), so each is usually
    settled in one visit; a loop sends its scenes round again until nothing grows.
    """
    order = _road_order(story)
    bits = {name: 1 << i for i, name in enumerate(sorted(tracked))}
    live = _live(story, order, bits)
    found: dict[str, Values] = {story.start: {}}
    heap = [(0, story.start)]
    queued = {story.start}
    while heap:
        scene_id = heapq.heappop(heap)[1]
        queued.discard(scene_id)
        here = found[scene_id]
        for target, choice in _steps(story, scene_id):
            after = _apply(story, choice, here, bits) if choice is not None else here
            wanted = live.get(target, 0)
            after = {n: v for n, v in after.items() if bits[n] & wanted}
            if _merge(story, found, target, after) and target not in queued:
                queued.add(target)
                heapq.heappush(heap, (order.get(target, len(order)), target))
    return found


def held(story: Story, values: Values, name: str) -> set[Value] | None:
    """The values `name` can hold at a scene whose arrivals are `values`."""
    return values[name] if name in values else {story.variables[name].default}


def _steps(story: Story, scene_id: str) -> list[tuple[str, Choice | None]]:
    """Where a scene leads: each choice, and a chapter's end to the next chapter's start."""
    scene = story.scenes.get(scene_id)
    if scene is None:
        return []
    steps: list[tuple[str, Choice | None]] = [(c.goto, c) for c in scene.choices]
    if scene.chapter_end and (following := story.next_chapter(scene.chapter)):
        steps.append((following.start, None))
    return steps


def _road_order(story: Story) -> dict[str, int]:
    """Each reachable scene's rank in reverse postorder from the start: before every scene
    it leads to, loops aside."""
    finished: list[str] = []
    seen = {story.start}
    stack = [(story.start, iter(_steps(story, story.start)))]
    while stack:
        scene_id, ahead = stack[-1]
        for target, _ in ahead:
            if target not in seen and target in story.scenes:
                seen.add(target)
                stack.append((target, iter(_steps(story, target))))
                break
        else:
            stack.pop()
            finished.append(scene_id)
    return {scene_id: rank for rank, scene_id in enumerate(reversed(finished))}


def _live(story: Story, order: dict[str, int], bits: dict[str, int]) -> dict[str, int]:
    """scene id -> the tracked variables (as bits) that a condition at or after it reads."""
    from game.engine.conditions import names_in

    reads: dict[str, int] = {}
    for scene_id in order:
        mask = 0
        for choice in story.scenes[scene_id].choices:
            if choice.condition is not None:
                for name in names_in(choice.condition)[0]:
                    mask |= bits.get(name, 0)
        reads[scene_id] = mask
    live = dict(reads)
    backwards = sorted(order, key=order.__getitem__, reverse=True)
    changed = True
    while changed:  # one pass settles a story without loops
        changed = False
        for scene_id in backwards:
            mask = live[scene_id]
            for target, _ in _steps(story, scene_id):
                mask |= live.get(target, 0)
            if mask != live[scene_id]:
                live[scene_id] = mask
                changed = True
    return live


def _apply(story: Story, choice: Choice, before: Values, bits: dict[str, int]) -> Values:
    after = dict(before)
    for name, value in choice.set:
        if name in bits:
            after[name] = {value}
    for name, amount in choice.add:
        if name not in bits:
            continue
        variable = story.variables[name]
        old = held(story, after, name)
        if old is not None:
            after[name] = {
                variable.clamp(v + amount)
                for v in old
                if isinstance(v, int) and not isinstance(v, bool)
            }
    return after


def _merge(story: Story, found: dict[str, Values], target: str, values: Values) -> bool:
    """Add `values` to what is known at `target`; True when that grew."""
    known = found.get(target)
    if known is None:
        found[target] = {n: (set(v) if v is not None else None) for n, v in values.items()}
        return True
    grew = False
    for name in values.keys() | known.keys():
        mine = held(story, known, name)
        incoming = held(story, values, name)
        if mine is None or (incoming is not None and incoming <= mine):
            if name not in known:  # the default, now said out loud: nothing new
                known[name] = mine
            continue
        grew = True
        if incoming is None:
            known[name] = None
            continue
        mine = mine | incoming
        known[name] = None if len(mine) > WIDE else mine
    return grew
