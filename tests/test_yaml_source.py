"""Strict YAML reading: plain scalars stay the text typed, positions are 1-based, and everything
YAML could do behind the writer's back (aliases, tags, several documents) is refused by name."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from briefgen import yaml_source
from briefgen.yaml_source import Source, read_yaml

from conftest import run_cli, write_tree

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in tmp_path so problems read `m.yaml:…`, as users see them."""
    monkeypatch.chdir(tmp_path)


def write(text: str | bytes, name: str = "m.yaml") -> Path:
    """Write `text` (dedented) or raw bytes to `name` in the current folder."""
    path = Path(name)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def read(text: str | bytes) -> Source:
    return read_yaml(write(text))


def problems(text: str | bytes) -> list[str]:
    return [str(p) for p in read(text).problems]


# --- Scalars stay the text typed -------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    # YAML 1.1 would turn these into a bool, a sexagesimal int, an octal, a float and a date.
    ["NO", "on", "yes", "true", "1:30", "0123", "1e3", "2025-03-04", ".inf", "1_000"],
)
def test_plain_scalars_stay_the_exact_text_typed(typed: str) -> None:
    source = read(f"value: {typed}\n")
    assert source.problems == []
    assert source.data == {"value": typed}


def test_quoted_and_block_scalars() -> None:
    source = read(
        """\
        single: 'NO'
        double: "tab\\there"
        empty: ''
        word_null: 'null'
        tilde: "~"
        literal: |
          line one
          line two
        folded: >-
          folded
          together
        """
    )
    assert source.problems == []
    assert source.data == {
        "single": "NO",
        "double": "tab\there",
        "empty": "",
        "word_null": "null",
        "tilde": "~",
        "literal": "line one\nline two\n",
        "folded": "folded together",
    }


def test_lists_and_mappings_become_plain_data() -> None:
    source = read(
        """\
        people:
          - name: Alice
            tags: [a, b]
          - Bob
        """
    )
    assert source.data == {"people": [{"name": "Alice", "tags": ["a", "b"]}, "Bob"]}


def test_explicit_str_tag_is_accepted() -> None:
    source = read("a: !!str 123\n")
    assert (source.data, source.problems) == ({"a": "123"}, [])


# --- Positions -------------------------------------------------------------------------------

NESTED = """\
# a comment line
title: Budget
participants:
  - name: Alice
    title: |
      Minister
"""


def test_positions_of_values_and_keys_are_1_based() -> None:
    source = read(NESTED)
    assert source.position(("title",)) == (2, 8)
    assert source.position(("title",), key=True) == (2, 1)
    assert source.position(("participants",)) == (4, 3)
    assert source.position(("participants",), key=True) == (3, 1)
    assert source.position(("participants", 0)) == (4, 5)
    assert source.position(("participants", 0, "name")) == (4, 11)
    assert source.position(("participants", 0, "name"), key=True) == (4, 5)
    # A block scalar is located at its indicator.
    assert source.position(("participants", 0, "title")) == (5, 12)
    assert source.position(("participants", 0, "title"), key=True) == (5, 5)


def test_position_falls_back_to_the_nearest_ancestor() -> None:
    source = read(NESTED)
    # The document itself starts after the comment line.
    assert source.position(()) == (2, 1)
    assert source.position(("participants", 0, "side")) == (4, 5)
    assert source.position(("participants", 0, "side"), key=True) == (4, 5)
    assert source.position(("participants", 7, "name")) == (4, 3)
    assert source.position(("summary",)) == (2, 1)
    # A list item has no key: its own position is used.
    assert source.position(("participants", 0), key=True) == (4, 5)


# --- Refused constructs ----------------------------------------------------------------------


def test_duplicate_key_names_the_first_line() -> None:
    source = read(
        """\
        title: One
        participants:
          - name: Alice
            side: VN
            name: Alicia
        title: Two
        """
    )
    assert [str(p) for p in source.problems] == [
        "m.yaml:5:5: error: participants[0].name: duplicate key 'name' (first on line 3)",
        "m.yaml:6:1: error: title: duplicate key 'title' (first on line 1)",
    ]
    # The first value is kept.
    assert source.data["title"] == "One"
    assert source.data["participants"][0]["name"] == "Alice"


def test_aliases_are_refused() -> None:
    source = read("a: &x value\nb: *x\n")
    assert source.data is None
    assert [str(p) for p in source.problems] == [
        "m.yaml:2:4: error: aliases (*name) are not supported; write the value out"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: ok\nrun: !!python/object:os.system echo hi\n",
            "m.yaml:2:6: error: run: YAML tags (!!python/object:os.system) are not supported",
        ),
        (
            "title: ok\nn: !!int 3\n",
            "m.yaml:2:4: error: n: YAML tags (!!int) are not supported",
        ),
        (
            "title: ok\nlist:\n  - !custom x\n",
            "m.yaml:3:5: error: list[0]: YAML tags (!custom) are not supported",
        ),
    ],
)
def test_explicit_tags_are_refused(text: str, expected: str) -> None:
    source = read(text)
    assert [str(p) for p in source.problems] == [expected]
    assert source.data["title"] == "ok"


def test_tagged_value_is_not_constructed() -> None:
    source = read("run: !!python/object:os.system echo hi\n")
    assert source.data == {"run": None}


def test_several_documents_are_refused() -> None:
    assert problems("title: One\n---\ntitle: Two\n") == [
        "m.yaml:2:1: error: only one YAML document per file (found a second '---')"
    ]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_empty_file(text: str) -> None:
    source = read(text)
    assert source.data is None
    assert [str(p) for p in source.problems] == [
        "m.yaml:1:1: error: file is empty; expected a meeting (kind, title, date, …)"
    ]


def test_invalid_utf8_reports_line_and_column() -> None:
    source = read(b"kind: post-meeting\ntitle: caf\xe9\n")
    assert source.data is None
    assert [str(p) for p in source.problems] == ["m.yaml:2:11: error: file is not valid UTF-8 text"]


def test_invalid_utf8_on_the_first_line() -> None:
    assert problems(b"\xff\xfek: v\n") == ["m.yaml:1:1: error: file is not valid UTF-8 text"]


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each case read with libyaml (when this PyYAML has it) and with the pure-Python parser:
    the messages and positions must not depend on which one a machine has."""
    if request.param == "libyaml" and len(yaml_source.LOADERS) < 2:
        pytest.skip("this PyYAML is built without libyaml")
    if request.param == "python":
        monkeypatch.setattr(yaml_source, "LOADERS", yaml_source.LOADERS[-1:])
    return request.param


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "kind: post-meeting\ntitle: a: b\n",
            "2:9: error: the text after 'title:' holds ': '; put it in quotes",
            id="colon-in-plain-text",
        ),
        pytest.param(
            "title: 'open\n",
            "2:1: error: a quoted text is not closed before the end of the file (it starts at "
            "line 1, column 8)",
            id="open-quote",
        ),
        pytest.param(
            "a: 'x\n---\n'\n",
            "2:1: error: a quoted text is not closed before '---' or '...' (it starts at line 1, "
            "column 4)",
            id="quote-across-separator",
        ),
        pytest.param(
            "a: " + "[" * 5000 + "]" * 5000 + "\n",
            "1:53: error: nested more than 50 levels deep",
            id="deep-flow-nesting",
        ),
        pytest.param(
            "".join(f"{' ' * i}k{i}:\n" for i in range(60)),
            "50:50: error: nested more than 50 levels deep",
            id="deep-block-nesting",
        ),
        pytest.param(
            "title: x\n\tkind: y\n",
            "2:1: error: a tab cannot indent YAML; indent with spaces",
            id="tab",
        ),
        pytest.param(
            'title: "a\\qb"\n',
            "1:11: error: '\\q' is not an escape in double-quoted text; write '\\\\' for a "
            "backslash or use single quotes",
            id="unknown-escape",
        ),
        pytest.param(
            'title: "\\x4"\n',
            "1:11: error: a \\x, \\u or \\U escape needs 2, 4 or 8 hexadecimal digits",
            id="short-escape",
        ),
        pytest.param(
            "title: @x\n",
            "1:8: error: the character '@' cannot start a value; put text that holds ': ', ' #' "
            "or starts with a special character in quotes",
            id="reserved-character",
        ),
        pytest.param(
            "a:\n  b: 1\n c: 2\n",
            "3:2: error: this line is indented less than the key above it; line it up with 'b:'",
            id="indentation",
        ),
        pytest.param(
            "a: b\n- c\n",
            "2:1: error: found a list entry ('- ') where the indentation does not fit (the block "
            "starting at line 1)",
            id="list-in-mapping",
        ),
        pytest.param(
            "a: [1, 2\nb: 3\n",
            "2:2: error: expected ',' or ']' in the list in brackets (it starts at line 1, "
            "column 4), found ':'",
            id="open-bracket",
        ),
        pytest.param(
            "a: {x: 1\n",
            "2:1: error: expected ',' or '}' in the mapping in braces (it starts at line 1, "
            "column 4), found the end of the file",
            id="open-brace",
        ),
        pytest.param(
            "a: b\nc\nd: e\n",
            "2:1: error: this line has no ':'; add one if it starts a new key, or, if it "
            "continues the text of 'a:', indent it like that text",
            id="missing-colon",
        ),
        pytest.param(
            "a: |x\n  t\n",
            "1:5: error: a '|' or '>' block must be followed by a line break (or '-', '+', "
            "a digit 1-9)",
            id="block-scalar-header",
        ),
        pytest.param(
            "a: 1\n...\nb\n",
            "3:1: error: found more text after the end of the meeting; check the indentation",
            id="after-document-end",
        ),
        pytest.param(
            "a: &x 1\nb: &x 2\n",
            "2:4: error: the same anchor (&name) is used twice; anchors are not needed",
            id="duplicate-anchor",
        ),
        pytest.param(
            'title: "\\uD800"\n',
            "1:8: error: title: contains the character U+D800, which documents cannot hold; "
            "remove it",
            id="surrogate-escape",
        ),
        pytest.param(
            "\ufefftitle: x\n\tkind: y\n",
            "2:1: error: a tab cannot indent YAML; indent with spaces",
            id="tab-after-bom",
        ),
        pytest.param(
            "\ufefftitle: a: b\n",
            "1:9: error: the text after 'title:' holds ': '; put it in quotes",
            id="columns-after-bom",
        ),
    ],
)
def test_yaml_errors_are_briefgens_own_words(parser: str, text: str, expected: str) -> None:
    assert problems(text) == [f"m.yaml:{expected}"]


# Indentation and spacing mistakes in a real meeting file: (line to change, its new text, the
# problem). Indentation problems point at the misplaced line's first character; the others at
# the parser's position, or at the ':' that lacks its space.
SUMMARY = (ROOT / "inputs/vn-uk-reception-summary.yaml").read_text(encoding="utf-8")
LAYOUT_MISTAKES = {
    "key-too-far": (
        25,
        "     honorific: General",
        "25:6: error: this line is indented more than the key above it; line it up with 'name:'",
    ),
    "key-too-little": (
        25,
        "   honorific: General",
        "25:4: error: this line is indented less than the key above it; line it up with 'name:'",
    ),
    "top-level-key-indented": (
        4,
        " title: Reception",
        "4:2: error: this line is indented more than the key above it; line it up with 'kind:'",
    ),
    "first-key-indented": (
        3,
        " kind: post-meeting",
        "3:2: error: this line, the file's first, is indented; start it in column 1",
    ),
    "text-continues-unindented": (
        13,
        "Office delegation in Hà Nội on the day of the 3rd Viet Nam–UK Migration Dialogue,",
        "13:1: error: this line has no ':'; add one if it starts a new key, or, if it continues "
        "the text of 'summary:', indent it like that text",
    ),
    "list-entry-not-under-its-key": (
        31,
        "- id: ridley",
        "31:1: error: this list entry is indented less than the one above it; line its '-' up "
        "with the '-' on line 23",
    ),
    "list-entry-too-far": (
        31,
        "   - id: ridley",
        "31:4: error: this list entry is indented more than the one above it; line its '-' up "
        "with the '-' on line 23",
    ),
    "list-entry-at-key-level": (
        31,
        "    - id: ridley",
        "31:5: error: this list entry is indented more than the one above it; line its '-' up "
        "with the '-' on line 23",
    ),
    "no-space-after-colon": (
        25,
        "    honorific:General",
        "25:14: error: put a space after the ':' of 'honorific:'",
    ),
    "no-space-after-colon-in-list-entry": (
        23,
        "  - id:quang",
        "23:7: error: put a space after the ':' of 'id:'",
    ),
    "no-space-after-dash": (
        23,
        "  -id: quang",
        "23:3: error: put a space after the '-' that starts a list entry",
    ),
    "no-space-after-dash-of-a-later-entry": (
        31,
        "  -id: ridley",
        "31:3: error: put a space after the '-' that starts a list entry",
    ),
    "colon-in-value": (
        26,
        "    title: Minister: Public Security",
        "26:20: error: the text after 'title:' holds ': '; put it in quotes",
    ),
    "tab": (
        25,
        "\thonorific: General",
        "25:1: error: a tab cannot indent YAML; indent with spaces",
    ),
}


@pytest.mark.parametrize(
    ("line", "text", "expected"), LAYOUT_MISTAKES.values(), ids=LAYOUT_MISTAKES
)
def test_layout_mistakes_say_what_to_change(
    parser: str, line: int, text: str, expected: str
) -> None:
    lines = SUMMARY.split("\n")
    lines[line - 1] = text
    assert problems("\n".join(lines)) == [f"m.yaml:{expected}"]


def test_layout_mistake_through_the_command(tmp_path: Path) -> None:
    lines = SUMMARY.split("\n")
    lines[24] = "     honorific: General"  # line 25, one space too far
    root = write_tree(tmp_path, {"inputs/m.yaml": "\n".join(lines)})
    result = run_cli("check", "inputs", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "inputs/m.yaml:25:6: error: this line is indented more than the key above it; "
        "line it up with 'name:'"
    )


def test_both_parsers_give_the_same_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every value of the examples and fixtures is located alike with and without libyaml."""
    if len(yaml_source.LOADERS) < 2:
        pytest.skip("this PyYAML is built without libyaml")
    files = sorted(ROOT.glob("inputs/*.yaml")) + sorted(ROOT.glob("tests/fixtures/*.yaml"))
    fast = [read_yaml(f) for f in files]
    monkeypatch.setattr(yaml_source, "LOADERS", yaml_source.LOADERS[-1:])
    reference = [read_yaml(f) for f in files]
    assert files
    for a, b in zip(fast, reference, strict=True):
        assert (a.data, a.values, a.keys) == (b.data, b.values, b.keys)


def test_invalid_utf8_column_counts_characters() -> None:
    assert problems(b"kind: x\ntitle: caf\xc3\xa9 \xff\n") == [
        "m.yaml:2:13: error: file is not valid UTF-8 text"
    ]


@pytest.mark.parametrize("typed", ["", "~", "null", "Null", "NULL"])
def test_empty_and_null_values_become_none(typed: str) -> None:
    source = read(f"a: {typed}\nb: '{typed}'\n")
    assert source.problems == []
    assert source.data == {"a": None, "b": typed}


def test_unreadable_path_is_a_problem(tmp_path: Path) -> None:
    source = read_yaml(tmp_path / "missing.yaml")
    assert [p.message for p in source.problems] == ["cannot be read: no such file or folder"]


@pytest.mark.parametrize(
    ("text", "expected", "data"),
    [
        ("? [a]\n: 1\nb: 2\n", "m.yaml:1:3: error: keys must be plain text", {"b": "2"}),
        ("{a: 1}: 2\nb: 2\n", "m.yaml:1:1: error: keys must be plain text", {"b": "2"}),
        (
            "outer:\n  ? {x: 1}\n  : 1\n  b: 2\n",
            "m.yaml:2:5: error: outer: keys must be plain text",
            {"outer": {"b": "2"}},
        ),
    ],
)
def test_non_text_keys_are_refused_and_skipped(text: str, expected: str, data: dict) -> None:
    source = read(text)
    assert [str(p) for p in source.problems] == [expected]
    assert source.data == data
