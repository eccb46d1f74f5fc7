"""The peer scripts the workspace benchmark times briefgen against still run, and their documents
carry the meeting they were made from (so that the benchmark never times a script that broke)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import EXAMPLES, ROOT

PEERS = ROOT / "benchmarks" / "peers"
TITLE = "Peer check, reception in Hà Nội"


def run_peer(script: str, tmp_path: Path) -> Path:
    """Run a peer on a copy of an example with its own title; the folder it wrote to."""
    source = (EXAMPLES / "vn-uk-reception-brief.yaml").read_text(encoding="utf-8")
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(
        source.replace("title: Reception of the UK Home Office delegation", f"title: {TITLE}"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run(
        [sys.executable, str(PEERS / script), str(out), str(meeting)], check=True, timeout=300
    )
    return out


def test_plain_weasyprint_writes_the_pdf(tmp_path: Path) -> None:
    pdf = run_peer("plain_weasyprint.py", tmp_path) / "meeting.pdf"
    assert TITLE in PdfReader(pdf).pages[0].extract_text()


def test_docxtpl_writes_the_docx(tmp_path: Path) -> None:
    document = Document(str(run_peer("docxtpl_script.py", tmp_path) / "meeting.docx"))
    texts = [p.text for p in document.paragraphs]
    assert TITLE in texts
    assert "Mr Simon Ridley" in [row.cells[0].text for row in document.tables[0].rows]


def test_pandoc_writes_the_docx(tmp_path: Path) -> None:
    if not shutil.which("pandoc"):  # `make bench-workspace` installs it; `make test` does not
        pytest.skip("pandoc is not installed")
    document = Document(str(run_peer("pandoc_script.py", tmp_path) / "meeting.docx"))
    texts = [p.text for p in document.paragraphs]
    assert TITLE in texts
    assert "Mr Simon Ridley" in [row.cells[0].text for row in document.tables[0].rows]
