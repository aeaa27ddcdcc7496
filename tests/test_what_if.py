"""Counterfactual scenes announce themselves: the "What if" banner in both faces, and the
validate rule that finds a scene off the historical road without one."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.cli import starting_session
from game.engine.loader import load_story
from game.engine.model import Story
from game.engine.roads import MISSING_BANNER, NEEDLESS_BANNER, historical_road
from game.engine.saves import SaveFolder
from game.ui.app import TrotskyApp
from game.ui.screens.scene import SceneScreen
from game.ui.widgets.scene_page import ScenePage
from tests.conftest import SCENES, play_plain

COUNTERFACTUAL = "sib_serve_out"


def test_every_scene_off_the_historical_road_carries_a_banner(story: Story) -> None:
    road = historical_road(story)
    off = [s for s in story.scenes.values() if s.id not in road]
    assert len(off) >= 10
    assert all(s.what_if and s.banner.startswith("What if ") for s in off)
    assert not [s.id for s in story.scenes.values() if s.id in road and s.banner]


def test_plain_shows_the_banner_before_the_scene_text(tmp_path: Path, story: Story) -> None:
    scene = story.scenes[COUNTERFACTUAL]
    result = play_plain("", tmp_path, "--start", COUNTERFACTUAL, scenes=SCENES)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"** {scene.banner} **" in out
    assert out.index(scene.banner) < out.index(f"-- {scene.title} --")


def test_plain_shows_no_banner_on_the_historical_road(tmp_path: Path, story: Story) -> None:
    result = play_plain("", tmp_path, scenes=SCENES)
    assert result.returncode == 0, result.stderr
    assert f"-- {story.scenes[story.start].title} --" in result.stdout
    assert "What if" not in result.stdout


async def test_the_tui_shows_the_banner_above_a_counterfactual_scene(
    story: Story, saves_dir: Path
) -> None:
    start = starting_session(story, COUNTERFACTUAL, [])
    app = TrotskyApp(story, SaveFolder(saves_dir, story), start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        scene = story.scenes[COUNTERFACTUAL]
        lines = str(app.screen.query_one(ScenePage).render()).splitlines()
        assert lines[:3] == [f" {scene.banner} ", "", scene.title]  # read before the scene


async def test_the_tui_hides_the_banner_on_a_real_scene(story: Story, saves_dir: Path) -> None:
    app = TrotskyApp(story, SaveFolder(saves_dir, story), start=starting_session(story, None, []))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        page = str(app.screen.query_one(ScenePage).render())
        assert page.startswith(f"{story.scenes[story.start].title}\n")
        assert "What if" not in page


def _codes(folder: Path) -> list[str | None]:
    _, findings = load_story(folder)
    return [f.code for f in findings.warnings]


def test_validate_warns_when_a_counterfactual_scene_lacks_its_banner(tmp_path: Path) -> None:
    scenes = tmp_path / "scenes"
    shutil.copytree(SCENES, scenes)
    assert MISSING_BANNER not in _codes(scenes)
    chapter = scenes / "01_siberia.yaml"
    text = chapter.read_text(encoding="utf-8")
    line = next(li for li in text.splitlines() if li.strip().startswith("what_if:"))
    chapter.write_text(text.replace(line + "\n", "", 1), encoding="utf-8")
    _, findings = load_story(scenes)
    missing = [f for f in findings.warnings if f.code == MISSING_BANNER]
    assert len(missing) == 1
    assert missing[0].location.file.endswith("01_siberia.yaml")
    assert f"[{MISSING_BANNER}]" in missing[0].render()


def test_validate_warns_on_a_banner_on_the_historical_road(tmp_path: Path) -> None:
    scenes = tmp_path / "scenes"
    shutil.copytree(SCENES, scenes)
    chapter = scenes / "01_siberia.yaml"
    text = chapter.read_text(encoding="utf-8")
    head = "  - id: sib_antid_oto\n"
    assert head in text
    chapter.write_text(
        text.replace(head, head + '    what_if: "he had never written?"\n', 1), encoding="utf-8"
    )
    assert _codes(scenes).count(NEEDLESS_BANNER) == 1
