"""The command line: a thin layer over the library that owns printing and exit codes.

The library is imported only once a command runs, inside its Ctrl-C handling, so that an
interrupt (Ctrl-C, or SIGTERM) at any moment after start-up ends with a summary and exit status
130 (143 for SIGTERM). `serve` and `build --watch` go on until they are stopped, so for them a
stop is the normal end: a "stopped" line and exit status 0."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import BriefgenError, ConfigError, InputError, Problem, TemplateError, os_reason
from .options import (
    ACTION_FORMATS,
    ACTION_STATUSES,
    DEFAULT_FORMATS,
    FORMATS,
    PAPER_SIZES,
    PDF_VARIANTS,
    SCHEMA_KINDS,
)
from .problem_formats import DEFAULT_FORMAT, PROBLEM_FORMATS, ProblemLog

if TYPE_CHECKING:
    from datetime import datetime

    from .results import Report
    from .shards import Shard
    from .tracker import Tracker
    from .watch import Rebuild
    from .workspace import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
STOP_SIGNALS = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}
# The signal that stopped the work: set even where a library swallowed its KeyboardInterrupt.
_stopped_by: int | None = None
# The problems of the command that runs, printed as its --error-format asks.
_problems = ProblemLog()


def _one_or_more(choices: tuple[str, ...]) -> Callable[..., tuple[str, ...]]:
    """A callback reading a comma-separated option whose values must be among `choices`."""

    def callback(
        ctx: click.Context, param: click.Parameter, value: str | None
    ) -> tuple[str, ...] | None:
        if value is None:
            return None  # not given: the workspace file's, or briefgen's default
        given = tuple(dict.fromkeys(f.strip() for f in value.split(",") if f.strip()))
        if not given or any(f not in choices for f in given):
            listed = ", ".join(choices)
            raise click.BadParameter(f"'{value}': give one or more of {listed}, comma-separated")
        return given

    return callback


def _shard(ctx: click.Context, param: click.Parameter, value: str | None) -> Shard | None:
    if value is None:
        return None
    from .shards import Shard

    try:
        return Shard.parse(value)
    except ConfigError as e:
        raise click.BadParameter(e.problems[0].message) from None


PEOPLE_OPTION = click.option(
    "--people",
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
    help="The register of people meeting files name by id [default: ./people.yaml if present].",
)


CONFIG_OPTION = click.option(
    "--config",
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
    help="The workspace file [default: briefgen.yaml here or in the nearest parent folder].",
)
TEMPLATES_OPTION = click.option(
    "--templates",
    type=click.Path(file_okay=False, readable=False, path_type=Path),
    help="Folder of templates overriding the defaults by name [default: ./templates if present].",
)


def _settings(config: Path | None, **flags: object) -> Settings:
    """The workspace's settings with the flags given laid over them (inside a command's work,
    where a broken workspace file is reported like any problem)."""
    from .workspace import Settings

    return Settings.resolve(config, **flags)


def problem_options(command: Callable[..., None]) -> Callable[..., None]:
    """--error-format and --strict, which every command that reads meeting files takes."""
    command = click.option("--strict", is_flag=True, help="Fail (exit status 1) on warnings too.")(
        command
    )
    return click.option(
        "--error-format",
        type=click.Choice(list(PROBLEM_FORMATS)),
        default=DEFAULT_FORMAT,
        show_default=True,
        help="How problems are printed: text (for people), github (GitHub Actions annotations) "
        "or json (one array, at the end).",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen", prog_name="briefgen")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn YAML meeting summaries into finished DOCX and PDF briefs."""
    if os.environ.get("NO_COLOR"):  # https://no-color.org: set and not empty
        ctx.color = False


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(readable=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, readable=False, path_type=Path),
    help="Folder to write the briefs to [default: output].",
)
@click.option(
    "-f",
    "--format",
    "formats",
    callback=_one_or_more(FORMATS),
    help=f"Comma-separated formats: {', '.join(FORMATS)} [default: {','.join(DEFAULT_FORMATS)}].",
)
@TEMPLATES_OPTION
@click.option(
    "--paper",
    type=click.Choice(list(PAPER_SIZES), case_sensitive=False),
    help="Paper size of both formats [default: a4].",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS, case_sensitive=False),
    help="Write PDF/A (archiving) or PDF/UA (accessibility) documents.",
)
@PEOPLE_OPTION
@CONFIG_OPTION
@click.option("--force", is_flag=True, help="Build every brief, even those up to date.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes laying the briefs out [default: one per CPU].",
)
@click.option(
    "--shard",
    callback=_shard,
    metavar="K/N",
    help="Build only the K-th of N shares of the inputs (whole series each), as one of N machines.",
)
@click.option("--fail-fast", is_flag=True, help="Stop at the first input that fails.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also say what is up to date, and what failed, as it goes.",
)
@click.option(
    "--watch", is_flag=True, help="Build again whenever a file the briefs are made from changes."
)
@problem_options
def build_command(
    paths: tuple[Path, ...],
    output_dir: Path | None,
    formats: tuple[str, ...] | None,
    templates: Path | None,
    paper: str | None,
    pdf_variant: str | None,
    people: Path | None,
    config: Path | None,
    force: bool,
    jobs: int | None,
    shard: Shard | None,
    fail_fast: bool,
    quiet: bool,
    verbose: bool,
    watch: bool,
    error_format: str,
    strict: bool,
) -> None:
    """Build a brief for every meeting file in PATHS (files or folders; default: the workspace
    file's inputs, else inputs/). On a terminal, a progress bar shows how far it is; elsewhere,
    a line for each brief built."""
    _print_problems_as(error_format)

    def resolve() -> Settings:
        return _settings(
            config,
            inputs=paths,
            output=output_dir,
            formats=formats,
            templates=templates,
            people=people,
            paper=paper.lower() if paper else None,
            pdf_variant=pdf_variant.lower() if pdf_variant else None,
            jobs=jobs,
        )

    def action() -> Report:
        from .progress import Bar, Lines
        from .results import Silent

        if quiet:
            shown = Silent()
        elif sys.stdout.isatty():
            shown = Bar(verbose)
        else:
            shown = Lines(_echo, verbose)
        with shown:
            report = resolve().build(fail_fast, force, shard, shown)
        if verbose:
            for result in report.up_to_date:
                _echo(f"{result.input}: up to date")
        return report

    def watch_action() -> None:
        builds = _watched(resolve, error_format, quiet, strict, fail_fast=fail_fast, force=force)
        next(builds)
        _echo("watching for changes (Ctrl-C stops)")
        for _ in builds:
            pass

    if watch:  # ends only when stopped
        _run(watch_action, until_stopped=True)  # type: ignore[arg-type]
    _finish(_run(action), "built", strict)


@main.command("serve")
@click.argument("paths", nargs=-1, type=click.Path(readable=False, path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to serve on; any other than 127.0.0.1 may show the briefs to other machines.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to serve on (0: any free port).",
)
@TEMPLATES_OPTION
@PEOPLE_OPTION
@CONFIG_OPTION
def serve_command(
    paths: tuple[Path, ...],
    host: str,
    port: int,
    templates: Path | None,
    people: Path | None,
    config: Path | None,
) -> None:
    """Preview the briefs of the meeting files in PATHS (default: the workspace file's inputs,
    else inputs/) in a browser, at http://HOST:PORT/: built as HTML into a temporary folder, and
    built again whenever a file they are made from changes; an open page then reloads itself.
    Ctrl-C stops."""

    def action() -> None:
        from .serve import previewing

        with previewing(host, port) as (preview, url):

            def resolve() -> Settings:
                return _settings(
                    config,
                    inputs=paths,
                    output=preview.folder,
                    formats=("html",),
                    templates=templates,
                    people=people,
                )

            builds = _watched(resolve, quiet=True)
            preview.publish(next(builds))
            _echo(f"serving the briefs on {url} (Ctrl-C stops)")
            for rebuild in builds:
                preview.publish(rebuild)

    _run(action, until_stopped=True)  # type: ignore[arg-type]


def _watched(
    resolve: Callable[[], Settings],
    error_format: str = DEFAULT_FORMAT,
    quiet: bool = False,
    strict: bool = False,
    **flags: bool,
) -> Iterator[Rebuild]:
    """The builds of a watch (see `watch.py`), each once its problems and summary are printed."""
    from .progress import Lines
    from .watch import rebuilds

    lines = Lines(_echo)
    for rebuild in rebuilds(resolve, **flags):
        if _stopped_by is not None:  # a stop some library swallowed
            raise KeyboardInterrupt
        _print_problems_as(error_format)
        if rebuild.report is not None:
            if not quiet:
                for result in rebuild.report.results:
                    lines.done(result)
            _summarise(rebuild.report, "built", strict)
        elif rebuild.error is not None:
            _reported(rebuild.error)
        yield rebuild


def _echo(line: str, **style: object) -> None:
    """Print a line on standard output; one that is closed (`briefgen build | head -1`) is
    silenced for the rest of the run and changes nothing else: the build goes on, and its
    exit status stays its own."""
    try:
        click.secho(line, **style)  # type: ignore[arg-type]
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(readable=False, path_type=Path))
@click.option(
    "--templates",
    type=click.Path(file_okay=False, readable=False, path_type=Path),
    help="Folder of templates (for their labels and fonts) [default: ./templates if present].",
)
@PEOPLE_OPTION
@CONFIG_OPTION
@problem_options
def check_command(
    paths: tuple[Path, ...],
    templates: Path | None,
    people: Path | None,
    config: Path | None,
    error_format: str,
    strict: bool,
) -> None:
    """Validate meeting files, and their series, without building anything (default: the
    workspace file's inputs, else inputs/)."""
    _print_problems_as(error_format)

    def action() -> Report:
        return _settings(config, inputs=paths, templates=templates, people=people).check()

    _finish(_run(action), "valid", strict)


@main.command("actions")
@click.argument("paths", nargs=-1, type=click.Path(readable=False, path_type=Path))
@click.option("--series", help="Only the actions of this series.")
@click.option(
    "--status",
    "statuses",
    default="open,in-progress",
    show_default=True,
    callback=_one_or_more(ACTION_STATUSES),
    help=f"Comma-separated statuses: {', '.join(ACTION_STATUSES)}.",
)
@click.option("--overdue", is_flag=True, help="Only the actions overdue (see --as-of).")
@click.option("--owner", help="Only the actions whose owner contains this text (any case).")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day an action is overdue after its due date [default: today].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ACTION_FORMATS),
    default="table",
    show_default=True,
    help="table (for a terminal), csv, json or ics (iCalendar tasks).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option(
    "--fail-on-overdue", is_flag=True, help="Exit with status 1 when any action listed is overdue."
)
@PEOPLE_OPTION
@CONFIG_OPTION
@problem_options
def actions_command(
    paths: tuple[Path, ...],
    series: str | None,
    statuses: tuple[str, ...],
    overdue: bool,
    owner: str | None,
    as_of: datetime | None,
    fmt: str,
    output: Path | None,
    fail_on_overdue: bool,
    people: Path | None,
    config: Path | None,
    error_format: str,
    strict: bool,
) -> None:
    """List the actions of every series in PATHS in their latest state (default: the workspace
    file's inputs, else inputs/): what is open, and what is overdue, across all meetings."""
    _print_problems_as(error_format)

    def action() -> Tracker:
        return _settings(config, inputs=paths, people=people).actions(
            series=series,
            statuses=statuses,
            overdue=overdue,
            owner=owner,
            as_of=as_of.date() if as_of else None,
        )

    tracker = _run(action)  # type: ignore[arg-type]
    from .exports import EXPORTS

    _problems.add(tracker.problems)
    _deliver(EXPORTS[fmt](tracker), output)
    _problems.close()
    if strict and _problems.warnings:
        click.secho(_strict_note(), fg="red", err=True)
    failed = _problems.errors or (strict and _problems.warnings)  # warnings fail if --strict
    failed = failed or (fail_on_overdue and bool(tracker.overdue))
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


@main.command("schema")
@click.argument("kind", type=click.Choice(SCHEMA_KINDS), default="meeting")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
def schema_command(kind: str, output: Path | None) -> None:
    """Print the JSON Schema of meeting files (or of the workspace file, briefgen.yaml), for
    editors to complete and check them."""

    def action() -> str:
        from .schema import schema_text

        return schema_text(kind)

    text: str = _run(action)  # type: ignore[arg-type, assignment]
    _deliver(text.encode("utf-8"), output)


@main.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
def init_command(folder: Path) -> None:
    """Make FOLDER (default: here) a workspace: briefgen.yaml, an example meeting in inputs/,
    .gitignore, a pre-commit hook, the editor's schemas. An existing file is never replaced."""

    def action() -> list[tuple[Path, bool]]:
        from .scaffold import init

        return init(folder)

    for path, written in _run(action):  # type: ignore[arg-type, attr-defined]
        _echo(f"{path}: {'written' if written else 'exists, left as it is'}")


@main.command("new")
@click.argument("kind", type=click.Choice(["pre-meeting", "post-meeting"]))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
    help="The file to write [default: <inputs>/<date>-<title>.yaml].",
)
@click.option("--title", help="The meeting's title.")
@click.option("--date", "when", type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD.")
@click.option("--series", help="The series the meeting belongs to.")
@click.option(
    "--from",
    "start_from",
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
    help="Start from an earlier meeting file: the brief of the same meeting (for a summary), "
    "or the meeting before (for the next brief of a series).",
)
@CONFIG_OPTION
def new_command(
    kind: str,
    output: Path | None,
    title: str | None,
    when: datetime | None,
    series: str | None,
    start_from: Path | None,
    config: Path | None,
) -> None:
    """Write a new meeting file of KIND from a commented skeleton; `briefgen check` passes once
    its blanks are filled."""

    def action() -> Path:
        from .people import find_register
        from .scaffold import new

        settings = _settings(config)
        folders = [p for p in settings.inputs if p.suffix not in (".yaml", ".yml")]
        workspace = settings.config.parent if settings.config else None
        return new(
            kind,
            output,
            title,
            when.date() if when else None,
            series,
            start_from,
            workspace,
            folders[0] if folders else Path("inputs"),
            find_register(settings.people),
        )

    _echo(f"{_run(action)}: written")  # type: ignore[arg-type]


def _deliver(data: bytes, output: Path | None) -> None:
    """A command's result, written to `output` (atomically) or to standard output; a closed
    standard output (`briefgen actions | head -1`) changes nothing else."""
    if output is None:
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except OSError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    from .atomic_files import write_atomically

    try:
        write_atomically(output, data)
    except OSError as e:
        _problems.add([Problem(output, f"cannot be written: {os_reason(e)}")])
        _problems.close()
        sys.exit(EXIT_FAILED)


def _print_problems_as(error_format: str) -> None:
    global _problems
    _problems = ProblemLog(error_format)


def _strict_note() -> str:
    count = _problems.warnings
    return f"{count} warning{'' if count == 1 else 's'} (--strict)"


def _run(action: Callable[[], Report], until_stopped: bool = False) -> Report:
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
            _echo("stopped")
            sys.exit(EXIT_OK)
        _stopped_exit(getattr(e, "report", None))
    except (ConfigError, TemplateError, InputError) as e:  # InputError: `new --from`'s file
        sys.exit(_reported(e))
    for signum in (*STOP_SIGNALS, signal.SIGALRM):  # the work is done: a signal now only
        signal.signal(signum, _note_stop)  # changes how it ends
    if _stopped_by is not None:  # a stop some library swallowed: the work went on, but say so
        _stopped_exit(report)
    return report


def _reported(error: BriefgenError) -> int:
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


def _finish(report: Report, done: str, strict: bool = False) -> None:
    sys.exit(EXIT_FAILED if _summarise(report, done, strict) else EXIT_OK)


def _summarise(report: Report, done: str, strict: bool = False) -> bool:
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
        summary += f", {_strict_note()}"
    if failed or (strict and _problems.warnings):
        click.secho(summary, fg="red", err=True)
        return True
    _echo(summary, fg="green")
    return False
