"""How every command runs and ends: Ctrl-C and SIGTERM, the problems it prints (in the format
`--error-format` asks), its summary line and its exit status.

The library is imported only once a command runs, inside its Ctrl-C handling, so that an
interrupt (Ctrl-C, or SIGTERM) at any moment after start-up ends with a summary and exit status
130 (143 for SIGTERM). `serve` and `build --watch` go on until they are stopped, so for them a
stop is the normal end: a "stopped" line and exit status 0."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import BriefgenError, ConfigError, InputError, Problem, TemplateError, os_reason
from ..problem_formats import ProblemLog

if TYPE_CHECKING:
    from ..results import Report

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
STOP_SIGNALS = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}
# The signal that stopped the work: set even where a library swallowed its KeyboardInterrupt.
_stopped_by: int | None = None
# The problems of the command that runs, printed as its --error-format asks.
_problems = ProblemLog()


def problems() -> ProblemLog:
    """The problems of the command that runs."""
    return _problems


def stopped_by() -> int | None:
    """The signal that stopped the work, if one did."""
    return _stopped_by


def echo(line: str, **style: object) -> None:
    """Print a line on standard output; one that is closed (`briefgen build | head -1`) is
    silenced for the rest of the run and changes nothing else: the build goes on, and its
    exit status stays its own."""
    try:
        click.secho(line, **style)  # type: ignore[arg-type]
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def deliver(data: bytes, output: Path | None) -> None:
    """A command's result, written to `output` (atomically) or to standard output; a closed
    standard output (`briefgen actions | head -1`) changes nothing else."""
    if output is None:
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except OSError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    from ..atomic_files import write_atomically

    try:
        write_atomically(output, data)
    except OSError as e:
        _problems.add([Problem(output, f"cannot be written: {os_reason(e)}")])
        _problems.close()
        sys.exit(EXIT_FAILED)


def print_problems_as(error_format: str) -> None:
    global _problems
    _problems = ProblemLog(error_format)


def strict_note() -> str:
    count = _problems.warnings
    return f"{count} warning{'' if count == 1 else 's'} (--strict)"


def run(action: Callable[[], Report], until_stopped: bool = False) -> Report:
    """A command's work, and how it ends: a stop (Ctrl-C, SIGTERM) ends the work with a
    summary of what was finished, or, `until_stopped` (work that only a stop ends), with a
    "stopped" line and exit status 0."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)
    signal.signal(signal.SIGALRM, _stop)
    sys.unraisablehook = _unraisable
    try:
        report = action()
    except KeyboardInterrupt as e:  # Ctrl-C or SIGTERM: what was finished is complete; say so
        if until_stopped:
            _problems.close()
            echo("stopped")
            sys.exit(EXIT_OK)
        _stopped_exit(getattr(e, "report", None))
    except (ConfigError, TemplateError, InputError) as e:  # InputError: `new --from`'s file
        sys.exit(reported(e))
    for signum in (*STOP_SIGNALS, signal.SIGALRM):  # the work is done: a signal now only
        signal.signal(signum, _note_stop)  # changes how it ends
    if _stopped_by is not None:  # a stop some library swallowed: the work went on, but say so
        _stopped_exit(report)
    return report


def reported(error: BriefgenError) -> int:
    """Print the problems that stopped a command before it built anything; its exit status."""
    _problems.add(error.problems)
    _problems.close()
    if isinstance(error, ConfigError):
        return EXIT_USAGE
    if isinstance(error, TemplateError):
        click.secho("nothing built: the templates have errors", fg="red", err=True)
    return EXIT_FAILED


def _stop(signum: int, frame: object) -> None:
    _note_stop(signum, frame)
    raise KeyboardInterrupt


def _note_stop(signum: int, frame: object) -> None:
    global _stopped_by
    if signum in STOP_SIGNALS:
        _stopped_by = _stopped_by or signum


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """A stop that lands in a finaliser (`__del__`) cannot propagate: Python would print it as
    a traceback. The stop is noted and raised again a moment later, once out of the finaliser
    (SIGALRM, handled as a stop while the work runs); anything else is shown as Python would."""
    if issubclass(unraisable.exc_type, KeyboardInterrupt):
        signal.setitimer(signal.ITIMER_REAL, 0.01)
    else:
        sys.__unraisablehook__(unraisable)


def _stopped_exit(report: Report | None) -> None:
    ok = failed = 0
    if report is not None:
        ok, failed = len(report.succeeded), len(report.failed)
    _problems.close()
    signum = _stopped_by or signal.SIGINT
    click.secho(f"{STOP_SIGNALS[signum]}: {ok} built, {failed} failed", fg="red", err=True)
    sys.exit(128 + signum)


def finish(report: Report, done: str, strict: bool = False) -> None:
    sys.exit(EXIT_FAILED if summarise(report, done, strict) else EXIT_OK)


def summarise(report: Report, done: str, strict: bool = False) -> bool:
    """Print a report's problems and its summary line; whether the command failed."""
    for result in report.results + report.up_to_date:
        _problems.add(result.warnings)
        _problems.add(result.problems)
    if _stopped_by is not None:  # stopped while the results were printed
        _stopped_exit(report)
    _problems.close()
    ok, failed = len(report.succeeded), len(report.failed)
    fresh = f"{len(report.up_to_date)} up to date, " if report.up_to_date else ""
    summary = f"{ok} {done}, {fresh}{failed} failed"
    if report.skipped:
        summary += f", {len(report.skipped)} not attempted (--fail-fast)"
    if strict and _problems.warnings:
        summary += f", {strict_note()}"
    if failed or (strict and _problems.warnings):
        click.secho(summary, fg="red", err=True)
        return True
    echo(summary, fg="green")
    return False
