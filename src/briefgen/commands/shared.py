"""The options several commands share, and the settings they make."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import ConfigError
from ..problem_formats import DEFAULT_FORMAT, PROBLEM_FORMATS

if TYPE_CHECKING:
    from ..shards import Shard
    from ..workspace import Settings


def one_or_more(choices: tuple[str, ...]) -> Callable[..., tuple[str, ...]]:
    """A callback reading a comma-separated option whose values must be among `choices`, in any
    case (`-f PDF`)."""

    def callback(
        ctx: click.Context, param: click.Parameter, value: str | None
    ) -> tuple[str, ...] | None:
        if value is None:
            return None  # not given: the workspace file's, or briefgen's default
        given = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
        if not given or any(f not in choices for f in given):
            listed = ", ".join(choices)
            raise click.BadParameter(f"'{value}': give one or more of {listed}, comma-separated")
        return given

    return callback


def parse_shard(ctx: click.Context, param: click.Parameter, value: str | None) -> Shard | None:
    if value is None:
        return None
    from ..shards import Shard

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


def resolve_settings(config: Path | None, **flags: object) -> Settings:
    """The workspace's settings with the flags given laid over them (inside a command's work,
    where a broken workspace file is reported like any problem)."""
    from ..workspace import Settings

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
