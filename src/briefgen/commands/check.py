"""`briefgen check`: validate meeting files and their series, without building anything."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .running import finish, print_problems_as, run
from .shared import CONFIG_OPTION, PEOPLE_OPTION, problem_options, resolve_settings

if TYPE_CHECKING:
    from ..results import Report


@click.command("check")
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
    print_problems_as(error_format)

    def action() -> Report:
        return resolve_settings(config, inputs=paths, templates=templates, people=people).check()

    finish(run(action), "valid", strict)
