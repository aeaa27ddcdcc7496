"""The authoring commands through their real entry point, on the real story and broken ones."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.loader import load_story
from game.engine.model import Story
from game.engine.session import Session
from game.engine.walker import Graph
from tests.conftest import MINI, ROOT


def trotsky(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


# -- playtest ----------------------------------------------------------------------------------


def test_playtest_covers_the_whole_real_story() -> None:
    result = trotsky("playtest", "--runs", "20000", "--seed", "1", "--json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["errors"] == []
    assert report["scene_coverage"]["seen"] == report["scene_coverage"]["total"] >= 70
    assert report["choice_coverage"]["seen"] == report["choice_coverage"]["total"] >= 180
    assert report["never_reached"] == []
    assert "mx_death" in report["endings"]
    assert len(report["endings"]) >= 5
    assert report["shortest"]["choices"] < report["longest"]["choices"]


def test_playtest_text_report_on_the_small_story() -> None:
    result = trotsky("playtest", "--runs", "400", "--seed", "3", "--scenes", str(MINI))
    assert result.returncode == 0
    out = result.stdout
    assert "400 playthroughs (seed 3)" in out
    assert "scenes reached:  6/6 (100%)" in out
    assert "choices taken:   6/6 (100%)" in out
    assert "(counterfactual)" in out and "(historical)" in out


def test_playtest_finds_a_dead_end_and_says_how_to_replay_it(mini_copy: Path) -> None:
    text = (mini_copy / "two.yaml").read_text().replace("if: escaped", "if: not escaped")
    (mini_copy / "two.yaml").write_text(
        text.replace(
            "goto: finale\n        note:", "goto: finale\n        if: courage >= 1\n        note:"
        )
    )
    result = trotsky("playtest", "--runs", "200", "--seed", "5", "--scenes", str(mini_copy))
    assert result.returncode == 1
    assert "ERROR in run" in result.stdout
    assert "dead end: no choice is open in `city`" in result.stdout
    run = int(result.stdout.split("ERROR in run ")[1].split(":")[0])
    replay = trotsky("playtest", "--seed", "5", "--replay", str(run), "--scenes", str(mini_copy))
    assert "hut: 2. Stay in" in replay.stdout
    assert "ERROR: dead end: no choice is open in `city`" in replay.stdout


@pytest.mark.parametrize("seed", range(20))
def test_walker_and_session_agree(story: Story, seed: int) -> None:
    """The fast walker plays by the same rules as the Session every face uses."""
    walk = Graph(story).walk(random.Random(seed))
    session = Session.new(story)
    for scene_id, index in walk.path:
        assert session.scene.id == scene_id
        option = next(o for o in session.options() if o.index == index)
        session.choose(option.number)
    assert session.scene.id == walk.end
    assert session.is_over
    assert session.state.variables == walk.variables


# -- graph -------------------------------------------------------------------------------------


def test_graph_dot_has_clusters_endings_and_the_historical_path() -> None:
    result = trotsky("graph")
    assert result.returncode == 0
    dot = result.stdout
    assert dot.startswith('digraph "trotsky" {')
    assert dot.count('subgraph "cluster_') == 10
    assert '"mx_death" [label=' in dot and "doubleoctagon" in dot
    assert dot.count("shape=octagon") >= 5
    assert '"ust_kut_arrival" -> "sib_antid_oto" [color="darkgreen", penwidth=2.5' in dot
    if shutil.which("dot"):
        rendered = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True)
        assert rendered.returncode == 0, rendered.stderr


def test_graph_mermaid_for_one_chapter_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "map.mmd"
    result = trotsky("graph", "--format", "mermaid", "--chapter", "siberia", "-o", str(target))
    assert result.returncode == 0
    text = target.read_text()
    assert text.startswith("flowchart TD")
    assert 'subgraph siberia["1. Siberian Exile (1900-1902)"]' in text
    assert "sib_samara --> isk_holford_square" in text
    assert "class sib_serve_out counterfactual" in text
    assert "isk_congress[" not in text  # other chapters' scenes are left out


def test_graph_unknown_chapter_is_a_clear_error() -> None:
    result = trotsky("graph", "--chapter", "atlantis")
    assert result.returncode == 2
    assert "there is no chapter `atlantis`" in result.stderr


# -- new-scene ---------------------------------------------------------------------------------


def test_new_scene_appends_a_skeleton_that_loads(mini_copy: Path) -> None:
    before = (mini_copy / "one.yaml").read_text()
    (mini_copy / "one.yaml").write_text(
        "# a comment the author wrote\n"
        + before
        + "quiz:\n  - question: Q?\n    options: [a, b]\n    answer: 1\n"
    )
    result = trotsky("new-scene", "riverbank", "--chapter", "one", "--scenes", str(mini_copy))
    assert result.returncode == 0, result.stderr
    text = (mini_copy / "one.yaml").read_text()
    assert text.startswith("# a comment the author wrote\n")
    assert text.index("- id: riverbank") < text.index("quiz:")
    story, findings = load_story(mini_copy)
    assert story is not None, [str(f) for f in findings.errors]
    assert story.scenes["riverbank"].chapter == "one"
    assert any("`riverbank` cannot be reached" in str(f) for f in findings.warnings)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["hut", "--chapter", "one"], "there is already a scene `hut`"),
        (["Bad Id", "--chapter", "one"], "is not a valid scene id"),
        (["fresh", "--chapter", "nine"], "there is no chapter `nine`"),
    ],
)
def test_new_scene_refuses_bad_requests(mini_copy: Path, args: list[str], words: str) -> None:
    result = trotsky("new-scene", *args, "--scenes", str(mini_copy))
    assert result.returncode == 2
    assert words in result.stderr


# -- --start / --set -----------------------------------------------------------------------------


def test_start_anywhere_with_chosen_variables(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "--plain",
            "--scenes",
            str(MINI),
            "--saves",
            str(tmp_path),
            "--start",
            "yard",
            "--set",
            "courage=2",
            "--set",
            "escaped=true",
        ],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "-- The yard --" in result.stdout
    assert "2. Boast of your courage" in result.stdout
    saved = json.loads((tmp_path / "autosave.json").read_text())
    assert saved["state"]["variables"] == {"courage": 2, "escaped": True}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--start", "yrad"], "no scene `yrad`; did you mean `yard`?"),
        (["--set", "corage=1"], "did you mean `courage`?"),
        (["--set", "courage=lots"], "a counter takes a whole number"),
        (["--set", "courage=1_0"], "a counter takes a whole number"),
        (["--set", "courage=٢"], "a counter takes a whole number"),
        (["--set", "courage=9" + "9" * 5000], "a counter takes a whole number"),
        (["--set", "courage=4"], "`courage` runs from 0 to 3"),
        (["--set", "courage=-1"], "`courage` runs from 0 to 3"),
        (["--set", "escaped=maybe"], "a flag is `true` or `false`"),
    ],
)
def test_bad_start_options_are_clear_errors(args: list[str], words: str) -> None:
    result = trotsky("--plain", "--scenes", str(MINI), *args)
    assert result.returncode == 2
    assert words in result.stderr


def test_validate_lists_every_error_of_a_broken_folder() -> None:
    result = trotsky("validate", "--scenes", "tests/data/stories/many_errors")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "tests/data/stories/many_errors/one.yaml:6:5: error: unknown key `titel` in a scene; did you mean `title`? [unknown-key]",
        "tests/data/stories/many_errors/one.yaml:36:9: error: `goto: road_edn` in scene `yard` names no scene; did you mean `road_end`? [unknown-scene]",
        "tests/data/stories/many_errors/one.yaml:48:21: error: bad condition `courage = 1`: unexpected character `=`; use `==` to compare [bad-condition]",
        "tests/data/stories/many_errors/story.yaml:4:8: error: the start scene `hutt` does not exist; did you mean `hut`? [unknown-scene]",
        "tests/data/stories/many_errors/two.yaml:9:9: error: condition `escapd`: unknown variable `escapd`; did you mean `escaped`? [unknown-variable]",
        "tests/data/stories/many_errors: 5 errors, 0 warnings; the story cannot be played",
    ]
    as_json = json.loads(
        trotsky("validate", "--json", "--scenes", "tests/data/stories/many_errors").stdout
    )
    assert as_json["errors"] == 5 and as_json["counts"] == {}
    assert [f["line"] for f in as_json["findings"]] == [6, 36, 48, 4, 9]
    assert [f["code"] for f in as_json["findings"]] == [
        "unknown-key",
        "unknown-scene",
        "bad-condition",
        "unknown-scene",
        "unknown-variable",
    ]


def test_playtest_on_the_dead_end_folder_fails() -> None:
    result = trotsky(
        "playtest",
        "--runs",
        "300",
        "--seed",
        "2",
        "--json",
        "--scenes",
        "tests/data/stories/dead_end",
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] and all(
        e["error"] == "dead end: no choice is open in `city`" for e in report["errors"]
    )
    assert all(e["path"][0] == "hut#1" for e in report["errors"])  # only "stay in" leads there
    validate = trotsky("validate", "--scenes", "tests/data/stories/dead_end")
    assert "scene `city` can be a dead end" in validate.stdout
