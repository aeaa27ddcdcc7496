"""The command line: validate's output and exit codes, and the faces that must not load Textual."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA, MINI, ROOT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=60, cwd=cwd
    )


def test_validate_the_shipped_story_is_clean() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stdout
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("scenes: ")
    assert "0 errors" in summary
    for word in ("chapters", "scenes", "choices", "notes", "endings"):
        assert word in summary


def test_validate_reports_findings_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    for path in MINI.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "one.yaml").write_bytes((DATA / "bad_scenes" / "unknown_target.yaml").read_bytes())
    result = run("validate", "--scenes", "story", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "story/one.yaml:36:9: error: `goto: road_edn` in scene `yard` names no scene; "
        "did you mean `road_end`?" in result.stdout
    )
    as_json = json.loads(run("validate", "--json", "--scenes", "story", cwd=tmp_path).stdout)
    assert as_json["errors"] == 1 and as_json["ok"] is False
    assert as_json["findings"][0]["line"] == 36


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    for path in MINI.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    text = (folder / "one.yaml").read_text().replace("history: true", "history: yes", 1)
    (folder / "one.yaml").write_text(text)
    assert run("validate", "--scenes", str(folder)).returncode == 0
    assert run("validate", "--strict", "--scenes", str(folder)).returncode == 1


def test_playing_a_broken_story_prints_findings_not_a_traceback(tmp_path: Path) -> None:
    result = run("--plain", "--scenes", str(tmp_path))
    assert result.returncode == 2
    assert "no story manifest here" in result.stderr
    assert "Traceback" not in result.stderr


def test_engine_validate_and_plain_never_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, io\n"
        "from game.cli import main\n"
        "sys.stdin = io.StringIO('1\\n')\n"
        f"main(['validate', '--scenes', {str(MINI)!r}])\n"
        f"main(['--plain', '--scenes', {str(MINI)!r}, '--saves', {str(tmp_path / 'saves')!r}])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
