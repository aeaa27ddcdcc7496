"""`trotsky quicktest`: the exhaustive search, on the real story and on small inline stories."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.engine.model import Story
from game.tools.playtest import playtest
from game.tools.quicktest import quicktest
from tests.conftest import MINI, ROOT

NOTE = {
    "date": "1900",
    "place": "The wood",
    "text": " ".join(["The traveller kept a diary of every road he took that year,"] * 5),
    "source": "Test Author, A Test Book (2000), p. 1",
}


def trotsky(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def write_story(folder: Path, variables: dict[str, Any], scenes: list[dict[str, Any]]) -> Path:
    """A one-chapter story in `folder`; every choice gets a long enough note."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "id": "inline",
        "title": "An Inline Story",
        "version": 1,
        "start": scenes[0]["id"],
        "chapters": [{"id": "one", "title": "The Only", "years": "1900", "file": "one.yaml"}],
        "variables": variables,
    }
    for scene in scenes:
        scene.setdefault("date", "1900")
        scene.setdefault("place", "A road")
        scene.setdefault("title", scene["id"].title())
        scene.setdefault("text", f"You are at the {scene['id']}.")
        for choice in scene.get("choices", []):
            choice.setdefault("note", dict(NOTE))  # a copy: a shared dict would dump as an alias
    (folder / "story.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    chapter = {"chapter": "one", "scenes": scenes}
    (folder / "one.yaml").write_text(yaml.safe_dump(chapter, sort_keys=False, width=200))
    return folder


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def ending(scene_id: str) -> dict[str, Any]:
    return {"id": scene_id, "ending": "historical", "epilogue": "It ends."}


def fork_story(folder: Path) -> Path:
    """Two flags set in branches that exclude each other, and a choice that needs both."""
    return write_story(
        folder,
        {"went_north": {"default": False}, "went_south": {"default": False}},
        [
            {
                "id": "fork",
                "choices": [
                    {"text": "Go north", "goto": "inn", "set": {"went_north": True}},
                    {"text": "Go south", "goto": "inn", "set": {"went_south": True}},
                ],
            },
            {
                "id": "inn",
                "choices": [
                    {"text": "Listen", "goto": "home", "history": True},
                    {
                        "text": "Tell them of both roads",
                        "goto": "home",
                        "if": "went_north and went_south",
                    },
                ],
            },
            ending("home"),
        ],
    )


# -- the shipped story -------------------------------------------------------------------------


def test_quicktest_explores_the_whole_real_story() -> None:
    result = trotsky("quicktest", "--json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["complete"] and report["errors"] == 0
    assert report["states"] > 100
    assert report["scene_coverage"]["reached"] == report["scene_coverage"]["total"] >= 70
    assert report["choice_coverage"]["available"] == report["choice_coverage"]["total"]
    assert report["ending_coverage"]["reached"] == report["ending_coverage"]["total"] >= 5
    assert report["paths"]["mx_death"] >= 1


def test_quicktest_text_report_prints_states_paths_and_coverage() -> None:
    result = trotsky("quicktest", "--scenes", str(MINI))
    assert result.returncode == 0
    out = result.stdout
    assert "7 states" in out and "complete" in out
    assert "scenes reached:    6/6 (100%)" in out
    assert "choices available: 6/6 (100%)" in out
    assert "endings reached:   2/2 (100%)" in out
    # exact here: `Boast` needs the courage only `Go outside` gives
    assert "distinct paths to each ending:" in out
    assert "4  finale (historical)" in out and "1  caught (counterfactual)" in out


def test_every_choice_playtest_takes_is_one_quicktest_calls_available(story: Story) -> None:
    available = quicktest(story).choices_available
    taken = playtest(story, 3000, 7).choices_seen
    assert taken and taken <= available


@pytest.mark.parametrize("folder", ["mini", "dead_end"])
def test_quicktest_agrees_with_playtest_on_the_small_stories(folder: str) -> None:
    from game.engine.loader import load_story_or_raise

    small = load_story_or_raise(MINI.parent / folder)
    report = quicktest(small)
    assert playtest(small, 500, 1).choices_seen <= report.choices_available
    assert playtest(small, 500, 1).scenes_seen <= report.scenes_reached


# -- the finding the random playtest cannot make -------------------------------------------------


def test_a_choice_needing_flags_from_exclusive_branches_fails_quicktest_not_validate(
    tmp_path: Path,
) -> None:
    folder = fork_story(tmp_path / "fork")
    assert trotsky("validate", "--scenes", str(folder)).returncode == 0
    result = trotsky("quicktest", "--scenes", str(folder))
    assert result.returncode == 1
    line = line_of(folder / "one.yaml", "text: Tell them of both roads")
    finding = next(f for f in result.stdout.splitlines() if "[choice-never-available]" in f)
    assert f"one.yaml:{line}:" in finding
    assert "`went_north` and `went_south` can each be true, but never together" in finding
    assert result.stdout.splitlines()[-1] == "1 error, 0 warnings"  # one error is not "1 errors"


def test_quicktest_json_names_the_code_file_and_line(tmp_path: Path) -> None:
    folder = fork_story(tmp_path / "fork")
    report = json.loads(trotsky("quicktest", "--json", "--scenes", str(folder)).stdout)
    assert not report["ok"]
    (finding,) = [f for f in report["findings"] if f["severity"] == "error"]
    assert finding["code"] == "choice-never-available"
    assert finding["line"] == line_of(folder / "one.yaml", "text: Tell them of both roads")
    assert "inn#1" not in report["choices_available"] and "inn#0" in report["choices_available"]


# -- one small story per finding -----------------------------------------------------------------

FLAGS = {"brave": {"default": False}, "lost": {"default": False}, "diary": {"default": False}}
COUNTER = {"courage": {"default": 0, "min": 0, "max": 3}}


def two_ways(*inn_choices: dict[str, Any], fork_sets: str = "brave") -> list[dict[str, Any]]:
    """fork -> inn (two ways, each setting `fork_sets`, one adding courage) -> home."""
    return [
        {
            "id": "fork",
            "choices": [
                {
                    "text": "Go north",
                    "goto": "inn",
                    "set": {fork_sets: True},
                    "add": {"courage": 1},
                },
                {"text": "Go south", "goto": "inn", "set": {fork_sets: True}},
            ],
        },
        {"id": "inn", "choices": [{"text": "Sleep", "goto": "home"}, *inn_choices]},
        ending("home"),
    ]


CASES: dict[str, tuple[list[dict[str, Any]], str, int]] = {
    # code: (scenes, text on the reported line, exit status)
    "condition-always-true": (
        two_ways({"text": "Boast", "goto": "home", "if": "brave"}),
        "text: Boast",
        0,
    ),
    "condition-part-never-true": (
        two_ways({"text": "Boast", "goto": "home", "if": "courage >= 1 or courage >= 5"}),
        "text: Boast",
        0,
    ),
    "condition-part-always-true": (
        two_ways({"text": "Boast", "goto": "home", "if": "brave and courage >= 1"}),
        "text: Boast",
        0,
    ),
    "variable-set-never-read": (two_ways(fork_sets="diary"), "diary:", 0),
    "variable-read-never-set": (
        two_ways({"text": "Ask the way", "goto": "home", "if": "lost or courage >= 1"}),
        "lost:",
        0,
    ),
    "scene-never-reached": (
        [
            *two_ways({"text": "Climb", "goto": "tower", "if": "courage >= 2"})[:2],
            {"id": "tower", "choices": [{"text": "Come down", "goto": "home"}]},
            ending("home"),
        ],
        "id: tower",
        1,
    ),
    "ending-never-reached": (
        [
            *two_ways({"text": "Fight", "goto": "grave", "if": "courage >= 2"})[:2],
            ending("home"),
            {"id": "grave", "ending": "counterfactual", "epilogue": "You fall."},
        ],
        "id: grave",
        1,
    ),
    "dead-end": (
        [
            two_ways()[0],
            {
                "id": "inn",
                "choices": [
                    {"text": "Boast", "goto": "home", "if": "courage >= 1"},
                    {"text": "Hide", "goto": "home", "if": "courage >= 3"},
                ],
            },
            ending("home"),
        ],
        "id: inn",
        1,
    ),
    "no-way-out": (
        [
            {
                "id": "fork",
                "choices": [
                    {"text": "Go north", "goto": "inn", "add": {"courage": 1}},
                    {"text": "Go south", "goto": "home", "set": {"brave": True}},
                ],
            },
            {
                "id": "inn",
                "choices": [
                    {"text": "Go to the yard", "goto": "yard"},
                    {"text": "Leave", "goto": "home", "if": "courage >= 2"},
                ],
            },
            {"id": "yard", "choices": [{"text": "Back inside", "goto": "inn"}]},
            ending("home"),
        ],
        "id: inn",
        1,
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_finding_on_a_small_story(tmp_path: Path, code: str) -> None:
    scenes, where, status = CASES[code]
    folder = write_story(tmp_path / "story", {**FLAGS, **COUNTER}, scenes)
    result = trotsky("quicktest", "--scenes", str(folder))
    assert result.returncode == status, result.stdout
    path = folder / ("story.yaml" if where.endswith(":") else "one.yaml")
    line = line_of(path, where)
    found = [f for f in result.stdout.splitlines() if f.endswith(f"[{code}]")]
    assert found, result.stdout
    assert any(f"{path.name}:{line}:" in f for f in found), found


def test_strict_makes_warnings_fail() -> None:
    assert trotsky("quicktest", "--scenes", str(MINI)).returncode == 0
    result = trotsky("quicktest", "--strict", "--scenes", str(MINI))
    assert result.returncode == 1
    assert "[condition-always-true]" in result.stdout


def test_the_state_budget_stops_with_the_variables_that_multiply(tmp_path: Path) -> None:
    flags = {f"flag{i}": {"default": False} for i in range(8)}
    scenes: list[dict[str, Any]] = []
    for i in range(8):
        following = f"s{i + 1}" if i < 7 else "last"
        scenes.append(
            {
                "id": f"s{i}",
                "choices": [
                    {"text": "Yes", "goto": following, "set": {f"flag{i}": True}},
                    {"text": "No", "goto": following},
                ],
            }
        )
    read_all = " and ".join(f"flag{i}" for i in range(8))
    scenes.append(
        {
            "id": "last",
            "choices": [
                {"text": "End", "goto": "end"},
                {"text": "All", "goto": "end", "if": read_all},
            ],
        }
    )
    scenes.append(ending("end"))
    folder = write_story(tmp_path / "wide", flags, scenes)
    assert trotsky("quicktest", "--scenes", str(folder)).returncode == 0
    result = trotsky("quicktest", "--budget", "50", "--scenes", str(folder))
    assert result.returncode == 1
    assert "INCOMPLETE" in result.stdout
    (finding,) = [f for f in result.stdout.splitlines() if f.endswith("[state-budget]")]
    assert "stopped after 50 states; these variables multiply the states: `flag" in finding


def test_a_bad_budget_is_a_usage_error() -> None:
    result = trotsky("quicktest", "--budget", "0", "--scenes", str(MINI))
    assert result.returncode == 2
    assert "--budget" in result.stderr


def test_merged_counters_keep_flags_exact(tmp_path: Path) -> None:
    """With counters merged per state (as on the long real story), flags stay relational:
    the exclusive branches are still told apart, and nothing reachable is lost."""
    from game.engine.loader import load_story_or_raise

    fork = load_story_or_raise(fork_story(tmp_path / "fork"))
    merged = quicktest(fork, exact_budget=0)
    assert [f.code for f in merged.errors] == ["choice-never-available"]
    mini = load_story_or_raise(MINI)
    exact, merged = quicktest(mini), quicktest(mini, exact_budget=0)
    assert not exact.merged and merged.merged
    assert exact.choices_available == merged.choices_available
    assert merged.paths["caught"] >= exact.paths["caught"] == 1  # merged: a bound


# -- exactness against brute force ----------------------------------------------------------------


def random_story(folder: Path, seed: int) -> Path:
    """A random layered story: two counters (one bounded) and two flags, moved and read at random."""
    import random

    rng = random.Random(seed)
    layers = [[f"s{i}_{j}" for j in range(rng.randint(1, 3))] for i in range(7)]
    layers[0] = ["s0_0"]
    conditions = [
        "a >= {k}", "a < {k}", "b >= {k}", "b == {k}", "f", "not g",
        "a >= {k} and f", "b >= {k} or g", "a > {k} and not f", "visited(s1_0)",
    ]  # fmt: skip
    scenes: list[dict[str, Any]] = []
    for depth, layer in enumerate(layers):
        nearest = layers[depth + 1] if depth + 1 < len(layers) else ["end_a", "end_b"]
        further = [s for following in layers[depth + 2 :] for s in following] + ["end_a", "end_b"]
        for scene_id in layer:
            choices = []
            for _ in range(rng.randint(1, 3)):
                target = rng.choice(nearest if rng.random() < 0.85 else further)
                choice: dict[str, Any] = {"text": f"To {len(choices)}", "goto": target}
                if rng.random() < 0.6:
                    choice["add"] = {rng.choice("ab"): rng.randint(-2, 3)}
                if rng.random() < 0.3:
                    choice["set"] = {rng.choice("fg"): rng.random() < 0.7}
                if rng.random() < (0.7 if choices else 0.3):
                    text = rng.choice(conditions).format(k=rng.randint(0, 4))
                    if "visited(s1_0)" not in text or "s1_0" in layers[1]:
                        choice["if"] = text
                choice["text"] += f" ({scene_id})"
                choices.append(choice)
            scenes.append({"id": scene_id, "choices": choices})
    scenes += [ending("end_a"), {"id": "end_b", "ending": "counterfactual", "epilogue": "No."}]
    variables = {
        "a": {"default": 0, "min": 0, "max": 3},
        "b": {"default": 1},
        "f": {"default": False},
        "g": {"default": False},
    }
    return write_story(folder, variables, scenes)


def brute_force(small: Story) -> tuple[set[tuple[str, int]], dict[str, int], set[str]]:
    """Every playthrough, one by one, by the walker's rules (the rules Session plays by):
    the choices taken, the playthroughs per ending, the scenes where one got stuck."""
    from game.engine.walker import Graph

    graph = Graph(small)
    taken: set[tuple[str, int]] = set()
    paths: dict[str, int] = {}
    stuck: set[str] = set()
    stack = [(small.start, dict(graph.defaults), {small.start})]
    while stack:
        scene, variables, visited = stack.pop()
        if scene in graph.endings:
            paths[scene] = paths.get(scene, 0) + 1
            continue
        offered = [
            step
            for step in graph.steps[scene]
            if step.predicate is None or step.predicate(variables, visited)
        ]
        if not offered:
            stuck.add(scene)
        for step in offered:
            taken.add((scene, step.index))
            following = dict(variables)
            step.apply(following)
            stack.append((step.target, following, visited | {step.target}))
    return taken, paths, stuck


@pytest.mark.parametrize("seed", range(25))
def test_quicktest_is_exact_on_small_stories_and_merging_only_widens(
    tmp_path: Path, seed: int
) -> None:
    from game.engine.loader import load_story

    small, findings = load_story(random_story(tmp_path / "story", seed))
    assert small is not None, [str(f) for f in findings.errors]
    taken, paths, stuck = brute_force(small)
    exact = quicktest(small)
    assert not exact.merged and exact.complete
    assert exact.choices_available == taken
    assert exact.paths == paths
    dead_ends = {f.message.split("`")[1] for f in exact.findings if f.code == "dead-end"}
    assert dead_ends == stuck
    merged = quicktest(small, exact_budget=0)
    assert merged.choices_available >= taken
    assert all((merged.paths[e] or 0) >= n for e, n in paths.items())
    merged_dead = {f.message.split("`")[1] for f in merged.findings if f.code == "dead-end"}
    assert merged_dead <= stuck  # confirmed by a playthrough: never one that cannot happen


def test_a_dead_end_only_merged_counters_suggest_is_checked_by_a_playthrough(
    tmp_path: Path,
) -> None:
    """North raises `a`, south raises `b`: at the inn one of the two choices is always open,
    though the merged counters hold a = 0 and b = 0 side by side."""
    from game.engine.loader import load_story_or_raise

    scenes = [
        {
            "id": "fork",
            "choices": [
                {"text": "Go north", "goto": "inn", "add": {"a": 1}},
                {"text": "Go south", "goto": "inn", "add": {"b": 1}},
            ],
        },
        {
            "id": "inn",
            "choices": [
                {"text": "Boast", "goto": "home", "if": "a >= 1"},
                {"text": "Brag", "goto": "home", "if": "b >= 1"},
            ],
        },
        ending("home"),
    ]
    variables = {"a": {"default": 0}, "b": {"default": 0}}
    small = load_story_or_raise(write_story(tmp_path / "story", variables, scenes))
    assert quicktest(small).findings == []
    merged = quicktest(small, exact_budget=0)
    assert merged.merged and merged.findings == []  # the exact search found no way to get stuck
    unsure = quicktest(small, exact_budget=0, witness_budget=1)
    assert [f.code for f in unsure.findings] == ["possible-dead-end"]
    assert unsure.findings[0].severity == "warning"
