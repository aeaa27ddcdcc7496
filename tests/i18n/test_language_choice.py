"""Which language a run speaks: --lang, TROTSKY_LANG, the locale, English; and English
loads neither catalog nor overlay."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game import i18n
from game.cli import main
from game.engine.model import Story
from game.engine.settings import SETTINGS_FILE
from tests.conftest import MINI, ROOT, SCENES, play_plain


@pytest.mark.parametrize(
    ("asked", "environ", "expected"),
    [
        (None, {"LANG": "es_MX.UTF-8"}, "es"),
        (None, {"LC_ALL": "es_ES.UTF-8", "LANG": "en_GB.UTF-8"}, "es"),
        (None, {"LANG": "fr_FR.UTF-8"}, "en"),  # no French catalog: English
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {}, "en"),
        (None, {"TROTSKY_LANG": "es", "LANG": "en_US.UTF-8"}, "es"),
        ("en", {"TROTSKY_LANG": "es"}, "en"),
        ("ES", {}, "es"),
    ],
)
def test_the_language_comes_from_flag_then_env_then_locale(
    asked: str | None, environ: dict[str, str], expected: str
) -> None:
    assert i18n.choose(asked, environ) == expected


def test_plain_lang_es_plays_chapter_one_in_spanish(tmp_path: Path) -> None:
    result = play_plain("help\n1\n", tmp_path, "--lang", "es", scenes=SCENES)
    assert result.returncode == 0, result.stderr
    assert "== Capítulo 1: El destierro en Siberia ==" in result.stdout
    assert "-- Desembarco en Ust-Kut --" in result.stdout
    assert "-- Lo que pasó en realidad --" in result.stdout
    assert "Fuente: Leon Trotsky, My Life (1930), ch. 9" in result.stdout
    assert "Hasta pronto." not in result.stdout  # end of input: no goodbye, as in English


def test_trotsky_lang_in_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TROTSKY_LANG", "es")
    result = play_plain("quit\n", tmp_path, scenes=SCENES)
    assert "Desembarco en Ust-Kut" in result.stdout
    assert "Hasta pronto." in result.stdout


def test_an_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--plain", "--scenes", str(MINI), "--lang", "xx"]) == 2
    assert "there is no `xx` translation (known: en, es)" in capsys.readouterr().err
    assert main(["validate", "--scenes", str(MINI), "--lang", "../x"]) == 2


def test_english_loads_no_overlay_and_no_catalog(tmp_path: Path) -> None:
    probe = (
        "import io, sys\n"
        "sys.stdin = io.StringIO('')\n"
        "from game.cli import main\n"
        f"code = main(['--plain', '--scenes', {str(MINI)!r}, '--saves', {str(tmp_path)!r}])\n"
        "from game import i18n\n"
        "sys.stderr.write(repr(('game.engine.overlay' in sys.modules, i18n.current(), code)))\n"
    )
    env = {**os.environ, "TROTSKY_LANG": "en"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert result.stderr.strip().endswith("(False, 'en', 0)"), result.stderr


def test_translate_starts_a_new_language_that_validate_then_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    scenes = tmp_path / "story"
    shutil.copytree(MINI, scenes)
    assert main(["translate", "--scenes", str(scenes), "--lang", "fr", "glossary"]) == 0
    chapter = next(p for p in scenes.glob("*.yaml") if "scenes:" in p.read_text())
    chapter_id = chapter.read_text().split("chapter:")[1].split()[0]
    assert main(["translate", "--scenes", str(scenes), "--lang", "fr", chapter_id]) == 0
    written = scenes / "fr" / chapter.name
    assert written.is_file()
    assert (
        main(["translate", "--scenes", str(scenes), "--lang", "fr", chapter_id]) == 2
    )  # no overwrite
    capsys.readouterr()

    def translated() -> tuple[int, int]:
        assert main(["validate", "--scenes", str(scenes), "--lang", "fr"]) == 0
        out = capsys.readouterr().out
        assert f"  {chapter_id}: " in out
        done, total = out.split(f"  {chapter_id}: ")[1].split(" pieces")[0].split("/")
        return int(done), int(total)

    # the starting file repeats the English: current, but nothing is translated yet
    done, total = translated()
    assert done == 0 and total > 2
    text = written.read_text(encoding="utf-8")
    heading = text.index("\ntitle:\n")
    first_title = text.index("  title: ", heading)  # the chapter's title, then the first scene's
    second_title = text.index("    title: ", first_title + 1)
    line_end = text.index("\n", second_title)
    text = text[:second_title] + '    title: "La cabane"' + text[line_end:]
    written.write_text(text, encoding="utf-8")
    assert translated() == (1, total)  # the scene now reads in French
    # a piece whose English is also the French (a name) counts once it says so
    text = text.replace("\ntitle:\n", "\ntitle:\n  same: true\n", 1)
    written.write_text(text, encoding="utf-8")
    assert translated() == (2, total)


def test_plain_mode_switches_language_at_the_same_place_and_remembers_it(
    story: Story, tmp_path: Path
) -> None:
    import io

    from game.engine.editions import Editions
    from game.engine.saves import SaveFolder
    from game.engine.session import Session
    from game.plain import PlainGame

    editions = Editions(story, SCENES)
    spanish, _ = editions.story("es")
    out = io.StringIO()
    commands = "1\n\nlanguage es\nlanguage\nlanguage en\nquit\n"
    try:
        game = PlainGame(
            Session.new(story), SaveFolder(tmp_path, story), io.StringIO(commands), out, editions
        )
        assert game.run() == 0
    finally:
        i18n.set_language(i18n.ENGLISH)
    shown = out.getvalue()
    second = game.session.state.scene
    _before, after_es = shown.split("El juego está ahora en español.")
    spoken_es, after_list = after_es.split("El juego está en español.")
    listed, spoken_en = after_list.split("The game speaks English now.")
    assert spanish.scenes[second].title in spoken_es  # the same scene, in Spanish
    assert "en (English), es (Español)" in listed
    assert story.scenes[second].title in spoken_en
    assert json.loads((tmp_path / SETTINGS_FILE).read_text())["language"] == "en"
    assert [c.scene for c in game.session.state.choices] == [story.start]
