"""The findings of `trotsky quicktest`, read off the searched states."""

from __future__ import annotations

import itertools
from collections import Counter, deque

from game.engine import conditions
from game.engine.conditions import BoolOp, Value
from game.engine.findings import Finding
from game.engine.model import Choice, Scene, Story
from game.engine.walker import Graph
from game.tools.quickabstraction import Abstraction
from game.tools.quickreport import (
    CHOICE_NEVER_AVAILABLE,
    CONDITION_ALWAYS_TRUE,
    CONDITION_PART_ALWAYS_TRUE,
    CONDITION_PART_NEVER_TRUE,
    DEAD_END,
    ENDING_NEVER_REACHED,
    NO_WAY_OUT,
    POSSIBLE_DEAD_END,
    SCENE_NEVER_REACHED,
    STATE_BUDGET,
    VARIABLE_READ_NEVER_SET,
    VARIABLE_SET_NEVER_READ,
    Report,
    quick_finding,
)
from game.tools.quickstates import OUT_OF_BUDGET, Space, Tally, reaching, witness

WITNESS_BUDGET = 50_000


class Checker:
    """Turns the searched space into findings."""

    def __init__(
        self,
        story: Story,
        graph: Graph,
        abstraction: Abstraction,
        space: Space,
        report: Report,
        witness_budget: int = WITNESS_BUDGET,
    ) -> None:
        self.witness_budget = witness_budget
        self.stuck_routes: dict[str, list[int] | None] = {}
        self.story = story
        self.graph = graph
        self.abstraction = abstraction
        self.space = space
        self.report = report
        self.add = report.findings.append
        self.states_at = Counter(state.scene for state in space.states)

    def scenes(self) -> None:
        for scene in self.story.scenes.values():
            if scene.id in self.report.scenes_reached:
                continue
            ending = scene.id in self.graph.endings
            what = "ending" if ending else "scene"
            self.add(
                quick_finding(
                    scene.location,
                    "error",
                    ENDING_NEVER_REACHED if ending else SCENE_NEVER_REACHED,
                    f"{what} `{scene.id}` is never reached in any playthrough",
                    self._ways_in(scene.id),
                )
            )

    def _ways_in(self, scene_id: str) -> str:
        ways = [
            (scene, index, choice)
            for scene in self.story.scenes.values()
            if not scene.chapter_end
            for index, choice in enumerate(scene.choices)
            if choice.goto == scene_id
        ]
        if not ways and not any(c.start == scene_id for c in self.story.chapters):
            return "no choice leads here"
        closed = [
            f"{choice.location} (`if: {choice.condition_text}`)"
            for scene, index, choice in ways
            if scene.id in self.report.scenes_reached
            and (scene.id, index) not in self.report.choices_available
        ]
        if closed:
            return "the choices that lead here are never available: " + ", ".join(closed[:3])
        return "the scenes that lead here are never reached"

    def choices(self) -> None:
        for scene in self.story.scenes.values():
            if scene.id not in self.report.scenes_reached or scene.chapter_end:
                continue  # at a chapter end the chapter continues: its choices are not offered
            for index, choice in enumerate(scene.choices):
                tally = self.space.tallies.get((scene.id, index))
                if choice.condition is None or tally is None:
                    continue
                if not tally.held:
                    self.add(
                        quick_finding(
                            choice.location,
                            "error",
                            CHOICE_NEVER_AVAILABLE,
                            f"choice `{choice.text}` in scene `{scene.id}` is never available: "
                            f"`if: {choice.condition_text}` is false in "
                            + _states(self.states_at[scene.id]),
                            self._blocking(choice, tally),
                        )
                    )
                elif not tally.failed:
                    self.add(
                        quick_finding(
                            choice.location,
                            "warning",
                            CONDITION_ALWAYS_TRUE,
                            f"`if: {choice.condition_text}` of choice `{choice.text}` is true "
                            f"in every state that reaches scene `{scene.id}`",
                            "remove the `if:`, or check the numbers it compares",
                        )
                    )
                elif isinstance(choice.condition, BoolOp):
                    self._parts(choice, choice.condition, tally)

    def _parts(self, choice: Choice, condition: BoolOp, tally: Tally) -> None:
        texts = split_operands(choice.condition_text, condition.op, len(condition.operands))
        for text, held, failed in zip(texts, tally.parts_held, tally.parts_failed, strict=True):
            if condition.op == "or" and not held:
                self.add(
                    quick_finding(
                        choice.location,
                        "warning",
                        CONDITION_PART_NEVER_TRUE,
                        f"in `if: {choice.condition_text}`, `{text}` is never true where "
                        "the choice is offered",
                        "the `or` never needs it: remove it, or check what sets it",
                    )
                )
            elif condition.op == "and" and not failed:
                self.add(
                    quick_finding(
                        choice.location,
                        "warning",
                        CONDITION_PART_ALWAYS_TRUE,
                        f"in `if: {choice.condition_text}`, `{text}` is always true where "
                        "the choice is offered",
                        "the `and` never needs it: remove it, or check the numbers it compares",
                    )
                )

    def _blocking(self, choice: Choice, tally: Tally) -> str:
        """Why a choice is never open: which parts can hold, and where their variables change."""
        condition = choice.condition
        assert condition is not None
        hints = []
        if isinstance(condition, BoolOp) and condition.op == "and" and tally.parts_held:
            texts = split_operands(choice.condition_text, "and", len(condition.operands))
            never = [t for t, held in zip(texts, tally.parts_held, strict=True) if not held]
            if never:
                hints.append(" and ".join(f"`{t}`" for t in never) + " is never true here")
            else:
                hints.append(
                    " and ".join(f"`{t}`" for t in texts) + " can each be true, but never together"
                )
        for name in sorted(conditions.names_in(condition)[0]):
            places = [
                str(other.location)
                for scene in self.story.scenes.values()
                for other in scene.choices
                if any(n == name for n, _ in other.set) or any(n == name for n, _ in other.add)
            ]
            if not places:
                hints.append(f"nothing changes `{name}`")
            else:
                more = f" and {len(places) - 3} more" if len(places) > 3 else ""
                hints.append(f"`{name}` changes at {', '.join(places[:3])}{more}")
        return "; ".join(hints)

    def soft_locks(self) -> None:
        """A state with no choice open, or one from which no ending can be reached."""
        states, edges = self.space.states, self.space.edges
        ends = {i for i, s in enumerate(states) if s.scene in self.graph.endings}
        # A state that leads only to dead ends is reported at the dead end, not here.
        can_stop = _can_reach(ends | {i for i, out in enumerate(edges) if not out}, edges)
        reported: set[str] = set()
        for number, state in enumerate(states):
            scene = self.story.scenes[state.scene]
            if number not in ends and scene.id not in reported and self._dead_end(scene, number):
                reported.add(scene.id)
        stuck = set(range(len(states))) - can_stop
        inside = {target for number in stuck for _, target in edges[number]}
        for entry in sorted(stuck - inside) or sorted(stuck)[:1]:
            scene = self.story.scenes[states[entry].scene]
            ring = sorted(_can_reach_from(entry, edges) & stuck)
            names = list(dict.fromkeys(f"`{states[n].scene}`" for n in ring))
            self.add(
                quick_finding(
                    scene.location,
                    "error",
                    NO_WAY_OUT,
                    f"from scene `{scene.id}` no ending can be reached when "
                    f"{self._describe(entry)}: every way on goes round "
                    + ", ".join(names[:5])
                    + (" ..." if len(names) > 5 else ""),
                    "give the loop a choice that leads out of it",
                )
            )

    def _dead_end(self, scene: Scene, number: int) -> bool:
        """Some values of the state's counters close every choice: confirm it by a playthrough."""
        steps = self.graph.steps[scene.id]
        if any(step.predicate is None for step in steps):
            return False
        state = self.space.states[number]
        names = [
            n
            for n in self.abstraction.merged_names[scene.id]
            if any(n in self.abstraction.reads[scene.id, s.index].names for s in steps)
        ]
        variables: dict[str, Value] = dict(state.exact)
        for combination in itertools.product(*(list(state.counters[n].values()) for n in names)):
            variables.update(zip(names, combination, strict=True))
            if not any(s.predicate and s.predicate(variables, state.visited) for s in steps):
                break
        else:
            return False
        when = self._describe(number, dict(zip(names, combination, strict=True)))
        # Whether some playthrough really gets stuck here does not depend on the state: ask once.
        if scene.id not in self.stuck_routes:

            def stuck(at: str, values: dict[str, Value], seen: set[str]) -> bool:
                return at == scene.id and not any(
                    s.predicate and s.predicate(values, seen) for s in steps
                )

            self.stuck_routes[scene.id] = witness(
                self.story,
                self.graph,
                self.abstraction,
                stuck,
                self.witness_budget,
                reaching(self.graph, scene.id),
            )
        route = self.stuck_routes[scene.id]
        if route is None:
            return False  # an exact search found no playthrough that gets stuck here
        if route is OUT_OF_BUDGET:
            self.add(
                quick_finding(
                    scene.location,
                    "warning",
                    POSSIBLE_DEAD_END,
                    f"scene `{scene.id}` may be a dead end: when {when}, no choice is open, "
                    f"but no playthrough that gets there was found in {self.witness_budget:,} "
                    "states",
                    "give one choice no `if:`, or loosen a condition",
                )
            )
            return True
        typed = f" (type {' '.join(map(str, route))} from the start)" if route else ""
        self.add(
            quick_finding(
                scene.location,
                "error",
                DEAD_END,
                f"scene `{scene.id}` is a dead end: no choice is open when {when}{typed}",
                "give one choice no `if:`, or loosen a condition",
            )
        )
        return True

    def _describe(self, number: int, chosen: dict[str, int] | None = None) -> str:
        """The state's values; with `chosen`, those counters' values instead of all of them."""
        state = self.space.states[number]
        shown = [
            f"`{name}` is {_shown(value)}"
            for name, value in state.exact.items()
            if not name.startswith("visited(")
        ]
        if chosen is not None:
            shown += [f"`{name}` is {value}" for name, value in chosen.items()]
        else:
            shown += [
                f"`{name}` is {' or '.join(str(v) for v in sorted(classes.values()))}"
                for name, classes in state.counters.items()
            ]
        return ", ".join(shown) or "the story arrives here"

    def variables(self) -> None:
        read: set[str] = set()
        for scene_id, index in self.space.tallies:
            condition = self.story.scenes[scene_id].choices[index].condition
            if condition is not None:
                read |= conditions.names_in(condition)[0]
        written = self.space.written
        for name, variable in self.story.variables.items():
            if name in written and name not in read and not variable.visible:
                self.add(
                    quick_finding(
                        variable.location,
                        "warning",
                        VARIABLE_SET_NEVER_READ,
                        f"variable `{name}` is changed in play, but no condition a player "
                        "can meet reads it",
                        "read it in an `if:` so the choice has a consequence, or remove it",
                    )
                )
            elif name in read and name not in written:
                self.add(
                    quick_finding(
                        variable.location,
                        "warning",
                        VARIABLE_READ_NEVER_SET,
                        f"variable `{name}` is read by a condition, but no choice a player "
                        f"can take changes it from its default {_shown(variable.default)}",
                        "set it in a reachable choice, or drop the conditions that read it",
                    )
                )


def _states(count: int) -> str:
    if count == 1:
        return "the one state that reaches the scene"
    return f"all {count:,} states that reach the scene"


def _shown(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def split_operands(text: str, op: str, count: int) -> list[str]:
    """A condition's text cut at its top-level `and`/`or`, keeping parentheses together."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for word in text.replace("(", " ( ").replace(")", " ) ").split():
        depth += (word == "(") - (word == ")")
        if word == op and depth == 0:
            parts.append(" ".join(current))
            current = []
        else:
            current.append(word)
    parts.append(" ".join(current))
    if len(parts) != count:  # written in a shape we do not cut: number the parts instead
        return [f"part {i} of the `{op}`" for i in range(1, count + 1)]
    return [p.replace("( ", "(").replace(" )", ")") for p in parts]


def _can_reach_from(start: int, edges: list[list[tuple[int, int]]]) -> set[int]:
    seen = {start}
    queue = deque([start])
    while queue:
        for _, target in edges[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _can_reach(targets: set[int], edges: list[list[tuple[int, int]]]) -> set[int]:
    backward: list[list[int]] = [[] for _ in edges]
    for state, out in enumerate(edges):
        for _, target in out:
            backward[target].append(state)
    seen = set(targets)
    queue = deque(targets)
    while queue:
        for source in backward[queue.popleft()]:
            if source not in seen:
                seen.add(source)
                queue.append(source)
    return seen


def budget_finding(story: Story, abstraction: Abstraction, space: Space, budget: int) -> Finding:
    """Name the variables with the most distinct values per scene: they multiply the states."""
    values: dict[str, set[tuple[str, object]]] = {}
    for state in space.states:
        for name, value in state.exact.items():
            values.setdefault(name, set()).add((state.scene, value))
    scenes = {state.scene for state in space.states}
    spread = []
    for name, seen in values.items():
        live = sum(1 for s in scenes if name in abstraction.exact_names[s])
        spread.append((len(seen) / max(1, live), name))
    spread.sort(reverse=True)
    named = ", ".join(
        f"`{name}` ({per:.1f} values per scene)" for per, name in spread[:5] if per > 1
    )
    return quick_finding(
        story.scenes[story.start].location,
        "error",
        STATE_BUDGET,
        f"stopped after {budget:,} states; these variables multiply the states: "
        + (named or "none stands out (the story has very many scenes)"),
        "read them in fewer conditions, or raise --budget",
    )
