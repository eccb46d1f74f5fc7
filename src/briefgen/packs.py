"""Meeting packs: a brief's PDF, then each of its annexes, bound into one PDF with bookmarks.

The brief's bookmarks stay under one top entry (its title's); each annex gets an entry ("Annex
A: Title") with the annex's own bookmarks under it. Page labels number the brief 1, 2, … and
each annex A-1, A-2, … The same inputs give the same bytes: the pack carries the brief's
document information and no identifier drawn at random."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from .annexes import Annex
from .errors import BriefgenError, Problem, os_reason

PACK_SUFFIX = ".pack.pdf"


def pack_path(brief: Path) -> Path:
    """`output/x.pack.pdf` beside `output/x.pdf`."""
    return brief.with_name(brief.stem + PACK_SUFFIX)


def bind(
    brief: bytes, title: str, annexes: Sequence[tuple[Annex, bytes]], annex_word: str
) -> bytes:
    """The pack of `brief` (its PDF, titled `title`) and `annexes` (each with its PDF)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    first = PdfReader(io.BytesIO(brief))
    # a brief's outline is its title with its sections under it: kept as the top entry
    own = [item for item in first.outline if not isinstance(item, list)]
    writer.append(first, outline_item=None if len(own) == 1 else title)
    writer.set_page_label(0, len(first.pages) - 1, "/D")
    for annex, data in annexes:
        start = len(writer.pages)
        reader = PdfReader(io.BytesIO(data))
        writer.append(reader, outline_item=f"{annex_word} {annex.letter}: {annex.title}")
        writer.set_page_label(start, len(writer.pages) - 1, "/D", prefix=f"{annex.letter}-")
    if first.metadata:
        writer.add_metadata({k: v for k, v in first.metadata.items() if k != "/Producer"})
    writer.page_mode = "/UseOutlines"  # a reader opens the pack with its bookmarks shown
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def annex_pdfs(brief: Path, annexes: Sequence[Annex], output: Path) -> list[tuple[Annex, bytes]]:
    """Each annex of the meeting file `brief` with the PDF it stands for: the file itself, or
    the annexed meeting's brief (built into `output` in this run, or up to date there)."""
    found = []
    for annex in annexes:
        path = output / f"{annex.path.stem}.pdf" if annex.meeting else annex.path
        try:
            found.append((annex, path.read_bytes()))
        except OSError as e:
            raise BriefgenError([pack_problem(brief, annex, os_reason(e))]) from None
    return found


def pack_problem(brief: Path, annex: Annex, reason: str) -> Problem:
    """Why the pack of `brief` cannot bind `annex`."""
    return Problem(brief, f"cannot bind annex {annex.letter} ({annex.path}): {reason}")
