"""Produce the documents of rendered briefs: in this process, or in a pool of worker processes
(`-j N`).

The main process reads, links and renders every brief (a fault in the templates must stop the
build before anything is written), and writes every file; the workers only turn a brief's HTML
into document bytes, which is where a build spends its time. The documents come back in the
order the briefs were given, whatever the number of workers, and they are the same bytes: each
worker lays a brief out exactly as this process would.

A worker that dies (a crash in a native library, the kernel's out-of-memory killer) breaks the
pool; the briefs it may have been building are then built again one at a time in a fresh
worker, so that only the brief that kills its worker fails. Workers ignore Ctrl-C, which the
main process handles: it ends them, and no file is left half-written, since workers write
none. A worker whose main process is killed ends itself."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
import zlib
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import util
from pathlib import Path

from .errors import BriefgenError, Problem, ResourceError
from .options import Options
from .template_set import Templates
from .writers import writer

Documents = dict[str, bytes]
Outcome = Documents | list[Problem]  # a brief's documents by format, or why there are none


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def produce(
    path: Path, html: str, templates: Templates, options: Options, formats: Sequence[str]
) -> Outcome:
    """The documents of one brief, or the problems that stopped them (named by its input)."""
    try:
        return {fmt: writer(fmt)(html, templates, options) for fmt in formats}
    except ResourceError as e:  # the document is the input's: name the input
        return [Problem(path, p.message) for p in e.problems]
    except BriefgenError as e:
        return list(e.problems)
    except Exception as e:  # a fault in a rendering library must not stop the other inputs
        return [fault(path, e)]


def fault(path: Path, error: Exception) -> Problem:
    return Problem(path, f"could not be built: {type(error).__name__}: {error}")


class Producer:
    """Briefs in (`submit`), their documents out (`take`), in the order submitted.

    With one job, each brief is produced in this process when its outcome is asked for; with
    more, a pool of `jobs` processes starts on the briefs as soon as they are submitted. The
    HTML waiting to be produced is kept compressed, so that memory stays flat however many
    briefs a build has."""

    def __init__(
        self, jobs: int, templates: Templates, options: Options, formats: Sequence[str]
    ) -> None:
        self.jobs = jobs
        self.templates, self.options, self.formats = templates, options, tuple(formats)
        self.waiting: deque[tuple[Path, bytes, Future | None]] = deque()
        self.pool: ProcessPoolExecutor | None = None
        self.frozen = False

    def __enter__(self) -> Producer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, path: Path, html: str) -> None:
        packed = zlib.compress(html.encode(), 1)
        self.waiting.append((path, packed, self._start(path, packed)))

    @property
    def next(self) -> Path | None:
        """The input of the brief `take` gives next, if any is waiting."""
        return self.waiting[0][0] if self.waiting else None

    def take(self) -> tuple[Path, Outcome]:
        """The next brief's outcome, in the order submitted, as soon as it is there."""
        while True:
            path, packed, future = self.waiting[0]
            if future is None:
                outcome = self._here(path, packed)
                break
            try:
                outcome = future.result()
                break
            except BrokenProcessPool:
                self._after_a_crash()
        self.waiting.popleft()
        return path, outcome

    def _here(self, path: Path, packed: bytes) -> Outcome:
        html = zlib.decompress(packed).decode()
        outcome = produce(path, html, self.templates, self.options, self.formats)
        if not self.frozen:  # as a worker does (see `_start_worker`), once the writers are loaded
            gc.freeze()
            self.frozen = True
        return outcome

    def _start(self, path: Path, packed: bytes) -> Future | None:
        if self.jobs <= 1:
            return None
        if self.pool is None:
            self.pool = self._new_pool(self.jobs)
        return self.pool.submit(_produce_in_worker, path, packed)

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        methods = multiprocessing.get_all_start_methods()
        # fork: a worker starts with briefgen and WeasyPrint already loaded
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        dirs = self.templates.dirs
        return ProcessPoolExecutor(
            workers, context, initializer=_start_worker, initargs=(dirs, self.options, self.formats)
        )

    def _after_a_crash(self) -> None:
        """A worker died, and the pool with it. The briefs that may have been in its hands (the
        first unfinished ones: a pool hands out briefs in order, one to each worker and one
        more) are built again one at a time in a fresh worker; the first that kills it again
        fails, alone. The others go to a fresh pool."""
        self._end_pool()
        unfinished = [i for i, (_, _, f) in enumerate(self.waiting) if not _succeeded(f)]
        suspects, others = unfinished[: self.jobs + 1], unfinished[self.jobs + 1 :]
        solo = self._new_pool(1)
        try:
            for n, i in enumerate(suspects):
                path, packed, _ = self.waiting[i]
                try:
                    outcome = solo.submit(_produce_in_worker, path, packed).result()
                except BrokenProcessPool:
                    outcome = [Problem(path, "could not be built: the process building it died")]
                    others = suspects[n + 1 :] + others
                    self.waiting[i] = (path, packed, _done(outcome))
                    break
                self.waiting[i] = (path, packed, _done(outcome))
        finally:
            _end(solo)
        for i in others:
            path, packed, _ = self.waiting[i]
            self.waiting[i] = (path, packed, self._start(path, packed))

    def close(self) -> None:
        """End the workers, also those still busy (after Ctrl-C)."""
        self._end_pool()
        self.waiting.clear()
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def _end_pool(self) -> None:
        if self.pool is not None:
            _end(self.pool)
            self.pool = None


def _succeeded(future: Future | None) -> bool:
    return (
        future is not None
        and future.done()
        and not future.cancelled()
        and future.exception() is None
    )


def _done(outcome: Outcome) -> Future:
    future: Future = Future()
    future.set_result(outcome)
    return future


def _end(pool: ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor waits for the briefs being built; Ctrl-C must not.
    for process in list(getattr(pool, "_processes", {}).values()):
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


_worker: tuple[Templates, Options, tuple[str, ...]] | None = None


def _start_worker(dirs: tuple[Path, ...], options: Options, formats: tuple[str, ...]) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    for signum in (signal.SIGTERM, signal.SIGALRM):
        signal.signal(signum, signal.SIG_DFL)
    parent = os.getppid()
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    templates = Templates(dirs)  # the worker's own: its font configuration is its own
    _worker = (templates, options, formats)
    util.Finalize(templates, templates.close, exitpriority=10)
    gc.freeze()  # what the worker starts with lives as long as it does: no collection scans it


def _end_with(parent: int) -> None:
    """End this worker once the process that started it is gone (killed with SIGKILL, its
    workers would otherwise wait for work forever)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _produce_in_worker(path: Path, packed: bytes) -> Outcome:
    assert _worker is not None
    templates, options, formats = _worker
    return produce(path, zlib.decompress(packed).decode(), templates, options, formats)
