"""Indentation and spacing mistakes named from the file's own lines: which key or list entry a
misplaced line should line up with, a missing space after ':' or '-', text that continues on a
line not indented under its key.

The parser reports these far from the mistake, in words about tokens; here the lines before the
one it stopped at are read again (they parse), and the collections still open at their end say
where the next line may start."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

# `key:value`, at the start of a line or of a list entry: a key whose ':' lacks its space (a
# ':' before '/' is a web address's, not a key's).
NO_SPACE = re.compile(r" *(?:- +)*(?P<key>[A-Za-z_][\w-]*):(?=[^\s/:])")
NO_DASH_SPACE = re.compile(r" *-(?=\w)")  # `-id: x`: a key named "-id", not a list entry
LINE_BREAK = re.compile("\r\n|\r|\n")  # YAML's, as the parser counts lines
KEY = re.compile(r" *(?:- +)*(?P<key>[^\s:#'\"-][^:#]*?):(?: |$)")


Compose = Callable[[str], yaml.Node | None]  # reads YAML text into nodes, or raises


@dataclass(frozen=True)
class Mistake:
    """What to change, and the (0-based) line and column to point at."""

    message: str
    line: int
    column: int


def layout_mistake(error: yaml.MarkedYAMLError, text: str, compose: Compose) -> Mistake | None:
    """The indentation or spacing mistake behind a YAML syntax error, when it is one of the
    common ones; `compose` reads the lines before the mistake."""
    problem, mark, start = error.problem or "", error.problem_mark, error.context_mark
    lines = LINE_BREAK.split(text)
    if problem.startswith("could not find expected ':'") and start is not None:
        return _no_space(lines, start.line) or _no_colon(lines, start.line, compose)
    if mark is None or mark.line >= len(lines):
        return None
    if problem.startswith("mapping values are not allowed"):
        above = _above(lines, mark.line)
        return (
            (_no_space(lines, above) if above is not None else None)
            or _misplaced(lines, mark.line, compose)
            or _colon_in_value(lines, mark)
        )
    if problem.startswith("expected <block end>"):
        return _misplaced(lines, mark.line, compose)
    if problem.startswith("expected '<document start>'"):
        return _indented_start(lines, mark.line, compose)
    return None


def _indented_start(lines: list[str], line: int, compose: Compose) -> Mistake | None:
    """The file's first key or list entry indented, and a later line not: the file ended,
    for the parser, at that later line."""
    opened = _open_collections(lines, line, compose)
    if not opened or opened[0].start_mark.column <= _indent(lines[line]):
        return None
    start = opened[0].start_mark
    message = "this line, the file's first, is indented; start it in column 1"
    return Mistake(message, start.line, start.column)


def _no_space(lines: list[str], line: int) -> Mistake | None:
    found = NO_SPACE.match(lines[line])
    if found is None:
        return None
    key = found.group("key")
    return Mistake(f"put a space after the ':' of '{key}:'", line, found.end() - 1)


def _no_colon(lines: list[str], line: int, compose: Compose) -> Mistake | None:
    """A line with no ':' where a key was expected: often text meant to continue the value
    above, on a line not indented under its key."""
    opened = _open_collections(lines, line, compose)
    if not opened or not isinstance(opened[-1], yaml.MappingNode):
        return None
    key, value = opened[-1].value[-1]
    if not isinstance(value, yaml.ScalarNode):
        return None
    column = _indent(lines[line])
    return Mistake(
        f"this line has no ':'; add one if it starts a new key, or, if it continues the text "
        f"of '{key.value}:', indent it like that text",
        line,
        column,
    )


def _misplaced(lines: list[str], line: int, compose: Compose) -> Mistake | None:
    """A key or list entry whose indentation matches none of the collections it could go on."""
    if NO_DASH_SPACE.match(lines[line]):
        return _no_dash_space(lines, line)
    opened = _open_collections(lines, line, compose)
    column, dash = _indent(lines[line]), lines[line].lstrip(" ").startswith("-")
    kind = yaml.SequenceNode if dash else yaml.MappingNode
    fitting = [node for node in opened if isinstance(node, kind)]
    if not fitting or any(node.start_mark.column == column for node in fitting):
        return None
    # the nearest by column, and of two as near, the deeper (the one just above)
    target = min(reversed(fitting), key=lambda node: abs(node.start_mark.column - column))
    more = "more" if column > target.start_mark.column else "less"
    if dash:
        above = target.value[-1].start_mark.line + 1
        message = (
            f"this list entry is indented {more} than the one above it; line its '-' up with "
            f"the '-' on line {above}"
        )
        return Mistake(message, line, column)
    key = target.value[-1][0]
    if NO_DASH_SPACE.match(lines[key.start_mark.line]):
        return _no_dash_space(lines, key.start_mark.line)
    message = f"this line is indented {more} than the key above it; line it up with '{key.value}:'"
    return Mistake(message, line, column)


def _no_dash_space(lines: list[str], line: int) -> Mistake:
    column = _indent(lines[line])
    return Mistake("put a space after the '-' that starts a list entry", line, column)


def _colon_in_value(lines: list[str], mark: yaml.Mark) -> Mistake | None:
    found = KEY.match(lines[mark.line])
    if found is None or found.end() > mark.column:
        return None
    key = found.group("key")
    return Mistake(f"the text after '{key}:' holds ': '; put it in quotes", mark.line, mark.column)


def _open_collections(lines: list[str], line: int, compose: Compose) -> list[yaml.Node]:
    """The block collections still open after the lines before `line`, outermost first
    (none when those lines do not parse)."""
    try:
        node = compose("\n".join(lines[:line]) + "\n")
    except (yaml.YAMLError, ValueError):
        return []
    opened = []
    while isinstance(node, yaml.CollectionNode) and node.value and not node.flow_style:
        opened.append(node)
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return opened


def _above(lines: list[str], line: int) -> int | None:
    """The nearest line before `line` with content (not blank, not only a comment)."""
    for i in range(line - 1, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
