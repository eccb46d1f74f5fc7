"""The commands that help write a workspace: `init`, `new`, `schema` and `templates export`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..options import SCHEMA_KINDS
from .running import deliver, echo, run
from .shared import CONFIG_OPTION, resolve_settings

if TYPE_CHECKING:
    from datetime import datetime


@click.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
def init_command(folder: Path) -> None:
    """Make FOLDER (default: here) a workspace: briefgen.yaml, an example meeting in inputs/,
    .gitignore, a pre-commit hook, the editor's schemas. An existing file is never replaced."""

    def action() -> list[tuple[Path, bool]]:
        from ..scaffold import init

        return init(folder)

    for path, written in run(action):  # type: ignore[arg-type, attr-defined]
        echo(f"{path}: {'written' if written else 'exists, left as it is'}")


@click.group("templates")
def templates_command() -> None:
    """The templates briefs are made from."""


@templates_command.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export_command(folder: Path) -> None:
    """Copy briefgen's own templates (HTML, stylesheet, labels, fonts, reference.docx) into
    FOLDER, as a starting point for a workspace's own. An existing file is never replaced."""

    def action() -> list[tuple[Path, bool]]:
        from ..scaffold import export_templates

        return export_templates(folder)

    for path, written in run(action):  # type: ignore[arg-type, attr-defined]
        echo(f"{path}: {'written' if written else 'exists, left as it is'}")


@click.command("new")
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
        from ..people import find_register
        from ..scaffold import new

        settings = resolve_settings(config)
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

    echo(f"{run(action)}: written")  # type: ignore[arg-type]


@click.command("schema")
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
        from ..schema import schema_text

        return schema_text(kind)

    text: str = run(action)  # type: ignore[arg-type, assignment]
    deliver(text.encode("utf-8"), output)
