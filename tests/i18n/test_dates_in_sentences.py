"""A date after other words follows its language's capitals: Spanish writes months and
seasons in lower case, English keeps them as written."""

from __future__ import annotations

from pathlib import Path

from game import i18n
from game.present.dates import within_sentence
from tests.conftest import SCENES, play_plain


def test_a_spanish_date_is_lowered_after_other_words_and_english_is_kept() -> None:
    i18n.set_language("es")
    try:
        assert within_sentence("Octubre de 1902") == "octubre de 1902"
        assert within_sentence("Verano de 1917") == "verano de 1917"
        assert within_sentence("1902") == "1902"
        assert within_sentence("URSS, 1929") == "URSS, 1929"  # an initialism stays
    finally:
        i18n.set_language(i18n.ENGLISH)
    assert within_sentence("Autumn 1900") == "Autumn 1900"
    assert within_sentence("October 1902") == "October 1902"


def test_the_plain_face_says_place_then_date_in_spanish(tmp_path: Path) -> None:
    done = play_plain(
        "q\n", tmp_path, "--lang", "es", "--start", "isk_holford_square", scenes=SCENES
    )
    assert "Holford Square, Pentonville, Londres, octubre de 1902" in done.stdout, done.stdout
