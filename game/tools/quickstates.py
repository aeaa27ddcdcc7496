"""The search of `trotsky quicktest`: every state the story can reach, and one exact
playthrough to a given state.

A state is a scene plus the values of the variables live there (see `quickabstraction`).
Flags, texts and `visited()` are kept together (relationally): a state holds one value of
each. Counters are searched exactly as long as the states stay few; on a long story whose
every choice moves a counter, each state instead keeps the set of classes each counter can
be in. A condition that reads counters is tried on every combination of their classes,
which can only widen what is found reachable, never narrow it. Findings that claim something
exists (a dead end) are confirmed by `witness`, an exact search for one playthrough.

Conditions are evaluated by the engine's compiled conditions, and effects applied by the
walker's steps (the rules `Session` plays by).
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter

from game.engine import conditions
from game.engine.conditions import BoolOp, Value
from game.engine.model import Story
from game.engine.walker import Graph, Step
from game.tools.quickabstraction import Abstraction


@dataclass
class State:
    scene: str
    exact: dict[str, Value]  # the live flags, texts (and `visited(x)`), one value each
    counters: dict[str, dict[int, int]]  # each merged counter: {class: one value of it}
    visited: frozenset[str] = frozenset()  # the scenes a `visited()` can ask about


@dataclass
class Tally:
    """Whether a condition (and each operand of its top-level and/or) held, and failed,
    in some state where it was evaluated."""

    held: bool = False
    failed: bool = False
    parts_held: list[bool] = field(default_factory=list)
    parts_failed: list[bool] = field(default_factory=list)


@dataclass
class Space:
    states: list[State] = field(default_factory=list)
    edges: list[list[tuple[int, int]]] = field(default_factory=list)  # (choice index, state)
    tallies: dict[tuple[str, int], Tally] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)  # variables a step taken changes
    complete: bool = True


def scene_order(story: Story, graph: Graph) -> dict[str, int]:
    """Scenes numbered so that (without loops) every choice leads to a later number."""
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for scene_id, steps in graph.steps.items():
        sorter.add(scene_id)
        for step in steps:
            sorter.add(step.target, scene_id)
    try:
        order = list(sorter.static_order())
    except CycleError:  # a loop: any order works, states are simply revisited
        order = list(story.scenes)
    return {scene_id: number for number, scene_id in enumerate(order)}


class Explorer:
    """The search over states, exact (`merge=False`) or with counters merged per state."""

    def __init__(self, story: Story, graph: Graph, abstraction: Abstraction) -> None:
        self.story = story
        self.graph = graph
        self.abstraction = abstraction
        self.order = scene_order(story, graph)
        self.tracked = {
            name[8:-1]
            for names in abstraction.live.values()
            for name in names
            if name.startswith("visited(")
        }
        self.parts: dict[tuple[str, int], list[Callable[..., bool]]] = {}
        for scene in story.scenes.values():
            for index, choice in enumerate(scene.choices):
                if isinstance(choice.condition, BoolOp):
                    self.parts[scene.id, index] = [
                        conditions.compile_expr(operand) for operand in choice.condition.operands
                    ]

    def explore(self, budget: int, merge: bool = True) -> Space:
        """Search every state; without `merge`, each counter class is a state of its own
        (exact, and bigger)."""
        self.merge = merge
        space = Space()
        start = self.story.start
        defaults = self.graph.defaults
        exact = self._exact(start, defaults, frozenset({start}))
        counters = {
            name: {self.abstraction.counter_class(start, name, value): value}
            for name in self.abstraction.merged_names[start]
            for value in [defaults[name]]
            if isinstance(value, int)
        }
        visited = frozenset({start} & self.tracked)
        index_of: dict[tuple[object, ...], int] = {}
        self._add(space, index_of, State(start, exact, counters, visited))
        queue = [(self.order[start], 0)]
        queued = {0}
        while queue:
            _, number = heapq.heappop(queue)
            queued.discard(number)
            for target, grew in self._expand(space, index_of, number):
                if len(space.states) > budget:
                    space.complete = False
                    return space
                if grew and target not in queued:
                    heapq.heappush(queue, (self.order[space.states[target].scene], target))
                    queued.add(target)
        return space

    def _exact(
        self, scene: str, variables: dict[str, Value], visited: frozenset[str]
    ) -> dict[str, Value]:
        return {
            name: (name[8:-1] in visited if name.startswith("visited(") else variables[name])
            for name in self.abstraction.exact_names[scene]
        }

    def key(self, state: State) -> tuple[object, ...]:
        if self.merge:
            return (state.scene, *state.exact.values())
        return (state.scene, *state.exact.values(), *(tuple(c) for c in state.counters.values()))

    def _add(self, space: Space, index_of: dict[tuple[object, ...], int], state: State) -> int:
        key = self.key(state)
        index_of[key] = len(space.states)
        space.states.append(state)
        space.edges.append([])
        return index_of[key]

    def _expand(
        self, space: Space, index_of: dict[tuple[object, ...], int], number: int
    ) -> list[tuple[int, bool]]:
        """Take every step open somewhere in this state; returns (next state, did it grow)."""
        state = space.states[number]
        out: list[tuple[int, int]] = []
        space.edges[number] = out
        if state.scene in self.graph.endings:
            return []
        results = []
        for step in self.graph.steps[state.scene]:
            counters = self._evaluate(space, state, step)
            if counters is None:
                continue
            following = self._follow(space, state, step, counters)
            key = self.key(following)
            found = index_of.get(key)
            if found is None:
                found = self._add(space, index_of, following)
                results.append((found, True))
            else:
                results.append((found, _merge(space.states[found], following)))
            out.append((step.index, found))
        return results

    def _evaluate(self, space: Space, state: State, step: Step) -> dict[str, list[int]] | None:
        """The counters' values for which the step is open (None if for none)."""
        counters = {name: list(classes.values()) for name, classes in state.counters.items()}
        if step.predicate is None:
            return counters
        reads = self.abstraction.reads[state.scene, step.index]
        names = [n for n in self.abstraction.merged_names[state.scene] if n in reads.names]
        tally = space.tallies.setdefault((state.scene, step.index), Tally())
        parts = self.parts.get((state.scene, step.index), [])
        if parts and not tally.parts_held:
            tally.parts_held = [False] * len(parts)
            tally.parts_failed = [False] * len(parts)
        variables: dict[str, Value] = dict(state.exact)
        opened: list[tuple[int, ...]] = []
        for combination in itertools.product(*(counters[n] for n in names)):
            variables.update(zip(names, combination, strict=True))
            if step.predicate(variables, state.visited):
                opened.append(combination)
                tally.held = True
            else:
                tally.failed = True
            for i, part in enumerate(parts):
                if part(variables, state.visited):
                    tally.parts_held[i] = True
                else:
                    tally.parts_failed[i] = True
        if not opened:
            return None
        for position, name in enumerate(names):
            counters[name] = sorted({combination[position] for combination in opened})
        return counters

    def _follow(
        self, space: Space, state: State, step: Step, counters: dict[str, list[int]]
    ) -> State:
        target = step.target
        space.written.update(name for name, _ in step.sets)
        space.written.update(name for name, *_ in step.adds)
        visited = state.visited | {target} if target in self.tracked else state.visited
        base = dict(self.graph.defaults)
        base.update((k, v) for k, v in state.exact.items() if not k.startswith("visited("))
        # Effects touch one variable each, so every value of a merged counter can ride in
        # the same few probes: probe k carries each counter's k-th value.
        width = max((len(values) for values in counters.values()), default=1)
        probes = []
        for k in range(width):
            probe = dict(base)
            for name, values in counters.items():
                probe[name] = values[k % len(values)]
            step.apply(probe)
            probes.append(probe)
        exact = self._exact(target, probes[0], visited)
        classes: dict[str, dict[int, int]] = {}
        for name in self.abstraction.merged_names[target]:
            mine = classes[name] = {}
            for probe in probes:
                value = probe[name]
                assert isinstance(value, int)
                mine.setdefault(self.abstraction.counter_class(target, name, value), value)
        return State(target, exact, classes, visited)


def _merge(state: State, more: State) -> bool:
    grew = False
    for name, classes in more.counters.items():
        mine = state.counters[name]
        for cls, value in classes.items():
            if cls not in mine:
                mine[cls] = value
                grew = True
    return grew


# -- one exact playthrough -------------------------------------------------------------------------

OUT_OF_BUDGET: list[int] = [-1]  # witness() stopped before it could tell
Goal = Callable[[str, dict[str, Value], set[str]], bool]


def witness(
    story: Story,
    graph: Graph,
    abstraction: Abstraction,
    goal: Goal,
    budget: int,
    within: set[str] | None = None,
) -> list[int] | None:
    """The option numbers a player types to reach a state where `goal` holds, found by an
    exact depth-first search (every counter value kept apart); None if there is none, and
    OUT_OF_BUDGET if the search stopped before it could tell."""
    seen: set[tuple[object, ...]] = set()
    stack: list[tuple[str, dict[str, Value], set[str], list[int]]] = [
        (story.start, dict(graph.defaults), {story.start}, [])
    ]
    while stack and len(seen) < budget:
        scene, variables, visited, typed = stack.pop()
        key = _concrete_key(abstraction, scene, variables, visited)
        if key in seen:
            continue
        seen.add(key)
        if goal(scene, variables, visited):
            return typed
        if scene in graph.endings:
            continue
        offered = [
            s for s in graph.steps[scene] if s.predicate is None or s.predicate(variables, visited)
        ]
        for number, step in reversed(list(enumerate(offered, 1))):
            if within is not None and step.target not in within:
                continue
            following = dict(variables)
            step.apply(following)
            stack.append((step.target, following, visited | {step.target}, [*typed, number]))
    return OUT_OF_BUDGET if stack else None


def _concrete_key(
    abstraction: Abstraction, scene: str, variables: dict[str, Value], visited: set[str]
) -> tuple[object, ...]:
    key: list[object] = [scene]
    for name in abstraction.exact_names[scene]:
        key.append(name[8:-1] in visited if name.startswith("visited(") else variables[name])
    for name in abstraction.merged_names[scene]:
        value = variables[name]
        assert isinstance(value, int)
        key.append(abstraction.counter_class(scene, name, value))
    return tuple(key)


def reaching(graph: Graph, scene: str) -> set[str]:
    """The scenes from which `scene` can be reached on the map (conditions aside)."""
    backward: dict[str, list[str]] = {}
    for source, steps in graph.steps.items():
        for step in steps:
            backward.setdefault(step.target, []).append(source)
    seen = {scene}
    queue = deque([scene])
    while queue:
        for source in backward.get(queue.popleft(), ()):
            if source not in seen:
                seen.add(source)
                queue.append(source)
    return seen
