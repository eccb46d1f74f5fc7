"""What a build or a check tells its caller: a result per input, the report of the whole run,
and the progress it reports as it goes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .errors import Problem


@dataclass
class Result:
    """What became of one input: the files written, or the problems that stopped it, and
    warnings about what was built."""

    input: Path
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Report:
    """The results of one build or check, in input order; `skipped`: inputs not attempted
    (after a failure, with fail_fast); `up_to_date`: inputs whose briefs were already built."""

    results: list[Result]
    skipped: list[Path] = field(default_factory=list)
    up_to_date: list[Result] = field(default_factory=list)  # not built: nothing they need changed

    @property
    def succeeded(self) -> list[Result]:
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.ok]


class Interrupted(KeyboardInterrupt):
    """The build was interrupted (Ctrl-C); `report` holds what was finished before it."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report


class Progress(Protocol):
    """What a build says as it goes (the command line shows it as a bar or as lines): how many
    briefs it is to build, the brief it waits for, and each result as soon as it is final."""

    def start(self, total: int) -> None: ...

    def building(self, path: Path) -> None: ...

    def done(self, result: Result) -> None: ...


class Silent:
    """The progress of a build nobody watches."""

    def __enter__(self) -> Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def start(self, total: int) -> None:
        pass

    def building(self, path: Path) -> None:
        pass

    def done(self, result: Result) -> None:
        pass
