"""How `briefgen build` shows its progress: a bar on a terminal, plain lines elsewhere (a log,
a pipe, CI), nothing with -q. Problems are not shown here: the command prints them, in the
format asked for, when the build is done."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .results import Result


class Lines:
    """One line per brief built (`input -> outputs`), as soon as it is written; `verbose`: a
    line for each brief that failed too."""

    def __init__(self, echo: Callable[[str], None], verbose: bool = False) -> None:
        self.echo, self.verbose = echo, verbose

    def __enter__(self) -> Lines:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def start(self, total: int) -> None:
        if self.verbose:
            self.echo(f"building {total} brief{'' if total == 1 else 's'}")

    def building(self, path: Path) -> None:
        pass

    def done(self, result: Result) -> None:
        if result.outputs:
            self.echo(f"{result.input} -> {', '.join(str(p) for p in result.outputs)}")
        elif self.verbose:
            self.echo(f"{result.input}: failed")


class Bar:
    """A progress bar (rich) with the brief being built, the count and the time left; it is
    gone once the build ends, and the summary stays. `verbose`: the lines of `Lines` above it."""

    def __init__(self, verbose: bool = False) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("building"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.description}"),
            transient=True,
            auto_refresh=False,  # no thread of its own: the build forks its workers
        )
        self.task = self.bar.add_task("", total=None)
        echo = self.bar.console.print
        self.lines = Lines(lambda t: echo(t, markup=False, highlight=False)) if verbose else None

    def __enter__(self) -> Bar:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def start(self, total: int) -> None:
        self.bar.update(self.task, total=total, refresh=True)
        if self.lines:
            self.lines.start(total)

    def building(self, path: Path) -> None:
        self.bar.update(self.task, description=str(path), refresh=True)

    def done(self, result: Result) -> None:
        self.bar.update(self.task, advance=1, refresh=True)
        if self.lines:
            self.lines.done(result)
