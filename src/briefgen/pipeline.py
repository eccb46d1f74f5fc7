"""Build briefs: find the meeting files, load each, render it once, write each format atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefgenError, ConfigError, Problem
from .glyphs import missing_glyphs
from .loader import load
from .model import Meeting
from .options import DEFAULT_OPTIONS, Options
from .render import Templates, render_html
from .writers import DEFAULT_FORMATS, WRITERS
from .yaml_source import Source

PathLike = str | os.PathLike[str]
INPUT_SUFFIXES = (".yaml", ".yml")


@dataclass
class Result:
    """What became of one input: the files written, or the problems that stopped it, and
    warnings about what was built."""

    input: Path
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Report:
    """The results of one build or check, in input order."""

    results: list[Result]

    @property
    def succeeded(self) -> list[Result]:
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.ok]


def find_inputs(paths: Iterable[PathLike]) -> list[Path]:
    """The meeting files named by `paths`: files as given, folders' *.yaml and *.yml files."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            matches = sorted(p for p in path.iterdir() if p.suffix in INPUT_SUFFIXES)
            if not matches:
                raise ConfigError(
                    [Problem(path, "no meeting files (*.yaml, *.yml) in this folder")]
                )
            found += matches
        elif path.exists():
            found.append(path)
        else:
            raise ConfigError([Problem(path, "no such file or folder")])
    return list(dict.fromkeys(found))


def check(paths: Sequence[PathLike] = ("inputs",), templates: PathLike | None = None) -> Report:
    """Validate meeting files without rendering anything."""
    template_set = Templates(_template_dirs(templates))
    results = []
    for path in find_inputs(paths):
        try:
            meeting, source = load(path)
            results.append(Result(path, warnings=warnings(meeting, source, template_set)))
        except BriefgenError as e:
            results.append(Result(path, problems=e.problems))
    return Report(results)


def warnings(meeting: Meeting, source: Source, templates: Templates) -> list[Problem]:
    """What will build but not as written: a language without labels, text the fonts lack."""
    found = []
    if not templates.has_labels(meeting.language):
        found.append(
            source.warning(
                ("language",),
                f"no labels for '{meeting.language}' (add labels/{meeting.language}.yaml to the "
                "templates); English labels are used",
            )
        )
    return found + missing_glyphs(source, templates.fonts())


def build(
    paths: Sequence[PathLike] = ("inputs",),
    output_dir: PathLike = "output",
    formats: Sequence[str] = DEFAULT_FORMATS,
    templates: PathLike | None = None,
    options: Options = DEFAULT_OPTIONS,
) -> Report:
    """Build a brief in each format for every meeting file; a failing input never stops the others.

    `templates` is a folder whose templates override the packaged ones by name; by default the
    workspace's `templates/` folder, when there is one. `options` sets the paper size and the
    PDF variant.
    """
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        known = ", ".join(WRITERS)
        raise ConfigError([Problem(Path(unknown[0]), f"unknown format (choose from {known})")])
    template_set = Templates(_template_dirs(templates))
    inputs = find_inputs(paths)
    clashes = _clashing_outputs(inputs)
    results = []
    for path in inputs:
        if path in clashes:
            results.append(Result(path, problems=[clashes[path]]))
        else:
            results.append(_build_one(path, Path(output_dir), formats, template_set, options))
    return Report(results)


def _template_dirs(templates: PathLike | None) -> tuple[Path, ...]:
    if templates is not None:
        if not Path(templates).is_dir():
            raise ConfigError([Problem(Path(templates), "templates folder not found")])
        return (Path(templates),)
    return (Path("templates"),) if Path("templates").is_dir() else ()


def _clashing_outputs(inputs: list[Path]) -> dict[Path, Problem]:
    """Inputs that would write the same output files (same name in different folders)."""
    by_stem: dict[str, list[Path]] = {}
    for path in inputs:
        by_stem.setdefault(path.stem, []).append(path)
    clashes = {}
    for paths in by_stem.values():
        for path in paths if len(paths) > 1 else ():
            others = ", ".join(str(p) for p in paths if p != path)
            clashes[path] = Problem(path, f"writes the same output files as {others}")
    return clashes


def _build_one(
    path: Path, output_dir: Path, formats: Sequence[str], templates: Templates, options: Options
) -> Result:
    try:
        meeting, source = load(path)
        html = render_html(meeting, templates, options)
        documents = {fmt: WRITERS[fmt](html, templates, options) for fmt in formats}
    except BriefgenError as e:
        return Result(path, problems=e.problems)
    except Exception as e:  # a fault in a rendering library must not stop the other inputs
        return Result(
            path, problems=[Problem(path, f"could not be built: {type(e).__name__}: {e}")]
        )
    try:
        outputs = [write_atomically(output_dir / f"{path.stem}.{f}", documents[f]) for f in formats]
    except OSError as e:
        return Result(
            path, problems=[Problem(Path(e.filename or output_dir), e.strerror or str(e))]
        )
    return Result(path, outputs, warnings=warnings(meeting, source, templates))


def write_atomically(target: Path, data: bytes) -> Path:
    """Write through a temporary file beside `target`, so readers see the old file or the new."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
