"""Build again whenever a file the briefs are made from changes (`build --watch`, `serve`).

Each change is followed by a whole build, which the output folder's record of what was built
(see `freshness.py`) turns into a build of just the briefs the change affects. The settings are
resolved again at every build, so that an edited `briefgen.yaml` takes effect at once."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from .errors import BriefgenError, ConfigError, Problem, os_reason
from .people import REGISTER_FILE
from .pipeline import INPUT_SUFFIXES, Report
from .workspace import CONFIG_FILE, TEMPLATES_FOLDER, Settings

# A save is built once nothing more has changed for STEP_MS; a stream of changes (a checkout)
# is built at least every DEBOUNCE_MS. Both short: a save should show in the preview at once.
STEP_MS = 30
DEBOUNCE_MS = 300
# A Ctrl-C that the system hands to another thread is seen by the main thread only once it wakes:
# it never waits longer than this at a time.
WAKE_SECONDS = 0.1
# watchfiles' filter of editors' temporary files (`m.yaml~`, `.m.yaml.swp`, `.#m.yaml`), without
# its folder names: a workspace may well lie under a folder called `.venv` or `node_modules`.
EDITORS_FILES = DefaultFilter(ignore_dirs=())


@dataclass(frozen=True)
class Rebuild:
    """One build of a watch: its report, or the error that stopped it before any brief was
    built (a broken workspace file or template, an input that is gone)."""

    report: Report | None = None
    error: BriefgenError | None = None


def rebuilds(
    resolve: Callable[[], Settings], fail_fast: bool = False, force: bool = False
) -> Iterator[Rebuild]:
    """The first build, then one after each change to a file the briefs are made from, until
    the caller stops asking (or Ctrl-C). `resolve` gives the settings of each build; `force`
    applies to the first. A ConfigError at the start is raised: the request itself is wrong,
    and there is nothing to watch yet. Later, every error is a Rebuild's, and the watch goes on.
    The files are watched from before each build, so that a change made while it runs is
    built next."""
    settings = resolve()
    sources = Sources.of(settings)
    changes = Changes(sources)
    try:
        yield _build(settings, fail_fast, force, first=True)
        while True:
            changes.wait()
            try:
                settings = resolve()
            except ConfigError as e:  # a broken briefgen.yaml: watched until it is mended
                yield Rebuild(error=e)
                continue
            latest = Sources.of(settings)
            if latest != sources:  # other files to watch: watch them instead
                sources = latest
                changes.close()
                changes = Changes(sources)
            yield _build(settings, fail_fast)
    finally:
        changes.close()


def _build(
    settings: Settings, fail_fast: bool, force: bool = False, first: bool = False
) -> Rebuild:
    try:
        return Rebuild(settings.build(fail_fast=fail_fast, force=force))
    except BriefgenError as e:
        if first and isinstance(e, ConfigError):
            raise
        return Rebuild(error=e)


class Changes:
    """The changes to the files of some Sources, gathered by a thread of its own from the
    moment it is made: those made while a build runs are kept for the next."""

    def __init__(self, sources: Sources) -> None:
        self._gathered: queue.SimpleQueue[set[tuple[Change, str]] | OSError] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._gather, args=(sources,), daemon=True)
        self._thread.start()

    def _gather(self, sources: Sources) -> None:
        try:
            for changes in watch(
                *sources.folders,
                watch_filter=sources.relevant,
                recursive=False,  # the folders are listed one by one: never a .git or a .venv
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=self._stop,
            ):
                self._gathered.put(changes)
        except OSError as e:  # a folder that cannot be watched: said by `wait`
            self._gathered.put(e)

    def wait(self) -> None:
        """Until a file has changed (at once if one has since the last wait); a folder that
        cannot be watched is a ConfigError."""
        while True:
            try:
                gathered = [self._gathered.get(timeout=WAKE_SECONDS)]
                break
            except queue.Empty:
                pass  # awake now and then: Ctrl-C may have been given to another thread
        while not self._gathered.empty():
            gathered.append(self._gathered.get())
        for error in (e for e in gathered if isinstance(e, OSError)):
            where = Path(error.filename or ".")
            raise ConfigError([Problem(where, f"cannot be watched: {os_reason(error)}")])

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass(frozen=True)
class Sources:
    """What the briefs of some settings are made from, as absolute paths: `files` (the
    workspace file, the register of people, the input files, and where each of them would be
    found when there is none yet), `meeting_folders` (whose *.yaml and *.yml files are
    meetings: the input folders, and the folders of single input files, whose other meetings
    may be of the same series), `templates` (the template folder: every file in it counts)
    and `output` (written by the builds, so never a reason for one). `folders` are those to
    watch: each that exists, every subfolder of the templates included."""

    files: frozenset[Path]
    meeting_folders: frozenset[Path]
    templates: Path
    output: Path
    folders: tuple[Path, ...]

    @classmethod
    def of(cls, settings: Settings) -> Sources:
        base = settings.config.parent if settings.config is not None else Path(".")
        named = [settings.config or base / CONFIG_FILE, settings.people or base / REGISTER_FILE]
        input_files = [p for p in settings.inputs if not p.is_dir()]
        files = frozenset(_located(p) for p in [*named, *input_files])
        meeting_folders = frozenset(
            (p if p.is_dir() else p.parent).resolve() for p in settings.inputs
        )
        templates = (settings.templates or base / TEMPLATES_FOLDER).resolve()
        folders = {p.parent for p in files} | meeting_folders | {templates.parent}
        folders |= set(_subfolders(templates))
        watched = tuple(sorted(f for f in folders if f.is_dir()))
        return cls(files, meeting_folders, templates, settings.output.resolve(), watched)

    def relevant(self, change: Change, name: str) -> bool:
        """Whether a change to the file `name` (as the watcher reports it) may change a brief:
        editors' backups, swap and lock files never do."""
        path = Path(name)
        if path.is_relative_to(self.output) or not EDITORS_FILES(change, name):
            return False
        return (
            path in self.files
            or path in self.meeting_folders
            or (path.parent in self.meeting_folders and path.suffix in INPUT_SUFFIXES)
            or path.is_relative_to(self.templates)
        )


def _located(path: Path) -> Path:
    """An absolute path to the file itself (its folder resolved, a symlink to it kept): the
    name a change to it is reported under."""
    return path.absolute().parent.resolve() / path.name


def _subfolders(tree: Path) -> Iterator[Path]:
    for root, dirs, _ in os.walk(tree):  # symlinks to folders are not followed
        yield Path(root)
        dirs.sort()
