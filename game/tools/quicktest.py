"""`trotsky quicktest`: every state the story can reach, searched exhaustively, and what is
wrong in them: choices never open, scenes never reached, conditions that never vary,
variables nobody reads or sets, soft locks.

The pieces: `quickabstraction` (which variables matter where), `quickstates` (the search),
`quickfindings` (the findings), `quickreport` (codes, findings and figures).
"""

from __future__ import annotations

import time
from collections import deque

from game.engine.conditions import Value
from game.engine.findings import plural
from game.engine.model import Story
from game.engine.walker import Graph
from game.tools.quickabstraction import Abstraction
from game.tools.quickfindings import WITNESS_BUDGET, Checker, budget_finding
from game.tools.quickreport import DEFAULT_BUDGET, Report
from game.tools.quickstates import OUT_OF_BUDGET, Explorer, Space, reaching, witness

EXACT_BUDGET = 5_000  # states: a story that fits is searched with every counter value apart


def quicktest(
    story: Story,
    budget: int = DEFAULT_BUDGET,
    routes: bool = False,
    exact_budget: int = EXACT_BUDGET,
    witness_budget: int = WITNESS_BUDGET,
) -> Report:
    """Search the story's states; `routes` also finds the numbers a player types to each ending."""
    started = time.perf_counter()
    graph = Graph(story)
    abstraction = Abstraction(story, graph)
    explorer = Explorer(story, graph, abstraction)
    # Exact first (every counter class a state of its own); a long story whose choices all
    # move counters falls back to merging each counter's classes per state.
    space = explorer.explore(min(budget, exact_budget), merge=False)
    if not space.complete:
        space = explorer.explore(budget, merge=True)
    report = Report(budget=budget, complete=space.complete)
    report.scenes_total = len(story.scenes)
    report.choices_total = sum(len(s.choices) for s in story.scenes.values())
    report.endings_total = len(graph.endings)
    report.states = len(space.states)
    report.transitions = sum(len(out) for out in space.edges)
    report.merged = any(len(c) > 1 for s in space.states for c in s.counters.values())
    report.scenes_reached = {state.scene for state in space.states}
    for state, out in zip(space.states, space.edges, strict=True):
        report.choices_available.update((state.scene, i) for i, _ in out if i >= 0)
    if not space.complete:
        report.findings.append(budget_finding(story, abstraction, space, budget))
    else:
        report.paths = _paths(graph, space)
        check = Checker(story, graph, abstraction, space, report, witness_budget)
        check.scenes()
        check.choices()
        check.soft_locks()
        check.variables()
        if routes:
            for ending in report.paths:
                route = _route(story, graph, abstraction, ending)
                if route is not None:
                    report.routes[ending] = route
    report.findings.sort(key=lambda f: (f.location.file, f.location.line, f.location.column))
    report.seconds = time.perf_counter() - started
    return report


def _route(story: Story, graph: Graph, abstraction: Abstraction, ending: str) -> list[int] | None:
    """The numbers a player types to reach `ending` (the first route an exact search finds)."""

    def arrived(scene: str, variables: dict[str, Value], seen: set[str]) -> bool:
        return scene == ending

    route = witness(story, graph, abstraction, arrived, WITNESS_BUDGET, reaching(graph, ending))
    return None if route is OUT_OF_BUDGET else route


def _paths(graph: Graph, space: Space) -> dict[str, int | None]:
    """Distinct playthroughs (choice sequences) to each ending; None when a loop makes them endless."""
    count = len(space.edges)
    incoming = [0] * count
    for out in space.edges:
        for _, target in out:
            incoming[target] += 1
    paths = [0] * count
    paths[0] = 1
    ready = deque(i for i in range(count) if incoming[i] == 0)
    done = 0
    while ready:
        node = ready.popleft()
        done += 1
        for _, target in space.edges[node]:
            paths[target] += paths[node]
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    looped = done < count
    result: dict[str, int | None] = {}
    for number, state in enumerate(space.states):
        if state.scene in graph.endings:
            previous = result.get(state.scene) or 0
            result[state.scene] = None if looped else previous + paths[number]
    return result


# -- the text report ---------------------------------------------------------------------------


def render(report: Report, story: Story, where: str) -> list[str]:
    def share(part: int, whole: int) -> str:
        return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"

    lines = [f.render() for f in report.findings]
    status = "complete" if report.complete else f"INCOMPLETE (budget {report.budget:,} states)"
    if report.merged:
        status += ", counters merged per state"
    lines += [
        f"{where}: {report.states:,} {'state' if report.states == 1 else 'states'}, "
        f"{report.transitions:,} {'transition' if report.transitions == 1 else 'transitions'} "
        f"in {report.seconds:.2f} s, {status}",
        f"scenes reached:    {share(len(report.scenes_reached), report.scenes_total)}",
        f"choices available: {share(len(report.choices_available), report.choices_total)}",
        f"endings reached:   {share(len(report.paths), report.endings_total)}",
    ]
    if report.paths:
        bound = " (at most: counters are merged per state)" if report.merged else ""
        lines.append(f"distinct paths to each ending{bound}:")
        for ending, count in sorted(report.paths.items(), key=lambda item: -(item[1] or 0)):
            kind = story.scenes[ending].ending or "end of the chapters so far"
            shown = "endless (a loop)" if count is None else f"{count:,}"
            lines.append(f"  {shown:>24}  {ending} ({kind})")
    lines.append(
        f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')}"
    )
    return lines
