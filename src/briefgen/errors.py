"""The errors briefgen raises: one root, a few narrow kinds, each naming its file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in one input, located by line and column (1-based) where known."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    field: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f"{self.field}: " if self.field else ""
        return CONTROLS.sub(_escaped, f"{where}: {self.severity}: {field}{self.message}")


CONTROLS = re.compile(r"[\x00-\x1f\x7f]")  # shown escaped, so that a problem is always one line


def _escaped(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


class BriefgenError(Exception):
    """Root of every error briefgen raises on purpose."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InputError(BriefgenError):
    """A meeting file could not be read or is not a valid meeting."""


class TemplateError(BriefgenError):
    """A template could not be found, parsed or rendered."""


class ResourceError(BriefgenError):
    """A document asked for a resource it may not read (outside the templates, on the network)
    or one that could not be read."""


def did_you_mean(word: str, choices: list[str]) -> str:
    """A ` (did you mean 'x'?)` hint when one of `choices` is close to `word`, else ''."""
    from difflib import get_close_matches

    close = get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class ConfigError(BriefgenError):
    """The request itself is wrong: a path that does not exist, an unknown format."""
