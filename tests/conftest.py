"""Shared test helpers: input trees from dicts, the real CLI, and documents read back as text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "inputs"
PEOPLE = ROOT / "people.yaml"  # the register the examples name people from
BRIEFGEN = Path(sys.executable).parent / "briefgen"
# The footer line, whole, in English or Vietnamese.
PAGE_FOOTER = re.compile(r"^(.* )?(Page \d+ of \d+|Trang \d+/\d+)$", re.MULTILINE)
LIST_MARKER = re.compile(r"^(•|\d+\.)$")

MINIMAL = """\
kind: post-meeting
title: Budget review
date: 2025-05-06
"""


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files under `root` from a {relative path: content} dict."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed `briefgen` command as a user would."""
    return subprocess.run(
        [str(BRIEFGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def require(program: str) -> str:
    """The path of a program (or, given a path, a folder) a test needs: where it is missing the
    test skips, naming it, or, with BRIEFGEN_REQUIRE_CLIENTS=1 (set by CI), fails."""
    found = program if os.path.isdir(program) else shutil.which(program)
    if found:
        return found
    if os.environ.get("BRIEFGEN_REQUIRE_CLIENTS"):
        pytest.fail(f"{program} is required here (BRIEFGEN_REQUIRE_CLIENTS is set) but not found")
    pytest.skip(f"{program} is not installed")


def libreoffice_pdfs(
    documents: list[Path], work: Path, soffice: str = "soffice", only_fonts: Path | None = None
) -> Path:
    """Convert documents to PDF with LibreOffice headless, which is given the briefs' own fonts
    (as a reader who installed them would have), or with `only_fonts` the fonts of that one
    folder and no others (a machine without them); the folder the PDFs are written to."""
    work.mkdir(parents=True, exist_ok=True)
    fonts = work / "fonts.conf"
    system = '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
    given = f"<dir>{ROOT / 'templates' / 'fonts'}</dir>"
    fonts.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        + (f"<dir>{only_fonts}</dir>" if only_fonts else system + given)
        + "</fontconfig>"
    )
    out = work / "libreoffice"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, documents),
        ],
        env={**os.environ, "FONTCONFIG_FILE": str(fonts)},
        capture_output=True,
        timeout=600,
        check=True,
    )
    return out


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=300).stdout


def pages(pdf: Path, mode: str = "-layout") -> list[str]:
    """The text of each page, as poppler reads it (`-layout`: as laid out; `-raw`: in content
    order, which keeps a table cell's lines together)."""
    require("pdftotext")
    return run("pdftotext", mode, "-enc", "UTF-8", str(pdf), "-").split("\f")[:-1]


def pdf_fonts(pdf: Path) -> set[str]:
    """The fonts a PDF uses, as pdffonts names them, without a subset's prefix."""
    rows = run(require("pdffonts"), str(pdf)).splitlines()[2:]
    return {row.split()[0].split("+")[-1] for row in rows}


def pdf_text(path: Path) -> str:
    """The text of a PDF in content order, as poppler's pdftotext reads it."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return _as_read(result.stdout)


def _as_read(text: str) -> str:
    """Text as a reader reads it: composed, a no-break space a space (briefs keep dates and
    citations on one line with them)."""
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ")


def docx_text(path: Path) -> str:
    """The text of a DOCX body, paragraph by paragraph (table cells in reading order)."""
    body = Document(str(path)).element.body
    lines = []
    for paragraph in body.iter(qn("w:p")):
        parts = []
        for node in paragraph.iter(qn("w:t"), qn("w:br")):
            parts.append("\n" if node.tag == qn("w:br") else node.text or "")
        lines.append("".join(parts))
    return _as_read("\n".join(lines))


def words(text: str) -> list[str]:
    """Words as a reader meets them: page footers and list markers left out."""
    text = unicodedata.normalize("NFKC", PAGE_FOOTER.sub("", text))
    return [w for w in text.split() if not LIST_MARKER.match(w)]


def reading(text: str, repeated: tuple[str, ...] = (), running_lines: tuple[str, ...] = ()) -> str:
    """The letters of a document in reading order, for comparing formats.

    Case and white space are left out (line breaks and `text-transform` differ between the
    formats, not the words); texts in `repeated` (table headers repeated on a new page) count
    once, lines in `running_lines` (a page header) and page footers not at all.
    """
    kept = [line for line in text.splitlines() if line.strip() not in running_lines]
    letters = "".join(words("\n".join(kept))).casefold()
    for header in repeated:
        once = "".join(words(header)).casefold()
        first = letters.find(once) + len(once)
        letters = letters[:first] + letters[first:].replace(once, "")
    return letters


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder to work in, made the current directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def copy_examples(root: Path, folder: str = "inputs") -> Path:
    """The examples in `root/folder`, with the register of people they use in `root`."""
    shutil.copytree(EXAMPLES, root / folder)
    shutil.copy(PEOPLE, root / PEOPLE.name)
    return root / folder


def briefs(folder: Path) -> list[Path]:
    """The files of an output folder, by name, without the build's state (see freshness.py)."""
    from briefgen.freshness import STATE_FILE

    return sorted(p for p in folder.iterdir() if p.name != STATE_FILE)
