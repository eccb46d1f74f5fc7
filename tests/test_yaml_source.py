"""Strict YAML reading: plain scalars stay the text typed, positions are 1-based, and everything
YAML could do behind the writer's back (aliases, tags, several documents) is refused by name."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from briefgen.yaml_source import Source, read_yaml


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


def test_syntax_error_reports_line_and_column() -> None:
    message = (
        "mapping values are not allowed in this context"  # libyaml
        if yaml.__with_libyaml__
        else "mapping values are not allowed here"
    )
    source = read("kind: post-meeting\ntitle: a: b\n")
    assert source.data is None
    assert [str(p) for p in source.problems] == [f"m.yaml:2:9: error: {message}"]


def test_unclosed_quote_names_where_the_quote_opened() -> None:
    assert problems("title: 'open\n") == [
        "m.yaml:2:1: error: found unexpected end of stream, while scanning a quoted scalar"
        " that starts at line 1, column 8"
    ]


def test_invalid_utf8_column_counts_characters() -> None:
    assert problems(b"kind: x\ntitle: caf\xc3\xa9 \xff\n") == [
        "m.yaml:2:13: error: file is not valid UTF-8 text"
    ]


@pytest.mark.parametrize("typed", ["", "~", "null", "Null", "NULL"])
def test_empty_and_null_values_become_none(typed: str) -> None:
    source = read(f"a: {typed}\nb: '{typed}'\n")
    assert source.problems == []
    assert source.data == {"a": None, "b": typed}


def test_deep_nesting_is_refused() -> None:
    assert problems("a: " + "[" * 5000 + "]" * 5000 + "\n") == [
        "m.yaml:1:53: error: nested more than 50 levels deep"
    ]


def test_unreadable_path_is_a_problem(tmp_path: Path) -> None:
    source = read_yaml(tmp_path / "missing.yaml")
    assert [p.message for p in source.problems] == ["cannot be read: No such file or directory"]


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
