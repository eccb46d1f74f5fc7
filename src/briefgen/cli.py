"""The command line: a thin layer over the library that owns printing and exit codes; each
command in its own module of `commands/` (see `commands/running.py` for how they run and end)."""

from __future__ import annotations

import os

import click

from .commands.actions import actions_command
from .commands.build import build_command, serve_command
from .commands.check import check_command
from .commands.workspace import init_command, new_command, schema_command, templates_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen", prog_name="briefgen")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn YAML meeting summaries into finished DOCX and PDF briefs."""
    if os.environ.get("NO_COLOR"):  # https://no-color.org: set and not empty
        ctx.color = False


for command in (
    build_command,
    serve_command,
    check_command,
    actions_command,
    schema_command,
    init_command,
    new_command,
    templates_command,
):
    main.add_command(command)
