"""The JSON Schemas editors use agree with the loader: shipped files pass, misshapen files fail."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from game.engine.loader import load_story
from tests.conftest import DATA, MINI, SCENES

SCHEMAS = SCENES / "schema"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def as_json(path: Path) -> Any:
    """The file as an editor's YAML server sees it (dates stay text)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def schema_for(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=schema/"), path
    return first.split("schema/")[1].split(".schema.json")[0]


SHIPPED = sorted(SCENES.glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_names_its_schema_and_passes_it(path: Path) -> None:
    errors = sorted(validator(schema_for(path)).iter_errors(as_json(path)), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("path", sorted(MINI.glob("*.yaml")), ids=lambda p: p.name)
def test_the_test_story_passes_too(path: Path) -> None:
    name = "story" if path.name == "story.yaml" else "chapter"
    assert validator(name).is_valid(as_json(path))


SHAPE_MISTAKES = {
    "unknown_key": None,
    "bad_date": None,
    "wrong_type": None,
    "no_way_forward": None,
    "missing_note": (
        "        note:\n          date: October 1900",
        "        nota:\n          date: October 1900",
    ),
    "empty_title": ("title: The hut", 'title: ""'),
    "choices_and_ending": (
        "    chapter_end: true",
        "    chapter_end: true\n    ending: historical\n    epilogue: Both.",
    ),
    "epilogue_without_ending": (
        "    chapter_end: true",
        "    chapter_end: true\n    epilogue: Stray.",
    ),
    "history_as_text": ("history: true", 'history: "true"'),
    "add_a_flag": ("add: { courage: 1 }", "add: { courage: true }"),
}


@pytest.mark.parametrize("case", sorted(SHAPE_MISTAKES))
def test_files_the_loader_rejects_for_shape_the_schema_rejects(case: str, mini_copy: Path) -> None:
    target = mini_copy / "one.yaml"
    change = SHAPE_MISTAKES[case]
    if change is None:
        shutil.copy(DATA / "bad_scenes" / f"{case}.yaml", target)
    else:
        text = target.read_text()
        assert change[0] in text
        target.write_text(text.replace(change[0], change[1], 1))
    story, _findings = load_story(mini_copy)
    assert story is None, f"the loader accepted {case}"
    assert not validator("chapter").is_valid(as_json(target)), f"the schema accepted {case}"


@pytest.mark.parametrize("path", sorted((SCENES / "es").glob("*.yaml")), ids=lambda p: p.name)
def test_every_translation_overlay_passes_the_overlay_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/overlay.schema.json"
    errors = sorted(validator("overlay").iter_errors(as_json(path)), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_the_overlay_schema_refuses_structure() -> None:
    misshapen = {"scenes": {"hut": {"english": "0123abcd", "goto": "yard"}}}
    assert not validator("overlay").is_valid(misshapen)
