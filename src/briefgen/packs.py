"""Meeting packs: a brief's PDF, then each of its annexes, bound into one PDF with bookmarks.

The brief's bookmarks stay under one top entry (its title's); each annex gets an entry ("Annex
A: Title") with the annex's own bookmarks under it. Page labels number the brief 1, 2, … and
each annex A-1, A-2, … The same inputs give the same bytes: the pack carries the brief's
document information and no identifier drawn at random."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .annexes import Annex, quietly
from .errors import BriefgenError, Problem, os_reason
from .options import Options
from .series import Context, MeetingFile
from .template_set import Templates

PACK_SUFFIX = ".pack.pdf"


def pack_path(brief: Path) -> Path:
    """`output/x.pack.pdf` beside `output/x.pdf`."""
    return brief.with_name(brief.stem + PACK_SUFFIX)


@dataclass(frozen=True)
class Packer:
    """The packs of a build: each made from its brief's PDF once that is laid out, its
    annexed briefs (laid out before it) read from `output`."""

    output: Path
    templates: Templates
    options: Options
    numbering: str
    failed: set[Path]  # briefs of this run that failed: a pack annexing one cannot be made

    def binder(
        self, file: MeetingFile, annexes: list[Annex], contexts: Mapping[Path, Context]
    ) -> Callable[[bytes], bytes] | None:
        """What makes the pack of `file`'s brief from its PDF, if it has annexes; it raises a
        BriefgenError when an annex cannot be bound."""
        meeting = file.meeting
        if not annexes or meeting is None:
            return None
        word = self.templates.labels(meeting.language)["annex"]

        def pack(pdf: bytes) -> bytes:
            broken = [a for a in annexes if a.meeting and a.path in self.failed]
            if broken:
                raise BriefgenError([pack_problem(file.path, broken[0], "its brief was not built")])
            bound = annex_pdfs(file.path, annexes, self.output)
            with quietly():
                if self.numbering == "continuous":
                    pdf = self._numbered_through(pdf, file, annexes, contexts, bound)
                return bind(pdf, meeting.title, bound, word)

        return pack

    def _numbered_through(
        self,
        pdf: bytes,
        file: MeetingFile,
        annexes: list[Annex],
        contexts: Mapping[Path, Context],
        bound: list[tuple[Annex, bytes]],
    ) -> bytes:
        """The brief laid out again, its running lines counting the pages of the whole pack
        (only a laid-out brief knows its own page count)."""
        from pypdf import PdfReader

        from .pdf_writer import write_pdf
        from .render import render_html

        assert file.meeting is not None
        documents = [pdf, *(data for _, data in bound)]
        total = sum(len(PdfReader(io.BytesIO(data)).pages) for data in documents)
        html = render_html(
            file.meeting, self.templates, self.options, contexts[file.path], annexes, total
        )
        return write_pdf(html, self.templates, self.options)


def bind(
    brief: bytes, title: str, annexes: Sequence[tuple[Annex, bytes]], annex_word: str
) -> bytes:
    """The pack of `brief` (its PDF, titled `title`) and `annexes` (each with its PDF)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

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
    if "/Lang" in first.root_object:  # what a screen reader reads the text as
        writer.root_object[NameObject("/Lang")] = first.root_object["/Lang"]
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
