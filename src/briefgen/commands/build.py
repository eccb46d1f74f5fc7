"""`briefgen build`, once or at every change (`--watch`), and `briefgen serve`, which previews the
briefs in a browser as they change."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..options import (
    DEFAULT_FORMATS,
    FORMATS,
    PACK_NUMBERINGS,
    PAPER_SIZES,
    PDF_VARIANTS,
    VARIANTS,
)
from ..problem_formats import DEFAULT_FORMAT
from .running import echo, finish, print_problems_as, reported, run, stopped_by, summarise
from .shared import (
    CONFIG_OPTION,
    PEOPLE_OPTION,
    TEMPLATES_OPTION,
    one_or_more,
    parse_shard,
    problem_options,
    resolve_settings,
)

if TYPE_CHECKING:
    from ..results import Report
    from ..shards import Shard
    from ..watch import Rebuild
    from ..workspace import Settings


@click.command("build")
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
    callback=one_or_more(FORMATS),
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
@click.option(
    "--pack/--no-pack",
    default=None,
    help="Also bind each brief with annexes and its annexes into one PDF, x.pack.pdf.",
)
@click.option(
    "--pack-numbering",
    type=click.Choice(PACK_NUMBERINGS),
    help="In a pack, the brief's 'Page X of Y' counts its own pages or the pack's "
    "(continuous) [default: own].",
)
@click.option(
    "--variant",
    "variants",
    multiple=True,
    type=click.Choice(VARIANTS, case_sensitive=False),
    help="Also build this variant of each brief: releasable (without the entries marked "
    "internal), as NAME.releasable.pdf and so on.",
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
    callback=parse_shard,
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
    pack: bool | None,
    pack_numbering: str | None,
    variants: tuple[str, ...],
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
    print_problems_as(error_format)

    def resolve() -> Settings:
        return resolve_settings(
            config,
            inputs=paths,
            output=output_dir,
            formats=formats,
            templates=templates,
            people=people,
            paper=paper.lower() if paper else None,
            pdf_variant=pdf_variant.lower() if pdf_variant else None,
            jobs=jobs,
            pack=pack,
            pack_numbering=pack_numbering,
            variants=tuple(v.lower() for v in variants),
        )

    def action() -> Report:
        from ..progress import Bar, Lines
        from ..results import Silent

        if quiet:
            shown = Silent()
        elif sys.stdout.isatty():
            shown = Bar(verbose)
        else:
            shown = Lines(echo, verbose)
        settings = resolve()
        if verbose and settings.templates is not None and settings.templates.is_dir():
            echo(_templates_line(settings.templates))
        with shown:
            report = settings.build(fail_fast, force, shard, shown)
        if verbose:
            for result in report.up_to_date:
                echo(f"{result.input}: up to date")
        return report

    def watch_action() -> None:
        builds = watched(resolve, error_format, quiet, strict, fail_fast=fail_fast, force=force)
        next(builds)
        echo("watching for changes (Ctrl-C stops)")
        for _ in builds:
            pass

    if watch:  # ends only when stopped
        run(watch_action, until_stopped=True)  # type: ignore[arg-type]
    finish(run(action), "built", strict)


@click.command("serve")
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
        from ..serve import previewing

        with previewing(host, port) as (preview, url):

            def resolve() -> Settings:
                settings = resolve_settings(
                    config,
                    inputs=paths,
                    output=preview.folder,
                    formats=("html",),
                    templates=templates,
                    people=people,
                )
                return replace(settings, variants=())  # the preview is of the briefs as written

            builds = watched(resolve, quiet=True)
            preview.publish(next(builds))
            echo(f"serving the briefs on {url} (Ctrl-C stops)")
            for rebuild in builds:
                preview.publish(rebuild)

    run(action, until_stopped=True)  # type: ignore[arg-type]


def _templates_line(folder: Path) -> str:
    """The workspace templates a build uses, laid over briefgen's own."""
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return f"templates: {folder}: {', '.join(names) or 'no files'}; briefgen's own for the rest"


def watched(
    resolve: Callable[[], Settings],
    error_format: str = DEFAULT_FORMAT,
    quiet: bool = False,
    strict: bool = False,
    **flags: bool,
) -> Iterator[Rebuild]:
    """The builds of a watch (see `watch.py`), each once its problems and summary are printed."""
    from ..progress import Lines
    from ..watch import rebuilds

    lines = Lines(echo)
    for rebuild in rebuilds(resolve, **flags):
        if stopped_by() is not None:  # a stop some library swallowed
            raise KeyboardInterrupt
        print_problems_as(error_format)
        if rebuild.report is not None:
            if not quiet:
                for result in rebuild.report.results:
                    lines.done(result)
            summarise(rebuild.report, "built", strict)
        elif rebuild.error is not None:
            reported(rebuild.error)
        yield rebuild
