"""`briefgen actions`: the action tracker, across every series read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..options import ACTION_FORMATS, ACTION_STATUSES
from .running import EXIT_FAILED, EXIT_OK, deliver, print_problems_as, problems, run, strict_note
from .shared import CONFIG_OPTION, PEOPLE_OPTION, one_or_more, problem_options, resolve_settings

if TYPE_CHECKING:
    from datetime import datetime

    from ..tracker import Tracker


@click.command("actions")
@click.argument("paths", nargs=-1, type=click.Path(readable=False, path_type=Path))
@click.option("--series", help="Only the actions of this series.")
@click.option(
    "--status",
    "statuses",
    default="open,in-progress",
    show_default=True,
    callback=one_or_more(ACTION_STATUSES),
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
    print_problems_as(error_format)

    def action() -> Tracker:
        return resolve_settings(config, inputs=paths, people=people).actions(
            series=series,
            statuses=statuses,
            overdue=overdue,
            owner=owner,
            as_of=as_of.date() if as_of else None,
        )

    tracker = run(action)  # type: ignore[arg-type]
    from ..exports import EXPORTS

    log = problems()
    log.add(tracker.problems)
    deliver(EXPORTS[fmt](tracker), output)
    log.close()
    if strict and log.warnings:
        click.secho(strict_note(), fg="red", err=True)
    failed = log.errors or (strict and log.warnings)  # warnings fail if --strict
    failed = failed or (fail_on_overdue and bool(tracker.overdue))
    sys.exit(EXIT_FAILED if failed else EXIT_OK)
