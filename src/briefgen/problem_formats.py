"""How the command line prints problems (`--error-format`): for people, for GitHub Actions, or
as JSON for other tools. Every format is printed on standard error, so that a command's own
output (`briefgen actions` writes CSV or JSON on standard output) is never mixed with it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import click

from .errors import SURROGATES, Problem, printable

COLOURS = {"error": "red", "warning": "yellow"}
GITHUB_LEVELS = ("error", "warning", "notice")  # the annotations GitHub shows
GITHUB_TITLE = "briefgen"


def text(problem: Problem) -> str:
    """`file:line:col: error: field: message`, as briefgen has always printed a problem."""
    return str(problem)


def github(problem: Problem) -> str:
    """A GitHub Actions workflow command, which the runner shows as an annotation on the file:
    `::error file=inputs/m.yaml,line=12,col=5,title=briefgen::field: message`."""
    level = problem.severity if problem.severity in GITHUB_LEVELS else "error"
    properties = {"file": str(problem.path), "line": problem.line, "col": problem.column}
    properties["title"] = GITHUB_TITLE
    listed = ",".join(
        f"{name}={_github_property(str(value))}"
        for name, value in properties.items()
        if value is not None
    )
    field = f"{problem.field}: " if problem.field else ""
    return f"::{level} {listed}::{_github_data(field + problem.message)}"


def _github_data(value: str) -> str:
    # GitHub's escapes, then briefgen's for whatever else would not print
    escaped = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _github_property(value: str) -> str:
    return _github_data(value).replace(":", "%3A").replace(",", "%2C")


def as_dict(problem: Problem) -> dict[str, object]:
    """A problem as a JSON object; null where the line, the column or the field is unknown.

    The strings are the problem's own text (JSON escapes its controls), but for the bytes of a
    file name that is not UTF-8, which are shown as the text format shows them (`\\x80`)."""
    return {
        "file": printable(str(problem.path), SURROGATES),
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "field": printable(problem.field, SURROGATES) or None,
        "message": printable(problem.message, SURROGATES),
    }


def json_array(problems: Sequence[Problem]) -> str:
    """Every problem of a command in one JSON array, on one line."""
    return json.dumps([as_dict(p) for p in problems], ensure_ascii=False)


@dataclass(frozen=True)
class ProblemFormat:
    """One line per problem as it comes (`line`), or all of them at once at the end (`whole`);
    `coloured`: whether a terminal shows it in colour (by severity)."""

    line: Callable[[Problem], str] | None = None
    whole: Callable[[Sequence[Problem]], str] | None = None
    coloured: bool = False


PROBLEM_FORMATS: dict[str, ProblemFormat] = {
    "text": ProblemFormat(line=text, coloured=True),
    "github": ProblemFormat(line=github),
    "json": ProblemFormat(whole=json_array),
}
DEFAULT_FORMAT = "text"


class ProblemLog:
    """The problems of one command, printed on standard error in one of the PROBLEM_FORMATS:
    each line as it is added, or all of them by `close` (called once the command is done; called
    again, it does nothing). It counts the errors and the warnings."""

    def __init__(self, name: str = DEFAULT_FORMAT) -> None:
        self.format = PROBLEM_FORMATS[name]
        self.problems: list[Problem] = []
        self.closed = False

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.problems.append(problem)
            if self.format.line is not None:
                colour = COLOURS.get(problem.severity) if self.format.coloured else None
                click.secho(self.format.line(problem), fg=colour, err=True)

    def close(self) -> None:
        if not self.closed and self.format.whole is not None:
            click.echo(self.format.whole(self.problems), err=True)
        self.closed = True

    @property
    def errors(self) -> int:
        return sum(p.severity != "warning" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)
