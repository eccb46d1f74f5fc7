"""Build briefs: find the meeting files, load each, render it once, write each format atomically
(see `atomic_files.py`) under a name every system can hold (see `output_names.py`)."""

from __future__ import annotations

import contextlib
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .annexes import Annex, annex_depth, annexed_meetings, check_annexes
from .atomic_files import sweep_stale_temporaries, write_together
from .errors import (
    BriefgenError,
    ConfigError,
    InputError,
    Problem,
    TemplateError,
    os_reason,
)
from .freshness import State, brief_key, settings_digest, variant_key
from .glyphs import missing_glyphs
from .loader import load
from .model import Meeting
from .options import (
    DEFAULT_FORMATS,
    DEFAULT_OPTIONS,
    FORMATS,
    PACK_NUMBERINGS,
    VARIANTS,
    Options,
    source_date_epoch,
)
from .output_names import output_stem, refused_names
from .packs import Packer, pack_path
from .people import REGISTER_FILE, Register, find_register
from .references import lookalike_ids
from .results import Interrupted, Progress, Report, Result, Silent
from .series import Context, MeetingFile, history, link
from .shards import Shard
from .template_set import Templates
from .yaml_source import Source

if TYPE_CHECKING:
    from .workers import Outcome, Producer

PathLike = str | os.PathLike[str]
Paths = PathLike | Sequence[PathLike]  # one path, or several
Unit = tuple[MeetingFile, str | None]  # a brief to build: a file, in a variant or as written
INPUT_SUFFIXES = (".yaml", ".yml")
NOT_MEETINGS = {REGISTER_FILE, "people.yml"}  # files of a workspace that are no meetings


def as_paths(paths: Paths) -> list[Path]:
    """`paths` as a list: one path (`"inputs/m.yaml"`) or several."""
    if isinstance(paths, (str, os.PathLike)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def find_inputs(paths: Iterable[PathLike]) -> list[Path]:
    """The meeting files named by `paths`: files as given, folders' *.yaml and *.yml files.

    A file that cannot be examined (a folder on its way without search permission) is kept, to
    be reported when it is read; a folder that cannot be listed is a ConfigError."""
    found: list[Path] = []
    for path in map(Path, paths):
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            raise ConfigError([Problem(path, "no such file or folder")]) from None
        except (OSError, RuntimeError):
            is_folder = False
        if is_folder:
            found += _meeting_files(path)
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(_identity(path), path)
    return list(unique.values())


def _meeting_files(folder: Path, required: bool = True) -> list[Path]:
    try:
        matches = sorted(
            p
            for p in folder.iterdir()
            if p.suffix in INPUT_SUFFIXES
            and p.name not in NOT_MEETINGS
            and not p.name.startswith(".")  # hidden: an editor's lock file (.#m.yaml) and such
        )
    except OSError as e:
        raise ConfigError([Problem(folder, f"cannot be listed: {os_reason(e)}")]) from None
    if not matches and required:
        raise ConfigError([Problem(folder, "no meeting files (*.yaml, *.yml) in this folder")])
    return matches


def _identity(path: Path) -> Path:
    """One key for one file, however it is named (`in/m.yaml`, `./in/../in/m.yaml`)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: reported when the file is read
        return path.absolute()


def check(
    paths: Paths = ("inputs",),
    templates: PathLike | None = None,
    people: PathLike | None = None,
    defaults: Mapping[str, str] | None = None,
    workspace: PathLike | None = None,
    variants: Sequence[str] = (),
) -> Report:
    """Validate meeting files, and the series they belong to, without rendering anything (their
    names too, as `build` would, with `variants`). `people` is the register of people (default:
    ./people.yaml); `defaults` the fields meetings have unless they give them (see
    `workspace.py`); annexes are read only from the `workspace` folder (default: the current
    folder)."""
    paths = as_paths(paths)
    template_set = Templates(_template_dirs(templates))
    inputs = find_inputs(paths)
    register = find_register(people)
    files, _, _ = read_with_annexes(paths, inputs, register, defaults, workspace, variants)
    results = []
    for file in files:
        if file.problems:
            results.append(Result(file.path, problems=file.problems))
            continue
        found = warnings(file.meeting, file.source, template_set)
        results.append(Result(file.path, warnings=found + _unlinked(file)))
    return Report(results)


def read(
    paths: Sequence[PathLike],
    inputs: list[Path],
    register: Register,
    refused: dict[Path, Problem] | None = None,
    defaults: Mapping[str, str] | None = None,
) -> tuple[list[MeetingFile], dict[Path, Context]]:
    """Read each meeting file once (the `inputs`, and the other meeting files in the folder of
    each single file named by `paths`, for their series), and link the series: the files of
    the inputs, with those of broken earlier meetings they depend on, and each valid file's
    context."""
    refused = refused or {}
    wanted = set(inputs)
    companions = _companions(paths, inputs)
    files = [
        _read_one(path, register, refused.get(path), defaults) for path in [*inputs, *companions]
    ]
    contexts = link(files)
    reported = files[: len(inputs)]
    for file in list(reported):
        reported += [b for b in file.depends_on if b.path not in wanted and b not in reported]
    return reported, contexts


def read_with_annexes(
    paths: Sequence[PathLike],
    inputs: list[Path],
    register: Register,
    defaults: Mapping[str, str] | None,
    workspace: PathLike | None,
    variants: Sequence[str] = (),
) -> tuple[list[MeetingFile], dict[Path, Context], dict[Path, list[Annex]]]:
    """`read`, with the meeting files the inputs annex read (and built) too, and the annexes
    of each valid file checked (see `annexes.py`)."""
    root = Path(workspace if workspace is not None else ".")
    while True:
        refused = refused_names(inputs, variants)
        files, contexts = read(paths, inputs, register, refused, defaults)
        known = {_identity(p) for p in inputs}
        extra = [p for p in annexed_meetings(files, root) if _identity(p) not in known]
        if not extra:
            return files, contexts, check_annexes(files, root)
        inputs = inputs + list({_identity(p): p for p in extra}.values())


def _read_one(
    path: Path, register: Register, refused: Problem | None, defaults: Mapping[str, str] | None
) -> MeetingFile:
    if refused is not None:
        return MeetingFile(path, problems=[refused])
    try:
        meeting, source = load(path, register, defaults)
    except InputError as e:
        return MeetingFile(path, None, e.source, list(e.problems))
    except BriefgenError as e:
        return MeetingFile(path, problems=list(e.problems))
    return MeetingFile(path, meeting, source)


def _companions(paths: Sequence[PathLike], inputs: list[Path]) -> list[Path]:
    """The other meeting files in the folder of each single file named: read for its series."""
    seen = {_identity(p) for p in inputs}
    found: list[Path] = []
    for path in map(Path, paths):
        try:
            siblings = _meeting_files(path.parent, required=False) if path.is_file() else []
        except (OSError, ConfigError):
            continue  # a folder that cannot be searched or listed: the file is read alone
        for sibling in siblings:
            if _identity(sibling) not in seen:
                seen.add(_identity(sibling))
                found.append(sibling)
    return found


def _unlinked(file: MeetingFile) -> list[Problem]:
    """In a series, actions without an id print, but no later meeting can update them."""
    if file.meeting.series is None:
        return []
    return [
        file.source.warning(
            ("actions", i),
            "this action has no id, so no later meeting of the series can update it",
        )
        for i, action in enumerate(file.meeting.actions)
        if action.id is None
    ]


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
    return found + lookalike_ids(meeting, source) + missing_glyphs(source, templates.coverage())


def build(
    paths: Paths = ("inputs",),
    output_dir: PathLike = "output",
    formats: Sequence[str] = DEFAULT_FORMATS,
    templates: PathLike | None = None,
    options: Options = DEFAULT_OPTIONS,
    fail_fast: bool = False,
    people: PathLike | None = None,
    defaults: Mapping[str, str] | None = None,
    force: bool = False,
    jobs: int | None = None,
    shard: Shard | None = None,
    progress: Progress | None = None,
    pack: bool = False,
    workspace: PathLike | None = None,
    pack_numbering: str = PACK_NUMBERINGS[0],
    variants: Sequence[str] = (),
) -> Report:
    """Build a brief in each format for every meeting file; a failing input never stops the others
    (unless `fail_fast`). A brief whose inputs have not changed since it was built into the same
    folder is not built again (see `freshness.py`; `force` builds every one).

    `templates` is a folder whose templates override the packaged ones by name; by default the
    workspace's `templates/` folder, when there is one. `options` sets the paper size and the
    PDF variant. `people` is the register of people (default: ./people.yaml, when there is one);
    the meetings of a series are read together (see `series.py`). `jobs` processes lay the
    documents out (default: one per CPU; see `workers.py`); `shard` builds only its share of the
    series (see `shards.py`); `progress` hears of each brief as it is done. With `pack`, the
    PDF of each brief with annexes is also bound with them into `x.pack.pdf` (see `packs.py`),
    whose brief counts the pack's pages (`pack_numbering` "continuous") or its own ("own");
    annexes are read only from the `workspace` folder (default: the current folder). Each of
    `variants` (see `variants.py`) is built too, beside the brief as written
    (`m.releasable.pdf`, without a pack), with a result of its own.

    Every brief is rendered before any is written, so that a fault in the templates (raised as
    TemplateError) leaves every output as it was. Ctrl-C raises Interrupted, which carries the
    report of what was done."""
    paths = as_paths(paths)
    _known(formats, FORMATS, "format")
    _known([pack_numbering], PACK_NUMBERINGS, "pack numbering")
    _known(variants, VARIANTS, "variant")
    from .workers import Producer, default_jobs  # what checking a file does not need

    progress = progress or Silent()
    output = Path(output_dir)
    register = find_register(people)
    report = Report([])
    with contextlib.closing(Templates(_template_dirs(templates))) as template_set:
        _check_template_files(template_set, formats)
        if options.modified is None:
            options = replace(options, modified=source_date_epoch())
        inputs = find_inputs(paths)
        _check_output_folder(output, inputs, template_set)
        try:
            # plan: read and link every file, and set aside the briefs that are up to date
            files, contexts, annexes = read_with_annexes(
                paths, inputs, register, defaults, workspace, variants
            )
            pack = pack and "pdf" in formats
            if shard is not None:
                files = shard.share(files)
            state = State(output)
            digest = settings_digest(template_set, register, formats, options, defaults)
            keys = _keys(files, digest, annexes, pack_numbering if pack else "")
            stale: list[Unit] = []
            for file, variant in _units(files, variants):
                packed = pack and variant is None and bool(annexes.get(file.path))
                outputs = _outputs(file.path, output, formats, variant, packed)
                key = variant_key(keys.get(file.path), variant)
                name = output_stem(file.path, variant)
                if key is not None and not force and state.fresh(name, key, outputs):
                    # said every time, once for a file and its variants
                    advice = [] if variant else warnings(file.meeting, file.source, template_set)
                    report.up_to_date.append(Result(file.path, outputs, warnings=advice))
                else:
                    stale.append((file, variant))
            stale.sort(key=lambda unit: annex_depth(unit[0].path, annexes))  # annexed first
            progress.start(len(stale))
            by_path = {f.path: f for f in files}
            failed = {f.path for f in files if f.problems}
            packer = Packer(output, template_set, options, pack_numbering, failed) if pack else None
            if set(formats) <= {"html"}:
                jobs = 1  # nothing to lay out: the HTML is there once rendered
            jobs = min(jobs or default_jobs(), max(1, sum(not f.problems for f, _ in stale)))
            # render every brief, then write the documents as the producer lays them out
            with Producer(jobs, template_set, options, formats) as producer:
                queued: deque[str | None] = deque()  # the variant of each brief submitted
                advice = _render_all(
                    stale,
                    contexts,
                    annexes,
                    template_set,
                    options,
                    fail_fast,
                    report,
                    producer,
                    queued,
                )
                for result in report.results:
                    progress.done(result)
                sweep_stale_temporaries(output)
                while producer.next is not None:
                    progress.building(producer.next)
                    path, outcome = producer.take()
                    variant = queued.popleft()
                    binder = None
                    if packer is not None and variant is None:
                        binder = packer.binder(by_path[path], annexes.get(path, []), contexts)
                    outputs = _outputs(path, output, formats, variant)
                    said = advice[path] if variant is None else []  # said once, of the file
                    result = _write(path, outcome, output, outputs, said, binder)
                    report.results.append(result)
                    progress.done(result)
                    name = output_stem(path, variant)
                    if result.ok:
                        state.record(name, variant_key(keys[path], variant), result.outputs)
                    else:
                        if variant is None:
                            failed.add(path)
                        state.forget(name)
                    if fail_fast and not result.ok:
                        break
        except KeyboardInterrupt:
            raise Interrupted(report) from None
        state.save()
    order = {file.path: i for i, file in enumerate(files)}
    report.results.sort(key=lambda r: order[r.input])
    done = {r.input for r in report.results + report.up_to_date}
    report.skipped = [f.path for f in files if f.path not in done]
    return report


def _known(given: Iterable[str], known: Sequence[str], what: str) -> None:
    """A ConfigError for the first of `given` that is not one of `known`."""
    for value in given:
        if value not in known:
            choices = ", ".join(known)
            raise ConfigError([Problem(Path(value), f"unknown {what} (choose from {choices})")])


def _units(files: list[MeetingFile], variants: Sequence[str]) -> list[Unit]:
    """The briefs of a build: each file as written, then each variant of it (a file with
    problems once, to report them)."""
    return [
        (file, variant)
        for file in files
        for variant in (None, *variants)
        if variant is None or not file.problems
    ]


def _outputs(
    path: Path, output: Path, formats: Sequence[str], variant: str | None = None, pack: bool = False
) -> list[Path]:
    """The documents of a brief (of its `variant`), with its pack when it has one."""
    found = [output / f"{output_stem(path, variant)}.{f}" for f in formats]
    return [*found, pack_path(output / f"{path.stem}.pdf")] if pack else found


def _keys(
    files: list[MeetingFile],
    settings: str,
    annexes: Mapping[Path, list[Annex]],
    numbering: str,
) -> dict[Path, str]:
    """The key of each valid file's brief (see `freshness.py`), with its annexes' contents
    and the keys of the briefs it annexes; `numbering`, that of their packs ("": no packs)."""
    earlier = history(files)
    keys = {
        f.path: brief_key(settings, f.source.digest, earlier.get(f.path, ""))
        for f in files
        if not f.problems and f.source is not None
    }
    for path in sorted(keys, key=lambda p: annex_depth(p, annexes)):  # annexed ones first
        parts = [f"{a.digest}:{keys.get(a.path, '')}:{a.title}" for a in annexes.get(path, [])]
        if parts:
            parts.append(numbering)
            keys[path] = brief_key(keys[path], "\n".join(parts), "annexes")
    return keys


def _check_template_files(templates: Templates, formats: Sequence[str]) -> None:
    """The template files every brief needs besides the Jinja templates, checked once before
    any input: a fault there is the templates', and stops the build like a template error."""
    templates.coverage()
    if "docx" in formats:
        templates.find("reference.docx")


def _render_all(
    units: list[Unit],
    contexts: dict[Path, Context],
    annexes: Mapping[Path, list[Annex]],
    templates: Templates,
    options: Options,
    fail_fast: bool,
    report: Report,
    producer: Producer,
    queued: deque[str | None],
) -> dict[Path, list[Problem]]:
    """Render every valid file (in each variant) and hand it to `producer`, its variant to
    `queued`; the failures go into `report`. A template fault stops the whole build, reported
    once however many inputs it hit. The warnings of each brief handed on."""
    if not units:
        return {}  # all up to date: Jinja need not even be loaded
    from .render import render_html
    from .variants import release
    from .workers import fault

    advice = {}
    template_problems: list[Problem] = []
    for file, variant in units:
        path, meeting = file.path, file.meeting
        if file.problems:
            report.results.append(Result(path, problems=file.problems))
        else:
            try:
                context = contexts[path]
                if variant is not None:
                    meeting, context = release(meeting, context)
                html = render_html(meeting, templates, options, context, annexes.get(path, []))
                advice[path] = warnings(file.meeting, file.source, templates)
                producer.submit(path, html)
                queued.append(variant)
            except TemplateError as e:
                template_problems += [p for p in e.problems if p not in template_problems]
            except BriefgenError as e:
                report.results.append(Result(path, problems=e.problems))
            except Exception as e:  # a fault in a library must not stop the other inputs
                report.results.append(Result(path, problems=[fault(path, e)]))
        if fail_fast and (template_problems or report.failed):
            break
    if template_problems:
        raise TemplateError(template_problems)
    return advice


def _template_dirs(templates: PathLike | None) -> tuple[Path, ...]:
    if templates is not None:
        if not _is_folder(Path(templates)):
            raise ConfigError([Problem(Path(templates), "templates folder not found")])
        return (Path(templates),)
    return (Path("templates"),) if _is_folder(Path("templates")) else ()


def _is_folder(path: Path) -> bool:
    """Whether `path` is a folder that can be searched; a ConfigError if it cannot be."""
    try:
        if not stat.S_ISDIR(path.stat().st_mode):
            return False
        os.listdir(path)  # its files must be found and read
    except FileNotFoundError:
        return False
    except (OSError, RuntimeError) as e:
        raise ConfigError([Problem(path, f"cannot be read: {os_reason(e)}")]) from None
    return True


def _check_output_folder(output: Path, inputs: list[Path], templates: Templates) -> None:
    """The output folder must not be a folder of inputs or of templates: briefs would mix with
    (and could replace) the files they are made from."""
    try:
        sources = {p.parent.resolve() for p in inputs} | {
            d.resolve() for d in templates.search_path
        }
        target = output.resolve()
    except (OSError, RuntimeError) as e:  # a symlink loop
        raise ConfigError([Problem(output, f"cannot be resolved: {os_reason(e)}")]) from None
    if target in sources:
        raise ConfigError(
            [Problem(output, "the output folder is also a folder of inputs or templates")]
        )


def _write(
    path: Path,
    outcome: Outcome,
    output: Path,
    outputs: list[Path],
    advice: list[Problem],
    pack: Callable[[bytes], bytes] | None = None,
) -> Result:
    """Write a brief's documents together (see `atomic_files.py`), with its pack when `pack`
    makes one from its PDF, or say why there are none."""
    if isinstance(outcome, list):
        return Result(path, problems=outcome)
    documents = {p: outcome[p.suffix[1:]] for p in outputs}
    if pack is not None:
        try:
            documents[pack_path(output / f"{path.stem}.pdf")] = pack(outcome["pdf"])
        except BriefgenError as e:
            return Result(path, problems=e.problems)
    try:
        outputs = write_together(documents)
    except OSError as e:  # named by the folder: the user chose it, and may have to fix it
        where = Path(e.filename).name if e.filename else "the briefs"
        message = f"cannot write {where} in this folder: {os_reason(e)}"
        return Result(path, problems=[Problem(output, message)])
    return Result(path, outputs, warnings=advice)
