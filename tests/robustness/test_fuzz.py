"""Hostile story files: the real scene files mutated every way an editor, a bad merge or an
attacker could (hypothesis), and the classic YAML attacks. The loader must return findings
(or a story) and never raise; the attacks must be refused quickly, clearly and in bounded
memory."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from game.engine.findings import Finding
from game.engine.loader import load_story
from game.engine.model import Story
from tests.robustness import load_probe
from tests.robustness._support import MINI, SCENES, count

PROBE = Path(load_probe.__file__)
PEAK_MB = 200.0  # the time each attack takes is figure 8a of the benchmarks, not asserted here
FUZZ_EXAMPLES = int(os.environ.get("ROBUSTNESS_FUZZ_EXAMPLES", "300"))  # more: a deeper hunt
FUZZ_SEED = int(os.environ.get("ROBUSTNESS_FUZZ_SEED", "1917"))  # another: other cases

KEY_LINE = re.compile(rb"^(\s*(?:- )?)([A-Za-z_]+):(.*)$")

# -- mutations of a file's bytes ---------------------------------------------------------------

Mutation = Callable[[bytes, st.DataObject], bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _key_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if KEY_LINE.match(line)] or [0]


def _pick(draw: st.DataObject, items: list[int], label: str) -> int:
    return draw.draw(st.sampled_from(items), label=label)


def delete_key(data: bytes, draw: st.DataObject) -> bytes:
    lines = _lines(data)
    index = _pick(draw, _key_lines(lines), "deleted line")
    del lines[index]
    return b"\n".join(lines)


VALUES = [
    b"[1, 2]",
    b"{a: 1}",
    b"123",
    b"-7",
    b"1.5",
    b"true",
    b"yes",
    b"null",
    b"~",
    b'""',
    b"''",
    b"[]",
    b"{}",
    b".nan",
    b"-.inf",
    b"0x1F",
    b"0o17",
    b"017",
    b"1_000",
    b"190:20:30",
    b"2001-12-14",
    b"2001-12-14t21:59:43.10-05:00",
    b"!!binary aGVsbG8=",
    b"!!str 12",
    b"!!int x",
    b"!!float 1",
    b"!!bool maybe",
    b"!!null x",
    b"!!timestamp nope",
    b"!!set {a, b}",
    b"!!omap [a: 1]",
    b"!!python/name:os.system",
    b"!custom x",
    b"!<tag:x> y",
    b'"[bold]x[/]"',
    b'"\\x00"',
    b'"\\uD800"',
    b"|\n  block\n",
    b">-\n",
    b"- nested\n  - list",
    b"? complex\n: key",
    b"'unterminated",
    b'"unterminated',
    b"{unclosed",
    b"[unclosed",
    b"*undefined_alias",
    b"&anchor value",
    b"@reserved",
    b"`backtick",
    b"%directive",
    b"visited(",
    b"not not not",
    b"courage >= ",
    b"../../etc/passwd",
    b"/dev/zero",
]


def change_type(data: bytes, draw: st.DataObject) -> bytes:
    lines = _lines(data)
    index = _pick(draw, _key_lines(lines), "retyped line")
    match = KEY_LINE.match(lines[index])
    value = draw.draw(st.sampled_from(VALUES), label="new value")
    if match:
        lines[index] = match.group(1) + match.group(2) + b": " + value
    return b"\n".join(lines)


def huge_string(data: bytes, draw: st.DataObject) -> bytes:
    lines = _lines(data)
    index = _pick(draw, _key_lines(lines), "huge line")
    size = draw.draw(st.sampled_from([300, 10_000, 200_000, 1_500_000]), label="size")
    char = draw.draw(st.sampled_from([b"x", b"\xd0\x96", b"\xf0\x9f\x9a\x82", b"[", b" "]))
    match = KEY_LINE.match(lines[index])
    if match:
        lines[index] = match.group(1) + match.group(2) + b': "' + char * (size // len(char)) + b'"'
    return b"\n".join(lines)


def random_bytes(data: bytes, draw: st.DataObject) -> bytes:
    at = draw.draw(st.integers(0, len(data)), label="at")
    junk = draw.draw(st.binary(min_size=1, max_size=64), label="junk")
    return data[:at] + junk + data[at:]


def invalid_utf8(data: bytes, draw: st.DataObject) -> bytes:
    at = draw.draw(st.integers(0, len(data)), label="at")
    bad = draw.draw(
        st.sampled_from(
            [
                b"\xff",
                b"\xc3\x28",
                b"\xed\xa0\x80",
                b"\xf4\x90\x80\x80",
                b"\xc0\xaf",
                b"\x80",
                b"\xfe\xff",
                b"\xe2\x82",
            ]
        ),
        label="bad bytes",
    )
    return data[:at] + bad + data[at:]


def control_chars(data: bytes, draw: st.DataObject) -> bytes:
    at = draw.draw(st.integers(0, len(data)), label="at")
    char = draw.draw(
        st.sampled_from(
            [
                "\x00",
                "\x1b[31m",
                "\x7f",
                "\u2028",
                "\u2029",
                "\ufeff",
                "\x85",
                "\u202e",
                "\r",
                "\r\n",
                "\x0c",
                "\x08",
            ]
        ),
        label="char",
    )
    return data[:at] + char.encode() + data[at:]


def tabs(data: bytes, draw: st.DataObject) -> bytes:
    lines = _lines(data)
    indented = [i for i, line in enumerate(lines) if line.startswith(b" ")] or [0]
    index = _pick(draw, indented, "tabbed line")
    stripped = lines[index].lstrip(b" ")
    width = len(lines[index]) - len(stripped)
    lines[index] = (
        draw.draw(st.sampled_from([b"\t", b"\t" * max(1, width // 2), b" \t"])) + stripped
    )
    return b"\n".join(lines)


def duplicate_key(data: bytes, draw: st.DataObject) -> bytes:
    lines = _lines(data)
    index = _pick(draw, _key_lines(lines), "duplicated line")
    line = lines[index]
    if line.lstrip().startswith(b"- "):  # duplicate the key, not the list item
        line = line.replace(b"- ", b"  ", 1)
    lines.insert(index + 1, line)
    return b"\n".join(lines)


def anchors(data: bytes, draw: st.DataObject) -> bytes:
    lines = _lines(data)
    keys = _key_lines(lines)
    first = _pick(draw, keys, "anchored line")
    second = _pick(draw, keys, "aliased line")
    for index, edit in ((first, b"&anc "), (second, b"*anc")):
        match = KEY_LINE.match(lines[index])
        if match:
            rest = match.group(3).strip() if edit == b"&anc " else b""
            lines[index] = match.group(1) + match.group(2) + b": " + edit + rest
    if draw.draw(st.booleans(), label="merge key"):
        lines.insert(second, b"  <<: *anc")
    return b"\n".join(lines)


def deep_nesting(data: bytes, draw: st.DataObject) -> bytes:
    lines = _lines(data)
    index = _pick(draw, _key_lines(lines), "nested line")
    depth = draw.draw(st.sampled_from([1, 5, 31, 32, 33, 64, 500, 3000]), label="depth")
    shape = draw.draw(st.sampled_from(["list", "map", "open"]), label="shape")
    value = {
        "list": b"[" * depth + b"x" + b"]" * depth,
        "map": b"{a: " * depth + b"x" + b"}" * depth,
        "open": b"[" * depth,
    }[shape]
    match = KEY_LINE.match(lines[index])
    if match:
        lines[index] = match.group(1) + match.group(2) + b": " + value
    return b"\n".join(lines)


def truncate(data: bytes, draw: st.DataObject) -> bytes:
    return data[: draw.draw(st.integers(0, len(data)), label="cut at")]


def shuffle_lines(data: bytes, draw: st.DataObject) -> bytes:
    lines = _lines(data)
    a = draw.draw(st.integers(0, len(lines) - 1), label="line a")
    b = draw.draw(st.integers(0, len(lines) - 1), label="line b")
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def reindent(data: bytes, draw: st.DataObject) -> bytes:
    lines = _lines(data)
    index = draw.draw(st.integers(0, len(lines) - 1), label="reindented line")
    shift = draw.draw(st.sampled_from([-4, -2, -1, 1, 2, 7]), label="shift")
    lines[index] = b" " * shift + lines[index] if shift > 0 else lines[index][-shift:]
    return b"\n".join(lines)


def structure(data: bytes, draw: st.DataObject) -> bytes:
    extra = draw.draw(
        st.sampled_from(
            [
                b"\n---\nmore: 1\n",
                b"\n...\n",
                b"%YAML 1.1\n---\n",
                b"%TAG ! tag:evil.com,2000:\n---\n",
                b"\n? [a, b]\n: c\n",
                b"\n1: x\n",
                b"\nnull: y\n",
                b"\n[a]: b\n",
                b"\n{a: 1}: b\n",
                b"\n!!python/object/apply:os.system [echo pwned]\n",
            ]
        ),
        label="extra",
    )
    return extra + data if extra.startswith(b"%") else data + extra


def replace_all(data: bytes, draw: st.DataObject) -> bytes:
    return draw.draw(
        st.one_of(
            st.binary(max_size=512),
            st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
            st.sampled_from(
                [b"", b"~", b"[]", b"{}", b"- 1\n- 2", b"42", b"scenes:", b"---", b"\xef\xbb\xbf"]
            ),
        ),
        label="whole file",
    )


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        delete_key,
        change_type,
        huge_string,
        random_bytes,
        invalid_utf8,
        control_chars,
        tabs,
        duplicate_key,
        anchors,
        deep_nesting,
        truncate,
        shuffle_lines,
        reindent,
        structure,
        replace_all,
    )
}


def check_outcome(story: Story | None, findings: object) -> None:
    """What load_story must give back: a story, or None with at least one error."""
    from game.engine.findings import Findings

    assert isinstance(findings, Findings)
    if story is None:
        assert findings.errors, "no story and no error to say why"
    for finding in findings.items:
        assert isinstance(finding, Finding)
        assert finding.message and isinstance(finding.message, str)
        assert finding.location.line >= 1 and finding.location.column >= 1
        str(finding)
        json.dumps(finding.to_json())


# -- the fuzzer -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A copy of the real scenes, and the pristine bytes of the files the fuzzer mutates."""
    folder = tmp_path_factory.mktemp("fuzz") / "scenes"
    shutil.copytree(SCENES, folder, ignore=shutil.ignore_patterns("schema"))
    names = ["story.yaml", "glossary.yaml", *sorted(p.name for p in folder.glob("[0-9]*.yaml"))[:3]]
    if (folder / "timeline.yaml").is_file():
        names.append("timeline.yaml")
    return folder, {
        name: (folder / name).read_bytes() for name in names if (folder / name).is_file()
    }


@pytest.mark.slow
def test_mutated_real_scene_files_give_findings_never_exceptions(
    fuzz_folder: tuple[Path, dict[str, bytes]],
) -> None:
    folder, pristine = fuzz_folder
    seen: dict[str, int] = {}

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(pristine)), label="file")
        steps = data.draw(
            st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3), label="mutations"
        )
        content = pristine[name]
        for step in steps:
            content = MUTATIONS[step](content, data)
            seen[step] = seen.get(step, 0) + 1
        path = folder / name
        path.write_bytes(content)
        try:
            story, findings = load_story(folder)  # must not raise, whatever the bytes
            check_outcome(story, findings)
        finally:
            path.write_bytes(pristine[name])
        count("fuzz cases")

    seed(FUZZ_SEED)(fuzz)()
    print(f"\nfuzz cases by mutation: {dict(sorted(seen.items()))}")
    assert set(seen) == set(MUTATIONS), "some mutations never ran"


@seed(FUZZ_SEED)
@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_mutated_mini_story_gives_findings_never_exceptions(data: st.DataObject) -> None:
    """The same on the small story (all of it, and many more cases per second)."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "mini"
        shutil.copytree(MINI, folder)
        name = data.draw(st.sampled_from(["story.yaml", "one.yaml", "two.yaml"]), label="file")
        content = (folder / name).read_bytes()
        for step in data.draw(
            st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=4), label="mutations"
        ):
            content = MUTATIONS[step](content, data)
        (folder / name).write_bytes(content)
        story, findings = load_story(folder)
        check_outcome(story, findings)
    count("fuzz cases")


# -- the classic attacks, each in a fresh process, timed and measured ---------------------------

BILLION_LAUGHS = b"""chapter: one
scenes:
  - id: hut
    date: 1900-10
    place: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    title: *i
    text: *i
    ending: historical
    epilogue: *i
"""


def python_tag(marker: Path) -> bytes:
    return (
        b"chapter: one\nscenes:\n  - !!python/object/apply:os.system ['touch "
        + str(marker).encode()
        + b"']\n  - id: hut\n    title: !!python/object/new:subprocess.Popen [['touch', '"
        + str(marker).encode()
        + b"']]\n"
    )


def fifty_megabytes() -> bytes:
    line = b"  - id: filler\n    text: " + b"x" * 1000 + b"\n"
    return b"chapter: one\nscenes:\n" + line * (50 * 2**20 // len(line) + 1)


def nested(depth: int) -> bytes:
    return b"chapter: one\nscenes: " + b"[" * depth + b"]" * depth + b"\n"


def probe(
    tmp_path: Path, chapter: bytes, timeout: float = 60, trace: bool = True
) -> dict[str, object]:
    """Put `chapter` in place of the mini story's first chapter file and load it in a probe."""
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    (folder / "one.yaml").write_bytes(chapter)
    result = subprocess.run(
        [sys.executable, str(PROBE), str(folder), *([] if trace else ["--no-trace"])],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=tmp_path,
    )
    assert result.returncode == 0, (
        f"the loader process died (exit {result.returncode}): {result.stderr[-2000:]}"
    )
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["raised"] is None, report["raised"]
    return report


ATTACKS: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "billion_laughs": (lambda tmp: BILLION_LAUGHS, "yaml-alias"),
    "python_tag": (python_tag, "yaml-tag"),
    "fifty_megabytes": (lambda tmp: fifty_megabytes(), "file-too-large"),
    "nesting_10000": (lambda tmp: nested(10_000), "yaml-too-deep"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attacks_are_refused_quickly_in_bounded_memory(tmp_path: Path, attack: str) -> None:
    marker = tmp_path / "PWNED"
    make, code = ATTACKS[attack]
    report = probe(tmp_path, make(marker))
    errors = "\n".join(report["errors"])  # type: ignore[arg-type]
    assert report["loaded"] is False
    assert code in report["codes"], errors  # type: ignore[operator]
    assert "one.yaml" in errors  # the message says which file
    assert report["peak_mb"] < PEAK_MB, report  # type: ignore[operator]
    assert report["traced_peak_mb"] < PEAK_MB, report  # type: ignore[operator]
    assert not marker.exists(), "a YAML tag ran code"
    print(f"\n{attack}: refused in {report['seconds']} s, peak {report['peak_mb']} MB")
    count("hostile story files refused")


def test_nesting_100000_deep_is_refused_not_a_crash(tmp_path: Path) -> None:
    report = probe(tmp_path, nested(100_000))
    assert report["codes"] == ["yaml-too-deep"], report["errors"]
    count("hostile story files refused")


@pytest.mark.slow
def test_a_file_of_a_million_tiny_values_stays_bounded(tmp_path: Path) -> None:
    size = 2**20
    chapter = b"chapter: one\nscenes: [" + b"a," * (size // 2) + b"a]\n"
    report = probe(tmp_path, chapter, trace=False)
    print(
        f"\nhalf a million values: {report['seconds']} s, peak {report['peak_mb']} MB, "
        f"{report['error_count']} errors"
    )
    assert report["loaded"] is False
    assert report["peak_mb"] < PEAK_MB, report["peak_mb"]
    assert report["error_count"] < 1000, report["error_count"]  # type: ignore[operator]


def test_chapter_files_outside_the_folder_or_not_files_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    secret = tmp_path / "secret.yaml"
    secret.write_text("chapter: two\nscenes: []\n")
    (folder / "link.yaml").symlink_to(secret)
    (folder / "zero.yaml").symlink_to("/dev/zero")
    manifest = (folder / "story.yaml").read_text()
    manifest = manifest.replace("file: two.yaml", "file: ../secret.yaml")
    manifest += "  # not reached\n"
    manifest = manifest.replace(
        "chapters:\n",
        "chapters:\n"
        "  - { id: abs, title: Abs, file: /etc/passwd }\n"
        "  - { id: link, title: Link, file: link.yaml }\n"
        "  - { id: zero, title: Zero, file: zero.yaml }\n"
        "  - { id: dir, title: Dir, file: . }\n",
    )
    (folder / "story.yaml").write_text(manifest)
    (folder / "glossary.yaml").symlink_to("/dev/zero")  # never read: not a regular file
    story, findings = load_story(folder)
    assert story is None
    messages = "\n".join(str(f) for f in findings.errors)
    # ../secret.yaml, /etc/passwd, link.yaml -> outside, zero.yaml -> /dev/zero, `.` itself
    assert messages.count("chapter files must be inside the scenes folder") == 5  # `.` too
    count("hostile story files refused", 5)


@pytest.mark.parametrize("missing", ["answer", "options", "question"])
def test_quiz_question_missing_its_answer_is_a_finding(tmp_path: Path, missing: str) -> None:
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    fields = {
        "question": "question: Where did he go?",
        "options": "options: [Out, In]",
        "answer": "answer: 1",
    }
    del fields[missing]
    quiz = "quiz:\n  - " + "\n    ".join([*fields.values(), "explain: He went out."]) + "\n"
    one = folder / "one.yaml"
    one.write_text(one.read_text(encoding="utf-8") + quiz, encoding="utf-8")
    story, findings = load_story(folder)  # raised KeyError in read_quiz (found by the fuzzer)
    assert story is None
    assert any(f"missing `{missing}`" in str(f) for f in findings.errors)


def test_compact_block_nesting_is_refused_not_a_crash(tmp_path: Path) -> None:
    report = probe(tmp_path, b"chapter: one\nscenes:\n" + b"- " * 100_000 + b"x\n")
    assert report["codes"] == ["yaml-too-deep"], report["errors"]
    count("hostile story files refused")
