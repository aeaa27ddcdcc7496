"""Story overlays: fallback piece by piece, stale and orphaned entries, and the language
switch of a saved game (saves hold ids, so a game continues in either language)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.engine.findings import Findings
from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from game.engine.overlay import (
    ORPHAN,
    STALE,
    apply_overlay,
    check_overlay,
    fingerprint,
    load_overlay,
    scene_english,
)
from game.engine.saves import SaveFolder
from game.engine.session import Session
from tests.conftest import SCENES


@pytest.fixture(scope="module")
def spanish(story: Story) -> Story:
    findings = Findings()
    overlay = load_overlay(SCENES, "es", findings)
    assert not findings.errors, [str(f) for f in findings.items]
    return apply_overlay(story, overlay)


@pytest.fixture
def scenes_copy(tmp_path: Path) -> Path:
    target = tmp_path / "scenes"
    shutil.copytree(SCENES, target)
    return target


def test_chapter_one_is_spanish_and_an_untranslated_chapter_falls_back(
    story: Story, spanish: Story
) -> None:
    first = spanish.scenes["ust_kut_arrival"]
    assert first.title == "Desembarco en Ust-Kut"
    assert first.choices[0].text.startswith("Alquilar con Aleksandra")
    assert first.choices[0].note is not None
    assert first.choices[0].note.text.startswith("Bronstein y Aleksandra")
    # sources are kept as the author wrote them
    assert first.choices[0].note.source == story.scenes["ust_kut_arrival"].choices[0].note.source  # type: ignore[union-attr]
    assert spanish.chapter("siberia").title == "El destierro en Siberia"
    assert spanish.chapter("siberia").quiz[0].options[0].startswith("De un carcelero")
    # untranslated chapter: every piece is the English one, structure untouched
    untranslated = story.chapter("vienna").start
    assert spanish.scenes[untranslated] == story.scenes[untranslated]
    assert [c.goto for c in first.choices] == [
        c.goto for c in story.scenes["ust_kut_arrival"].choices
    ]


def test_a_stale_entry_shows_the_english(story: Story, scenes_copy: Path) -> None:
    overlay_file = scenes_copy / "es" / "01_siberia.yaml"
    text = overlay_file.read_text(encoding="utf-8")
    english = fingerprint(scene_english(story.scenes["sib_antid_oto"]))
    overlay_file.write_text(
        text.replace(f"english: {english}", "english: 00000000"), encoding="utf-8"
    )
    findings = Findings()
    overlay = load_overlay(scenes_copy, "es", findings)
    translated = apply_overlay(story, overlay)
    assert translated.scenes["sib_antid_oto"].title == "The antidote"  # stale: English
    assert translated.scenes["ust_kut_arrival"].title == "Desembarco en Ust-Kut"  # current
    check_overlay(story, overlay, findings)
    stale = [f for f in findings.items if f.code == STALE]
    assert len(stale) == 1
    line = text.splitlines().index("  sib_antid_oto:") + 2  # the mapping under the key
    assert stale[0].location.file.endswith("es/01_siberia.yaml")
    assert stale[0].location.line == line
    assert english in (stale[0].hint or "")


def test_validate_reports_stale_and_orphaned_entries_with_file_and_line(
    scenes_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay_file = scenes_copy / "es" / "01_siberia.yaml"
    text = overlay_file.read_text(encoding="utf-8")
    text = text.replace("  sib_samara:\n", "  sib_samarra:\n", 1)
    text = text.replace("english: 26e1b4ee", "english: 12345678", 1)  # sib_serve_out
    overlay_file.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    orphan_line = lines.index("  sib_samarra:") + 2
    stale_line = lines.index("  sib_serve_out:") + 2
    code = main(["validate", "--scenes", str(scenes_copy), "--lang", "es"])
    out = capsys.readouterr().out
    assert code == 0  # warnings only: the English story is sound
    assert re.search(rf"es/01_siberia\.yaml:{orphan_line}:\d+: warning: scene `sib_samarra`", out)
    assert "did you mean `sib_samara`?" in out
    assert re.search(
        rf"es/01_siberia\.yaml:{stale_line}:\d+: warning: scene `sib_serve_out` is stale", out
    )
    assert re.search(r"  siberia: 52/54 pieces", out)  # the two pieces no longer count
    assert re.search(r"  vienna: 0/\d+ pieces, 0/\d+ words \(0%\)", out)
    code = main(["validate", "--scenes", str(scenes_copy), "--lang", "es", "--strict"])
    assert code == 1


def test_the_json_report_holds_the_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["validate", "--scenes", str(SCENES), "--lang", "es", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    siberia = next(row for row in report["coverage"] if row["part"] == "siberia")
    assert siberia["translated"] == siberia["pieces"] > 0
    assert not [f for f in report["findings"] if f["code"] in (STALE, ORPHAN)]


def test_choice_ids_key_a_translation_across_reordering(tmp_path: Path) -> None:
    story_dir = tmp_path / "story"
    shutil.copytree(Path(__file__).parent.parent / "data" / "stories" / "mini", story_dir)
    chapter = next(p for p in story_dir.glob("*.yaml") if "scenes:" in p.read_text())
    story = load_story_or_raise(story_dir)
    scene = next(s for s in story.scenes.values() if len(s.choices) >= 2)
    assert all(not c.id for c in scene.choices)
    text = chapter.read_text(encoding="utf-8")
    first, second = scene.choices[0], scene.choices[1]
    # give the two choices ids, then swap them in the file
    text = text.replace(
        f"- text: {first.text}\n", f"- id: first_way\n        text: {first.text}\n", 1
    )
    text = text.replace(
        f"- text: {second.text}\n", f"- id: second_way\n        text: {second.text}\n", 1
    )
    chapter.write_text(text, encoding="utf-8")
    reloaded = load_story_or_raise(story_dir)
    ids = [c.id for c in reloaded.scenes[scene.id].choices]
    assert ids[:2] == ["first_way", "second_way"]
    (story_dir / "es").mkdir()
    (story_dir / "es" / chapter.name).write_text(
        f"chapter: {scene.chapter}\nscenes:\n  {scene.id}:\n    choices:\n"
        f"      second_way:\n        english: {fingerprint({'text': second.text})}\n"
        "        text: El segundo camino\n",
        encoding="utf-8",
    )
    findings = Findings()
    translated = apply_overlay(reloaded, load_overlay(story_dir, "es", findings))
    by_id = {c.id: c.text for c in translated.scenes[scene.id].choices}
    assert by_id["second_way"] == "El segundo camino"
    assert by_id["first_way"] == first.text


def test_a_game_saved_in_english_continues_in_spanish_and_back(
    story: Story, spanish: Story, tmp_path: Path
) -> None:
    english_saves = SaveFolder(tmp_path, story)
    session = Session.new(story)
    session.choose(1)
    session.choose(1)
    english_saves.save("mine", session)
    saved = (tmp_path / "mine.json").read_text(encoding="utf-8")
    assert "Desembarco" not in saved

    in_spanish = SaveFolder(tmp_path, spanish).load("mine").session(spanish)
    assert in_spanish.scene.id == session.scene.id
    assert in_spanish.scene.title == "El libro de cuentas del comerciante"
    assert in_spanish.comparison()[0].chosen.startswith("Alquilar con Aleksandra")
    in_spanish.choose(2)
    SaveFolder(tmp_path, spanish).save("mine", in_spanish, replace=True)

    back = SaveFolder(tmp_path, story).load("mine").session(story)
    assert back.scene.id == in_spanish.scene.id == "sib_iskra_arrives"
    assert back.scene.title == "The Spark reaches Verkholensk"
    assert back.comparison()[-1].chosen == "Take the clerk's stool in the merchant's counting-house"


def test_the_save_list_speaks_the_language_being_played(
    story: Story, spanish: Story, tmp_path: Path
) -> None:
    SaveFolder(tmp_path, story).save("lev", Session.new(story))  # saved in English
    english = SaveFolder(tmp_path, story).slots()[0]
    listed = SaveFolder(tmp_path, spanish).slots()[0]
    first = spanish.scenes[spanish.start]
    assert english.chapter == f"1. {story.chapters[0].title}"
    assert listed.chapter == f"1. {spanish.chapters[0].title}" != english.chapter
    assert (listed.title, listed.place, listed.date) == (first.title, first.place, first.shown_date)


def test_a_broken_save_is_reported_in_the_language_being_played(
    spanish: Story, tmp_path: Path
) -> None:
    from game import i18n

    (tmp_path / "roto.json").write_text("{")
    with i18n.speaking("es"):
        slot = SaveFolder(tmp_path, spanish).slots()[0]
    assert slot.error == "roto.json está dañado (no es JSON legible)"
    assert (
        SaveFolder(tmp_path, spanish).slots()[0].error == "roto.json is damaged (not readable JSON)"
    )
