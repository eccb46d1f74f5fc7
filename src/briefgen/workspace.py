"""The workspace file, `briefgen.yaml`: the settings of a folder of meetings, so that no option
has to be typed again at every run.

It is found in the current folder or the nearest parent (like `mkdocs.yml`), or named by
`--config FILE`. Its paths are relative to its own folder. A flag given on the command line wins
over the file, the file over briefgen's defaults; a flag not given never overrides the file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from .brand import DEFAULT_BRAND, Brand, BrandFile
from .errors import ConfigError, TemplateError
from .model import Item, Items, LanguageTag, Text, TimeZone
from .options import (
    DEFAULT_FORMATS,
    DEFAULT_OPTIONS,
    PACK_NUMBERINGS,
    PDF_VARIANTS,
    VARIANTS,
    Options,
)
from .people import REGISTER_FILE
from .yaml_source import read_yaml

if TYPE_CHECKING:
    from .results import Progress, Report
    from .shards import Shard
    from .tracker import Tracker

CONFIG_FILE = "briefgen.yaml"
TEMPLATES_FOLDER = "templates"
DEFAULT_INPUTS = ("inputs",)


class Defaults(Item):
    """What every meeting of the workspace says unless it says otherwise."""

    language: LanguageTag | None = Field(None, description="The language of the briefs.")
    classification: str | None = Field(None, description="The marking on every page.")
    release_classification: str | None = Field(
        None, description="The marking of the releasable variant [default: the classification]."
    )
    prepared_by: str | None = Field(None, description="The office that prepares the briefs.")
    timezone: TimeZone | None = Field(None, description="An IANA time zone name.")


class WorkspaceFile(Item):
    """The fields of `briefgen.yaml` (paths relative to its folder)."""

    inputs: list[Text] = Field(list(DEFAULT_INPUTS), description="Meeting files and folders.")
    output: Text = Field("output", description="The folder the briefs are written to.")
    formats: list[Literal["docx", "pdf", "html"]] = Field(
        list(DEFAULT_FORMATS), min_length=1, description="The formats to build."
    )
    templates: Text | None = Field(None, description="A folder of templates [default: templates/].")
    people: Text | None = Field(None, description="The register of people [default: people.yaml].")
    paper: Literal["a4", "letter"] = Field("a4", description="The paper of both formats.")
    pdf_variant: Literal[PDF_VARIANTS] | None = Field(  # type: ignore[valid-type]
        None, description="An archival (PDF/A) or accessible (PDF/UA) PDF."
    )
    jobs: int | None = Field(
        None, ge=1, description="Processes laying briefs out [default: one per CPU]."
    )
    pack: bool = Field(
        False, description="Also bind each brief with annexes and its annexes into x.pack.pdf."
    )
    pack_numbering: Literal[PACK_NUMBERINGS] = Field(  # type: ignore[valid-type]
        "own", description="The brief in a pack counts its own pages, or the pack's (continuous)."
    )
    variants: Items[Literal[VARIANTS]] = Field(  # type: ignore[valid-type]
        [], description="Variants built beside each brief: releasable (without internal entries)."
    )
    defaults: Defaults = Field(
        Defaults(), description="What meetings say unless they say otherwise."
    )
    brand: BrandFile = Field(
        BrandFile(), description="The organisation's name, logo, letterhead, colour and fonts."
    )


@dataclass(frozen=True)
class Settings:
    """Everything a build takes, as one object: the workspace file's settings with the flags
    given laid over them (see `Settings.resolve`)."""

    inputs: tuple[Path, ...] = tuple(map(Path, DEFAULT_INPUTS))
    output: Path = Path("output")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    templates: Path | None = None
    people: Path | None = None
    options: Options = DEFAULT_OPTIONS
    defaults: Mapping[str, str] = field(default_factory=dict)
    jobs: int | None = None  # None: one per CPU
    config: Path | None = None  # the workspace file read, if any
    pack: bool = False  # x.pack.pdf: the brief's PDF and its annexes (see `packs.py`)
    pack_numbering: str = "own"
    variants: tuple[str, ...] = ()  # built beside each brief (see `variants.py`)

    @property
    def folder(self) -> Path:
        """The workspace's folder, the only one annexes are read from."""
        return self.config.parent if self.config is not None else Path(".")

    @classmethod
    def resolve(cls, config: str | os.PathLike[str] | None = None, **flags: Any) -> Settings:
        """The settings of the workspace file (`config`, else `briefgen.yaml` here or in the
        nearest parent, else none), with the `flags` that are not None laid over them: `inputs`,
        `output`, `formats`, `templates`, `people`, `paper`, `pdf_variant`, `jobs`, `pack`,
        `pack_numbering`, `variants`."""
        path = Path(config) if config is not None else find_config()
        file, brand = load_workspace(path) if path is not None else (WorkspaceFile(), DEFAULT_BRAND)
        base = path.parent if path is not None else Path(".")
        given = {k: v for k, v in flags.items() if v is not None and v != ()}
        templates = given.get("templates") or _in(base, file.templates, TEMPLATES_FOLDER, True)
        people = given.get("people") or _in(base, file.people, REGISTER_FILE, False)
        options = Options(
            given.get("paper", file.paper), given.get("pdf_variant", file.pdf_variant), brand=brand
        )
        return cls(
            inputs=tuple(map(Path, given.get("inputs") or [base / p for p in file.inputs])),
            output=Path(given.get("output") or base / file.output),
            formats=tuple(given.get("formats") or file.formats),
            templates=Path(templates) if templates else None,
            people=Path(people) if people else None,
            options=options,
            defaults=file.defaults.model_dump(exclude_none=True),
            jobs=given.get("jobs", file.jobs),
            config=path,
            pack=given.get("pack", file.pack),
            pack_numbering=given.get("pack_numbering", file.pack_numbering),
            variants=tuple(given.get("variants") or file.variants),
        )

    def build(
        self,
        fail_fast: bool = False,
        force: bool = False,
        shard: Shard | None = None,
        progress: Progress | None = None,
    ) -> Report:
        """Build the workspace's briefs (see `pipeline.build`)."""
        from .pipeline import build

        return build(
            self.inputs,
            self.output,
            self.formats,
            self.templates,
            self.options,
            fail_fast=fail_fast,
            people=self.people,
            defaults=self.defaults,
            force=force,
            jobs=self.jobs,
            shard=shard,
            progress=progress,
            pack=self.pack,
            workspace=self.folder,
            pack_numbering=self.pack_numbering,
            variants=self.variants,
        )

    def check(self) -> Report:
        """Validate the workspace's meeting files (see `pipeline.check`)."""
        from .pipeline import check

        return check(
            self.inputs, self.templates, self.people, self.defaults, self.folder, self.variants
        )

    def actions(self, **filters: Any) -> Tracker:
        """The workspace's action tracker; `filters` as `tracker.actions` takes them."""
        from .tracker import actions

        return actions(self.inputs, people=self.people, defaults=self.defaults, **filters)


def _in(base: Path, given: str | None, default: str, folder: bool) -> Path | None:
    """A path of the workspace file (relative to its folder), or the default one when it is
    there (a folder, or a file)."""
    if given is not None:
        return base / given
    found = base / default
    return found if (found.is_dir() if folder else found.is_file()) else None


def find_config(start: Path | None = None) -> Path | None:
    """`briefgen.yaml` in `start` (default: the current folder) or its nearest parent, named
    relative to the current folder when it is below it or in a parent."""
    here = Path.cwd()
    folder = (start or here).absolute()
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_FILE
        if path.is_file():
            return Path(os.path.relpath(path, here))
    return None


def load_workspace(path: Path) -> tuple[WorkspaceFile, Brand]:
    """`briefgen.yaml`, read as strictly as a meeting file, and the brand it sets (its logo
    read); a ConfigError lists its problems."""
    from .loader import (
        by_position,
        problem,
        validated,
    )  # the loader reads meetings, the workspace's too

    source = read_yaml(path, expected=None)  # an empty file: a workspace of the defaults
    problems = source.problems
    if not problems and source.data is None:
        return WorkspaceFile(), DEFAULT_BRAND
    if not problems and not isinstance(source.data, dict):
        problems = [problem(source, (), "expected the workspace's settings (inputs, output, …)")]
    if not problems:
        file, problems = validated(source, WorkspaceFile)
    if not problems:
        try:
            return file, Brand.load(file.brand, path.parent)
        except TemplateError as e:  # the logo: said where briefgen.yaml names it
            problems = [problem(source, ("brand", "logo"), p.message) for p in e.problems]
    raise ConfigError(sorted(problems, key=by_position))
