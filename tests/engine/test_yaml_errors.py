"""YAML syntax errors in the author's words: the same code, place and sentence whatever the parser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from yaml.error import Mark
from yaml.scanner import ScannerError

from game.cli import main
from game.engine import yamlerrors, yamlsource
from game.engine.findings import Findings
from game.engine.loader import load_story

SCENE = """chapter: one
scenes:
  - id: yard
    date: "1902"
    place: Yard
    title: The yard
    text: You stand in the yard.
    choices:
      - text: Go out
        goto: road
"""

# name -> (the mistake: old line, new line), (code, line, column of the spot)
MISTAKES = {
    "key_indented_deeper": (("        goto", "          goto"), ("yaml-indent", 10, 11)),
    "key_between_levels": (("        goto", "       goto"), ("yaml-indent", 10, 8)),
    "key_under_the_dash": (("        goto", "     goto"), ("yaml-indent", 10, 6)),
    "key_lined_up_with_dash": (("      - text", "        - text"), ("yaml-indent", 10, 9)),
    "dash_without_space": (("      - text", "      -text"), ("yaml-indent", 9, 7)),
    "tab_indent": (("        goto", "\tgoto"), ("yaml-tab", 10, 1)),
    "colon_in_value": (("title: The yard", "title: Trotsky: the yard"), ("yaml-colon", 6, 19)),
    "no_space_after_colon": (("goto: road", "goto:road"), ("yaml-colon", 10, 14)),
    "key_without_colon": (("place: Yard", "place Yard"), ("yaml-colon", 5, 5)),
    "quote_never_closed": (("title: The yard", 'title: "The yard'), ("yaml-quote", 6, 12)),
    "quote_inside_quotes": (
        ("title: The yard", 'title: "The "yard" of it"'),
        ("yaml-quote", 6, 17),
    ),
    "apostrophe_in_single_quotes": (
        ("title: The yard", "title: 'Trotsky's yard'"),
        ("yaml-quote", 6, 20),
    ),
    "bracket_never_closed": (("title: The yard", "title: [The yard"), ("yaml-unclosed", 6, 12)),
    "value_starts_with_at": (("title: The yard", "title: @yard"), ("yaml-reserved-char", 6, 12)),
    "value_starts_with_backtick": (
        ("title: The yard", "title: `yard`"),
        ("yaml-reserved-char", 6, 12),
    ),
}


def _error(text: str, loader: type) -> yaml.MarkedYAMLError:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(text, Loader=loader)
    return caught.value


@pytest.mark.parametrize("case", MISTAKES)
def test_common_mistakes_are_explained_alike_by_both_parsers(case: str) -> None:
    (old, new), expected = MISTAKES[case]
    text = SCENE.replace(old, new, 1)
    said = [
        yamlerrors.explain(text, _error(text, loader), yamlsource.MAX_DEPTH)
        for loader in (yaml.CSafeLoader, yaml.SafeLoader)
    ]
    assert (said[0].code, said[0].line, said[0].column) == expected, said[0]
    assert said[0] == said[1]  # libyaml's and PyYAML's own words never reach the author


def test_a_syntax_error_shows_the_line_and_a_caret_under_the_spot() -> None:
    text = SCENE.replace("title: The yard", "title: Trotsky: the yard")
    findings = Findings()
    assert yamlsource.parse_yaml(text.encode(), "one.yaml", findings) is None
    (finding,) = findings.items
    number_line, caret_line = finding.excerpt.splitlines()
    assert number_line.endswith("|     title: Trotsky: the yard")
    assert caret_line.index("^") == number_line.index("Trotsky:") + len("Trotsky")
    assert finding.render().splitlines()[1:] == [number_line, caret_line]
    assert finding.render().splitlines()[0].endswith("[yaml-colon]")


@pytest.mark.parametrize(
    "problem",
    [
        "exceeded maximum nesting depth",  # PyYAML 6.0.4's libyaml
        "something a future libyaml says",  # any words: the text is what is judged
    ],
    ids=["libyaml_6_0_4_words", "other_words"],
)
def test_the_parsers_own_depth_error_becomes_ours(problem: str) -> None:
    text = "a: " + "[" * 1001 + "]" * 1001
    mark = Mark("one.yaml", 1003, 0, 1003, None, None)
    error = ScannerError("while increasing flow level", mark, problem, mark)
    said = yamlerrors.explain(text, error, yamlsource.MAX_DEPTH)
    assert said.code == "yaml-too-deep"
    assert said.message == f"nesting deeper than {yamlsource.MAX_DEPTH} levels"


@pytest.mark.parametrize(
    "text",
    ["[" * 5_000 + "]" * 5_000, "- " * 2_000 + "x", "{" * 1_500 + "}" * 1_500],
    ids=["flow_lists_5000", "block_lists_2000", "flow_maps_1500"],
)
def test_deep_nesting_is_one_finding_with_our_code(text: str) -> None:
    findings = Findings()
    assert yamlsource.parse_yaml(text.encode(), "one.yaml", findings) is None
    assert findings.codes == ["yaml-too-deep"]


def test_a_broken_file_brings_no_follow_on_errors(mini_copy: Path) -> None:
    """The broken file declared `escaped`; another file reads it: no false "unknown variable"."""
    manifest, one = mini_copy / "story.yaml", mini_copy / "one.yaml"
    manifest.write_text(manifest.read_text().replace("  escaped: { default: false }\n", ""))
    declared = one.read_text().replace(
        "scenes:", "variables:\n  escaped: { default: false }\nscenes:", 1
    )
    one.write_text(declared)
    assert load_story(mini_copy)[0] is not None  # declared there, read in two.yaml
    one.write_text(declared.replace("title: The hut", 'title: "The hut', 1))
    story, findings = load_story(mini_copy)
    assert story is None
    assert [f.code for f in findings.errors] == ["yaml-quote"]
    assert [f.code for f in findings.warnings] == ["checks-skipped"]


def test_validate_prints_the_spot_and_one_error(
    mini_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As an author sees it: the finding, the line with a caret, and the counts in words."""
    one = mini_copy / "one.yaml"
    one.write_text(one.read_text().replace("        goto: yard\n", "          goto: yard\n", 1))
    assert main(["validate", "--scenes", str(mini_copy)]) == 1
    printed = capsys.readouterr().out.splitlines()
    [error] = [i for i, line in enumerate(printed) if ": error: " in line]
    assert printed[error].endswith("[yaml-indent]")
    assert printed[error + 1].endswith("|           goto: yard")
    assert printed[error + 2].endswith("|           ^")
    assert printed[-1].endswith(": 1 error, 1 warning; the story cannot be played")


def test_a_control_character_is_found_where_it_is() -> None:
    """libyaml counts bytes and PyYAML characters: the place is ours, after the accents."""
    findings = Findings()
    assert yamlsource.parse_yaml("éé: b\x01c\n".encode(), "one.yaml", findings) is None
    [finding] = findings.items
    assert (finding.code, finding.location.line, finding.location.column) == (
        "file-control-char",
        1,
        6,
    )
