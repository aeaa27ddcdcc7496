"""What `trotsky quicktest` reports: its finding codes, findings and figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.engine.findings import Finding, Location, Severity

DEFAULT_BUDGET = 200_000

# Our finding codes: stable names that tests, tools and the authoring guide refer to.
CHOICE_NEVER_AVAILABLE = "choice-never-available"
SCENE_NEVER_REACHED = "scene-never-reached"
ENDING_NEVER_REACHED = "ending-never-reached"
CONDITION_ALWAYS_TRUE = "condition-always-true"
CONDITION_PART_ALWAYS_TRUE = "condition-part-always-true"
CONDITION_PART_NEVER_TRUE = "condition-part-never-true"
VARIABLE_SET_NEVER_READ = "variable-set-never-read"
VARIABLE_READ_NEVER_SET = "variable-read-never-set"
DEAD_END = "dead-end"
POSSIBLE_DEAD_END = "possible-dead-end"
NO_WAY_OUT = "no-way-out"
STATE_BUDGET = "state-budget"


def quick_finding(
    location: Location, severity: Severity, code: str, message: str, hint: str | None = None
) -> Finding:
    """One quicktest finding: validate's own kind, printed with its code last (`render`)."""
    return Finding(location, severity, message, hint, code)


@dataclass
class Report:
    budget: int = DEFAULT_BUDGET
    states: int = 0
    transitions: int = 0
    seconds: float = 0.0
    complete: bool = True
    merged: bool = False  # some state holds several classes of a counter: paths are a bound
    scenes_total: int = 0
    choices_total: int = 0
    endings_total: int = 0
    scenes_reached: set[str] = field(default_factory=set)
    choices_available: set[tuple[str, int]] = field(default_factory=set)
    paths: dict[str, int | None] = field(default_factory=dict)  # per ending reached
    routes: dict[str, list[int]] = field(default_factory=dict)  # numbers typed to reach each
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def failed(self, strict: bool) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def to_json(self, strict: bool = False) -> dict[str, Any]:
        return {
            "ok": not self.failed(strict),
            "complete": self.complete,
            "states": self.states,
            "transitions": self.transitions,
            "seconds": round(self.seconds, 3),
            "scene_coverage": {"reached": len(self.scenes_reached), "total": self.scenes_total},
            "choice_coverage": {
                "available": len(self.choices_available),
                "total": self.choices_total,
            },
            "ending_coverage": {"reached": len(self.paths), "total": self.endings_total},
            "paths_exact": not self.merged,
            "paths": {e: (None if n is None else n) for e, n in sorted(self.paths.items())},
            **({"routes": dict(sorted(self.routes.items()))} if self.routes else {}),
            "choices_available": sorted(f"{s}#{i}" for s, i in self.choices_available),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.to_json() for f in self.findings],
        }
