"""Annexes: the PDFs and meeting files that travel with a brief, checked before anything is built.

An annex is read only from a regular file really inside the workspace (the folder of
`briefgen.yaml`, else the current folder), never through a symlink leading out of it, and never
from an address. A meeting-file annex stands for that meeting's brief, built in the same run;
a meeting may not annex itself, nor be reached again through the annexes of its annexes."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, os_reason, quoted
from .limits import ANNEX_BYTES
from .loader import problem
from .series import MeetingFile

PDF_SUFFIXES = (".pdf",)
MEETING_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Annex:
    """One annex as a brief lists it and a pack binds it."""

    index: int  # its place among the meeting's annexes
    title: str
    path: Path
    meeting: bool  # a meeting file: its brief's PDF is bound
    pages: int | None = None  # a PDF's; a meeting's brief is not laid out yet
    digest: str = ""  # of the file's bytes, for incremental builds

    @property
    def letter(self) -> str:
        return letter(self.index)


def letter(index: int) -> str:
    """A, B, … Z, then AA, AB, … (0-based `index`)."""
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letter(index // 26 - 1) + letters[index % 26]


def check_annexes(files: list[MeetingFile], root: Path) -> dict[Path, list[Annex]]:
    """The annexes of each valid file; a problem with one is added to its file, which then
    fails alone (as does a file annexing it)."""
    found = {f.path: _read_all(f, root) for f in files if not f.problems and f.meeting}
    by_identity = {_identity(f.path): f for f in files}
    for file in files:
        for annex in found.get(file.path, []):
            if annex.meeting and _identity(annex.path) not in by_identity:
                file.problems.append(_problem(file, annex, "the meeting file was not read"))
    _refuse_cycles(files, found, by_identity)
    _fail_with_broken_annexes(files, found, by_identity)
    for file in files:
        if file.problems:
            found.pop(file.path, None)
    return {path: _titled(annexes, by_identity) for path, annexes in found.items()}


def annexed_meetings(files: Iterable[MeetingFile], root: Path) -> list[Path]:
    """The meeting files the valid `files` annex (paths as named from the current folder);
    only their names are looked at, for they must be read with the inputs."""
    paths = []
    for file in files:
        if not file.problems and file.meeting is not None:
            named = [file.path.parent / a.file for a in file.meeting.annexes]
            paths += [p for p in named if p.suffix.lower() in MEETING_SUFFIXES and p.is_file()]
    return [p for p in paths if _identity(p).is_relative_to(root.resolve())]


def annex_depth(path: Path, annexes: Mapping[Path, list[Annex]]) -> int:
    """How deep a brief's meeting annexes nest (0: none): a brief is built after those it
    annexes. Checked annexes have no cycles."""
    nested = [annex_depth(a.path, annexes) for a in annexes.get(path, []) if a.meeting]
    return 1 + max(nested) if nested else 0


def _read_all(file: MeetingFile, root: Path) -> list[Annex]:
    assert file.meeting is not None
    annexes = []
    for i, given in enumerate(file.meeting.annexes):
        try:
            annexes.append(_read(file.path.parent / given.file, given.title, i, root.resolve()))
        except ValueError as e:
            file.problems.append(_at(file, i, f"{quoted(given.file)} {e}"))
    return annexes


def _read(path: Path, title: str | None, index: int, root: Path) -> Annex:
    """The annex at `path`, read and checked; a ValueError says what is wrong with it."""
    try:
        real = path.resolve(strict=True)  # follows symlinks to where they really lead
    except FileNotFoundError:
        raise ValueError("not found") from None
    except (OSError, RuntimeError) as e:
        raise ValueError(f"cannot be resolved: {os_reason(e)}") from None
    if not real.is_relative_to(root):
        raise ValueError("is outside the workspace; annexes are read only from its folder")
    if not real.is_file():
        raise ValueError("is not a regular file")
    suffix = real.suffix.lower()
    if suffix in MEETING_SUFFIXES:
        return Annex(index, title or "", path, meeting=True)
    if suffix not in PDF_SUFFIXES:
        raise ValueError("is neither a PDF nor a meeting file (.pdf, .yaml, .yml)")
    try:
        with real.open("rb") as f:  # its size checked first: a huge (or sparse) file is not read
            size = os.fstat(f.fileno()).st_size
            data = f.read(ANNEX_BYTES + 1) if size <= ANNEX_BYTES else b""
    except OSError as e:
        raise ValueError(f"cannot be read: {os_reason(e)}") from None
    if max(size, len(data)) > ANNEX_BYTES:  # a file may grow while it is read
        raise ValueError(f"is larger than {ANNEX_BYTES:,} bytes, the most an annex may be")
    pages, own_title = _pdf_pages_and_title(data)
    return Annex(
        index,
        title or own_title or path.name,
        path,
        meeting=False,
        pages=pages,
        digest=hashlib.sha256(data).hexdigest(),
    )


def _pdf_pages_and_title(data: bytes) -> tuple[int, str | None]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with quietly():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise ValueError("is encrypted; give the PDF without a password")
            pages = len(reader.pages)
            title = reader.metadata.title if reader.metadata else None
    except (PyPdfError, OSError, KeyError, TypeError, AttributeError):
        raise ValueError("cannot be read as a PDF") from None
    if pages == 0:
        raise ValueError("has no pages")
    return pages, (title or "").strip() or None


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """pypdf logs how it reads a PDF damaged in ways it can repair (offsets shifted by an
    edit): nothing a reader must act on, and no line of briefgen's own."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _refuse_cycles(
    files: list[MeetingFile], found: dict[Path, list[Annex]], by_identity: dict[Path, MeetingFile]
) -> None:
    """A meeting annexing itself, or itself again through the annexes of its annexes."""
    for file in files:
        for annex in found.get(file.path, []):
            if not annex.meeting:
                continue
            chain = _chain_back(file, annex, found, by_identity)
            if chain is not None:
                names = " → ".join(str(p) for p in [file.path, *chain])
                message = "is this meeting itself; a meeting cannot annex itself"
                if chain[:-1]:
                    message = f"makes a cycle: {names}"
                file.problems.append(_problem(file, annex, message))


def _chain_back(
    start: MeetingFile,
    annex: Annex,
    found: dict[Path, list[Annex]],
    by_identity: dict[Path, MeetingFile],
) -> list[Path] | None:
    """The meeting files from `annex` back to `start` through annexes, if they lead there."""
    goal = _identity(start.path)
    todo: list[tuple[Annex, list[Path]]] = [(annex, [annex.path])]
    seen: set[Path] = set()
    while todo:
        current, chain = todo.pop()
        key = _identity(current.path)
        if key == goal:
            return chain
        if key in seen or key not in by_identity:
            continue
        seen.add(key)
        nested = found.get(by_identity[key].path, [])
        todo += [(a, [*chain, a.path]) for a in nested if a.meeting]
    return None


def _fail_with_broken_annexes(
    files: list[MeetingFile], found: dict[Path, list[Annex]], by_identity: dict[Path, MeetingFile]
) -> None:
    """A file whose meeting annex has errors fails too, with one line naming it."""
    changed = True
    while changed:
        changed = False
        for file in files:
            if file.problems:
                continue
            for annex in found.get(file.path, []):
                other = by_identity.get(_identity(annex.path)) if annex.meeting else None
                if other is not None and other.problems:
                    file.problems.append(_problem(file, annex, "has errors"))
                    changed = True
                    break


def _titled(annexes: list[Annex], by_identity: dict[Path, MeetingFile]) -> list[Annex]:
    """Meeting annexes with their meeting's title, unless given one."""
    titled = []
    for annex in annexes:
        if annex.meeting:
            other = by_identity[_identity(annex.path)]
            assert other.meeting is not None and other.source is not None
            annex = Annex(
                annex.index,
                annex.title or other.meeting.title,
                other.path,
                meeting=True,
                digest=other.source.digest,
            )
        titled.append(annex)
    return titled


def _problem(file: MeetingFile, annex: Annex, message: str) -> Problem:
    assert file.meeting is not None
    return _at(file, annex.index, f"{quoted(file.meeting.annexes[annex.index].file)} {message}")


def _at(file: MeetingFile, index: int, message: str) -> Problem:
    """A problem at the annex's file (`file:` of a mapping, or the bare path)."""
    assert file.source is not None
    return problem(file.source, ("annexes", index, "file"), message)


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
