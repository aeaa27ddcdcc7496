"""Which variables matter where, for `trotsky quicktest`: a backward pass over the story map.

- A variable no condition reachable from a scene reads (before a `set:` overwrites it) is
  not live there: its value cannot change which choices are offered.
- A counter's values are merged into classes that no reachable comparison can tell apart,
  following the `add:`s (and their min/max) on the way to each comparison: with only
  `renown >= 3` ahead, 0, 1 and 2 are one class, and after an `add: {renown: 1}`, 2 joins 3.
  Each class is bounded by breakpoints: b separates the values below b from those at or
  above it.
"""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass, field

from game.engine.conditions import BoolOp, Compare, Expr, Literal_, Name, Not, Visited
from game.engine.model import Choice, Story
from game.engine.walker import Graph, Step

MAX_BREAKPOINTS = 64  # beyond this a counter is kept exact (a loop that adds forever)
_FLIPPED = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


# -- what each condition reads ------------------------------------------------------------------


@dataclass
class _Reads:
    """What one condition reads: names, counters compared with constants, and exact reads."""

    names: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)  # compared with another variable, or a text
    breakpoints: dict[str, set[int]] = field(default_factory=dict)


def _visited_name(scene: str) -> str:
    return f"visited({scene})"


def _reads(expr: Expr, counters: set[str]) -> _Reads:
    found = _Reads()

    def walk(node: Expr) -> None:
        if isinstance(node, Name):
            found.names.add(node.name)
            found.exact.add(node.name)
        elif isinstance(node, Visited):
            found.names.add(_visited_name(node.scene))
        elif isinstance(node, Not):
            walk(node.operand)
        elif isinstance(node, BoolOp):
            for operand in node.operands:
                walk(operand)
        elif isinstance(node, Compare):
            pair = _counter_vs_constant(node, counters)
            if pair is None:
                walk(node.left)
                walk(node.right)
                return
            name, op, constant = pair
            found.names.add(name)
            points = found.breakpoints.setdefault(name, set())
            # A breakpoint b separates the values below b from those at b or above.
            if op in (">=", "<"):
                points.add(constant)
            elif op in (">", "<="):
                points.add(constant + 1)
            else:
                points.update((constant, constant + 1))

    walk(expr)
    return found


def _counter_vs_constant(node: Compare, counters: set[str]) -> tuple[str, str, int] | None:
    """`renown >= 3` (or `3 <= renown`) as ("renown", ">=", 3); None for anything else."""
    left, right, op = node.left, node.right, node.op
    if isinstance(left, Literal_) and isinstance(right, Name):
        left, right, op = right, left, _FLIPPED[op]
    if (
        isinstance(left, Name)
        and left.name in counters
        and isinstance(right, Literal_)
        and isinstance(right.value, int)
        and not isinstance(right.value, bool)
    ):
        return left.name, op, right.value
    return None


# -- the abstraction: live variables and counter classes per scene --------------------------------


class Abstraction:
    """For each scene: which variables a later condition can read, and how finely to tell
    a counter's values apart (its breakpoints), found by a backward fixpoint over the map."""

    def __init__(self, story: Story, graph: Graph) -> None:
        counters = {n for n, v in story.variables.items() if v.kind == "counter"}
        self.bounds = {n: (v.minimum, v.maximum) for n, v in story.variables.items()}
        self.exact: set[str] = set()
        self.live: dict[str, set[str]] = {s: set() for s in graph.steps}
        self.points: dict[str, dict[str, set[int]]] = {s: {} for s in graph.steps}
        self.reads: dict[tuple[str, int], _Reads] = {}
        for scene_id, steps in graph.steps.items():
            scene = story.scenes[scene_id]
            for step in steps:
                choice = _choice(scene.choices, step)
                if choice is None or choice.condition is None:
                    continue
                reads = _reads(choice.condition, counters)
                self.reads[scene_id, step.index] = reads
                self.live[scene_id] |= reads.names
                self.exact |= reads.exact & counters
                for name, points in reads.breakpoints.items():
                    self.points[scene_id].setdefault(name, set()).update(points)
        self._fixpoint(graph)
        merged = counters - self.exact
        # Per scene: the live variables kept one value per state, and the merged counters.
        self.exact_names = {s: tuple(sorted(n - merged)) for s, n in self.live.items()}
        self.merged_names = {s: tuple(sorted(n & merged)) for s, n in self.live.items()}
        self.points_of = {
            s: {name: sorted(self.points[s].get(name, ())) for name in names}
            for s, names in self.merged_names.items()
        }

    def _fixpoint(self, graph: Graph) -> None:
        predecessors: dict[str, list[tuple[str, Step]]] = {s: [] for s in graph.steps}
        for scene_id, steps in graph.steps.items():
            for step in steps:
                predecessors.setdefault(step.target, []).append((scene_id, step))
        queue = deque(graph.steps)
        queued = set(queue)
        while queue:
            target = queue.popleft()
            queued.discard(target)
            for source, step in predecessors.get(target, ()):
                if self._pull(source, target, step) and source not in queued:
                    queue.append(source)
                    queued.add(source)

    def _pull(self, source: str, target: str, step: Step) -> bool:
        """Carry what `target` reads back over `step` to `source`; True when it grew."""
        killed = {name for name, _ in step.sets} | {_visited_name(target)}
        added = {name: (amount, low, high) for name, amount, low, high in step.adds}
        grew = False
        for name in self.live[target] - killed:
            if name not in self.live[source]:
                self.live[source].add(name)
                grew = True
            points = self.points[target].get(name)
            if not points or name in self.exact:
                continue
            if name in added:
                amount, low, high = added[name]
                # x + amount, clamped, is >= b exactly when x >= b - amount (for low < b <= high)
                points = {
                    b - amount
                    for b in points
                    if (low is None or b > low) and (high is None or b <= high)
                }
            mine = self.points[source].setdefault(name, set())
            if not points <= mine:
                mine |= points
                grew = True
                if len(mine) > MAX_BREAKPOINTS:
                    self.exact.add(name)
        return grew

    def counter_class(self, scene: str, name: str, value: int) -> int:
        return bisect.bisect_right(self.points_of[scene][name], value)


def _choice(choices: tuple[Choice, ...], step: Step) -> Choice | None:
    return choices[step.index] if step.index >= 0 else None
