"""YAML syntax errors in briefgen's own words: what the file's writer should change, and where.

The pure-Python parser's errors are the ones translated (see `yaml_source.py`: libyaml's are never
shown), matched on the start of PyYAML's problem text; anything not listed is reported in plain
words, without the parser's wording, so no message depends on the installed PyYAML."""

from __future__ import annotations

import re

import yaml

from .yaml_layout import Compose, layout_mistake

# What the parser found, by the token names it gives.
TOKENS = {
    "<stream end>": "the end of the file",
    "<block mapping start>": "a new 'key: value' entry",
    "<block sequence start>": "a list entry ('- ')",
    "-": "a list entry ('- ')",
    "?": "a new 'key: value' entry",
    "<block end>": "less indented text",
    "<scalar>": "more text",
    "<document start>": "'---'",
    "<document end>": "'...'",
    "<directive>": "a '%' directive",
    "<anchor>": "an anchor (&name)",
    "<alias>": "an alias (*name)",
    "<tag>": "a tag (!name)",
    "<flow mapping end>": "'}'",
    "<flow sequence end>": "']'",
    "<flow mapping start>": "'{'",
    "<flow sequence start>": "'['",
}
FOUND = re.compile(r"but (?:found|got) '([^']*)'")
TAB_INDENT = "a tab cannot indent YAML; indent with spaces"
QUOTES = "put text that holds ': ', ' #' or starts with a special character in quotes"


def explain(
    error: yaml.MarkedYAMLError, text: str, compose: Compose
) -> tuple[str, tuple[int, int] | None]:
    """A YAML syntax error as a sentence for the file's writer, and the (1-based) line and
    column to point at; `compose` reads the lines before it, for where they may go on."""
    mistake = layout_mistake(error, text, compose)
    if mistake is not None:
        return mistake.message, (mistake.line + 1, mistake.column + 1)
    message, mark = _described(error, text)
    return message, (mark.line + 1, mark.column + 1) if mark else None


def _described(error: yaml.MarkedYAMLError, text: str) -> tuple[str, yaml.Mark | None]:
    message = _sentence(error, text)
    if error.problem == "could not find expected ':'" and error.context_mark:
        return message, error.context_mark  # the line lacking ':' rather than the one after it
    return message, error.problem_mark or error.context_mark


def _sentence(error: yaml.MarkedYAMLError, text: str) -> str:
    problem, context = error.problem or "", error.context or ""
    mark, start = error.problem_mark, error.context_mark
    if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
        return TAB_INDENT
    if "expected a single document" in context:
        return "only one YAML document per file (found a second '---')"
    opened = f" (it starts at line {start.line + 1}, column {start.column + 1})" if start else ""
    if problem.startswith(("aliases (*name)", "nested more than")):
        return problem  # briefgen's own checks, raised from the composer
    if problem.startswith("could not find expected ':'"):
        return "expected 'key: value'; this line has no ':' (or a quote left open)"
    if problem.startswith("mapping values are not allowed"):
        return f"a ': ' cannot start a new mapping here; {QUOTES}"
    if problem.startswith(("sequence entries are not allowed", "block sequence entries")):
        return "a list entry ('- ') cannot start here; check the indentation"
    if problem.startswith("mapping keys are not allowed"):
        return "a '? ' key cannot start here; put the text in quotes"
    here = text[mark.index] if mark is not None and mark.index < len(text) else "?"
    if problem.startswith("found character"):
        return f"the character {_shown(here)} cannot start a value; {QUOTES}"
    if "quoted scalar" in context and "end of stream" in problem:
        return f"a quoted text is not closed before the end of the file{opened}"
    if "quoted scalar" in context and "document separator" in problem:
        return f"a quoted text is not closed before '---' or '...'{opened}"
    if problem.startswith("found unknown escape character"):
        return (
            f"'\\{here}' is not an escape in double-quoted text; write '\\\\' for a backslash "
            "or use single quotes"
        )
    if problem.startswith("expected escape sequence"):
        return "a \\x, \\u or \\U escape needs 2, 4 or 8 hexadecimal digits"
    if problem.startswith(("found undefined tag handle", "found non-specific tag")):
        return "YAML tags (!name) are not supported"
    if problem.startswith("found undefined alias"):
        return "aliases (*name) are not supported; write the value out"
    if context.startswith("found duplicate anchor"):
        return "the same anchor (&name) is used twice; anchors are not needed"
    if "block scalar" in context:
        return "a '|' or '>' block must be followed by a line break (or '-', '+', a digit 1-9)"
    if problem.startswith("expected <block end>"):
        return f"found {_found(problem)} where the indentation does not fit{_within(start)}"
    if problem.startswith("expected ',' or ']'"):
        return f"expected ',' or ']' in the list in brackets{opened}, found {_found(problem)}"
    if problem.startswith("expected ',' or '}'"):
        return f"expected ',' or '}}' in the mapping in braces{opened}, found {_found(problem)}"
    if problem.startswith("expected the node content"):
        return f"expected a value, found {_found(problem)}"
    if problem.startswith("expected '<document start>'"):
        return f"found {_found(problem)} after the end of the meeting; check the indentation"
    if "directive" in context or "directive" in problem or "tag" in context:
        return "YAML directives and tags (%…, !…) are not supported"
    return "this is not valid YAML"


def _found(problem: str) -> str:
    match = FOUND.search(problem)
    token = match.group(1) if match else ""
    return TOKENS.get(token, f"'{token}'" if token else "something else")


def _within(start: yaml.Mark | None) -> str:
    return f" (the block starting at line {start.line + 1})" if start else ""


def _shown(char: str) -> str:
    return f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"
