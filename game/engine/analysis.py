"""Deeper checks over a linked story: unused variables, conditions that can never hold,
and scenes whose every choice can be closed off at once.

Each variable gets a small finite domain of the values it can really take: its default, the
values effects set, and for counters the neighbours of every constant it is compared with,
within min/max, or just the default when no effect ever changes it. Conditions are then
checked by trying every combination (bounded), which is exact for this small language.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path

from game.engine import conditions, flow
from game.engine.conditions import Expr, Value
from game.engine.draft import GLOSSARY, MANIFEST, MILESTONES, TIMELINE
from game.engine.findings import Findings, Location, shown_path
from game.engine.model import Story

MAX_COMBINATIONS = 20_000


def analyse(story: Story, folder: Path, findings: Findings) -> None:
    domains = value_domains(story)
    _unused_variables(story, findings)
    holds: dict[str, bool] = {}  # by condition text: a story repeats its conditions
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.condition is None:
                continue
            can = holds.get(choice.condition_text)
            if can is None:
                can = holds[choice.condition_text] = _can_hold(choice.condition, domains)
            if not can:
                findings.warning(
                    choice.location,
                    f"the condition `{choice.condition_text}` can never be true",
                    "check the numbers against the variables' min, max and effects",
                    code="condition-never-true",
                )
        guarded = [c.condition for c in scene.choices if c.condition is not None]
        if scene.choices and len(guarded) == len(scene.choices):
            closing = _all_false(guarded, domains)
            if closing is not None:
                when = ", ".join(f"`{k}` is {v!r}" for k, v in sorted(closing.items()))
                findings.warning(
                    scene.location,
                    f"scene `{scene.id}` can be a dead end: when {when}, no choice is open",
                    "give one choice no `if:`",
                    code="dead-end",
                )
    _constant_conditions(story, domains, findings, holds)
    _unlisted_files(story, folder, findings)


def _constant_conditions(
    story: Story,
    domains: Mapping[str, set[Value]],
    findings: Findings,
    holds: dict[str, bool] | None = None,
) -> None:
    """Warn on a condition whose variables make it come out the same on every road to its
    scene: its `if:` then never decides anything (see `flow`). `holds` caches `_can_hold`
    by condition text."""
    holds = {} if holds is None else holds
    read: set[str] = set()
    names_of: dict[str, tuple[set[str], set[str]]] = {}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.condition is not None and choice.condition_text not in names_of:
                names_of[choice.condition_text] = conditions.names_in(choice.condition)
                read |= names_of[choice.condition_text][0]
    for scene_id, values in flow.arrivals(story, read).items():
        arrived = story.scenes.get(scene_id)
        for choice in arrived.choices if arrived else ():
            if choice.condition is None:
                continue
            names, visited = names_of[choice.condition_text]
            if visited:
                continue  # whether a scene was seen is not followed
            ordered = sorted(names)
            found = _results(story, choice.condition, ordered, values)
            if found is None or len(found) != 1:
                continue  # it varies, or cannot be judged
            can = holds.get(choice.condition_text)
            if can is None:
                can = holds[choice.condition_text] = _can_hold(choice.condition, domains)
            if not can:
                continue  # never true at all (said)
            held = ", ".join(
                f"`{n}` is " + " or ".join(sorted(map(_shown, flow.held(story, values, n) or ())))
                for n in ordered
            )
            always = "true" if True in found else "false"
            findings.warning(
                choice.location,
                f"the condition `{choice.condition_text}` is always {always} in scene"
                f" `{scene_id}`: on every road there, {held}",
                "the `if:` decides nothing: remove it, or let some road reach the scene"
                " with another value",
                code="condition-constant",
            )


MAX_TRIALS = 16  # combinations tried per condition and scene; more are left unjudged


def _results(story: Story, expr: Expr, names: list[str], values: flow.Values) -> set[bool] | None:
    """Every result `expr` gives over the values its variables can hold at a scene."""
    options = [flow.held(story, values, name) for name in names]
    count = 1
    for option in options:
        if option is None:
            return None
        count *= len(option)
    if count > MAX_TRIALS:
        return None
    predicate = conditions.compile_expr(expr)
    return {
        predicate(dict(zip(names, combo, strict=True)), ())
        for combo in itertools.product(*options)  # type: ignore[arg-type]
    }


def value_domains(story: Story) -> dict[str, set[Value]]:
    """The values each variable can take in play (see the module docstring)."""
    domains: dict[str, set[Value]] = {n: {v.default} for n, v in story.variables.items()}
    changed: set[str] = set()
    compared: dict[str, set[Value]] = {}
    for scene in story.scenes.values():
        for choice in scene.choices:
            for name, value in choice.set:
                domains.setdefault(name, set()).add(value)
            changed.update(name for name, _ in choice.add)
            if choice.condition is not None:
                for name, values in conditions.constants_of(choice.condition).items():
                    compared.setdefault(name, set()).update(values)
    for name in changed:
        variable = story.variables.get(name)
        if variable is None or variable.kind != "counter":
            continue
        candidates: set[Value] = set(domains[name])
        for constant in compared.get(name, ()):
            if isinstance(constant, int) and not isinstance(constant, bool):
                candidates.update((constant - 1, constant, constant + 1))
        for bound in (variable.minimum, variable.maximum):
            if bound is not None:
                candidates.add(bound)
        domains[name] = {
            c for c in candidates if isinstance(c, int) and variable.clamp(c) == c
        } or {variable.default}
    return domains


def _assignments(
    exprs: Iterable[Expr], domains: Mapping[str, set[Value]]
) -> Iterable[tuple[dict[str, Value], set[str]]] | None:
    names: set[str] = set()
    scenes: set[str] = set()
    for expr in exprs:
        more_names, more_scenes = conditions.names_in(expr)
        names |= more_names
        scenes |= more_scenes
    ordered = sorted(names)
    scene_list = sorted(scenes)
    choices = [sorted(domains.get(n, {False}), key=repr) for n in ordered]
    count = 2 ** len(scene_list)
    for values in choices:
        count *= len(values)
    if count > MAX_COMBINATIONS:
        return None  # too many to try: say nothing rather than guess
    return (
        (
            dict(zip(ordered, combo, strict=True)),
            {s for s, v in zip(scene_list, seen, strict=True) if v},
        )
        for combo in itertools.product(*choices)
        for seen in itertools.product((False, True), repeat=len(scene_list))
    )


def _can_hold(expr: Expr, domains: Mapping[str, set[Value]]) -> bool:
    trials = _assignments([expr], domains)
    if trials is None:
        return True
    return any(conditions.evaluate(expr, values, seen) for values, seen in trials)


def _all_false(exprs: list[Expr], domains: Mapping[str, set[Value]]) -> dict[str, Value] | None:
    trials = _assignments(exprs, domains)
    if trials is None:
        return None
    for values, seen in trials:
        if not any(conditions.evaluate(e, values, seen) for e in exprs):
            return {**values, **{f"visited({s})": True for s in seen}}
    return None


def _unused_variables(story: Story, findings: Findings) -> None:
    written: set[str] = set()
    read: set[str] = set()
    for scene in story.scenes.values():
        for choice in scene.choices:
            written.update(name for name, _ in choice.set)
            written.update(name for name, _ in choice.add)
            if choice.condition is not None:
                read |= conditions.names_in(choice.condition)[0]
    for name, variable in story.variables.items():
        if variable.visible:  # shown to the player, so it matters even if never tested
            continue
        if name not in written and name not in read:
            findings.warning(
                variable.location,
                f"variable `{name}` is declared but never used",
                "use it in an `if:`, `set:` or `add:`, or remove it",
                code="unused-variable",
            )
        elif name not in read:
            findings.warning(
                variable.location,
                f"variable `{name}` is set but no condition ever reads it",
                "read it in an `if:` so the choice has a consequence, or remove it",
                code="unread-variable",
            )


def _shown(value: Value) -> str:
    """A value as the author writes it in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)


def _unlisted_files(story: Story, folder: Path, findings: Findings) -> None:
    listed = {c.file for c in story.chapters} | {MANIFEST, GLOSSARY, TIMELINE, MILESTONES}
    for path in sorted(folder.glob("*.yaml")):
        if path.name not in listed:
            findings.warning(
                Location(shown_path(path)),
                f"`{path.name}` is not listed under `chapters:` in story.yaml",
                "add it to story.yaml, or move it out of the scenes folder",
                code="unlisted-file",
            )
