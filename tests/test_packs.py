"""Meeting packs through the real command: annexes listed in the brief, bound by `--pack`."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
import weasyprint
from pypdf import PdfReader, PdfWriter

from conftest import MINIMAL, docx_text, pdf_text, require, run_cli, write_tree

STATEMENT = "<title>Joint statement</title><p>The statement.</p>"
# two pages, with an outline of its own (WeasyPrint makes bookmarks of the headings)
REPORT = "<h1>Findings</h1><p>…</p><h1 style='break-before: page'>Annex tables</h1><p>…</p>"

BRIEF = """\
kind: pre-meeting
title: Board meeting
date: 2025-06-30
objectives: [Agree the plan.]
annexes:
  - ../annexes/statement.pdf
  - file: ../annexes/report.pdf
    title: Audit report
"""


def pdf(html: str) -> bytes:
    return weasyprint.HTML(string=html).write_pdf()


def outline(path: Path) -> list[tuple[int, str, int]]:
    """The bookmarks of a PDF as (depth, title, 0-based page), in order."""
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def pages(path: Path) -> int:
    return len(PdfReader(path).pages)


@pytest.fixture
def packed(tmp_path: Path) -> Path:
    """A workspace whose meeting has two PDF annexes (1 and 2 pages), built with --pack."""
    write_tree(
        tmp_path,
        {
            "inputs/board.yaml": BRIEF,
            "annexes/statement.pdf": pdf(STATEMENT),
            "annexes/report.pdf": pdf(REPORT),
        },
    )
    result = run_cli("build", "--pack", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "inputs/board.yaml -> output/board.docx, output/board.pdf, output/board.pack.pdf" in (
        result.stdout
    )
    return tmp_path / "output"


def test_a_pack_binds_the_brief_then_each_annex(packed: Path) -> None:
    check = subprocess.run(
        [require("qpdf"), "--check", str(packed / "board.pack.pdf")], capture_output=True
    )
    assert check.returncode == 0, check.stdout
    brief = pages(packed / "board.pdf")
    assert pages(packed / "board.pack.pdf") == brief + 1 + 2
    assert outline(packed / "board.pack.pdf") == [
        (0, "Board meeting", 0),
        (1, "Objectives", 0),
        (1, "Annexes", 0),
        (0, "Annex A: Joint statement", brief),
        (0, "Annex B: Audit report", brief + 1),
        (1, "Findings", brief + 1),
        (1, "Annex tables", brief + 2),
    ]
    pack = PdfReader(packed / "board.pack.pdf")
    assert pack.page_labels == ["1", "A-1", "B-1", "B-2"]
    assert (pack.metadata.title, pack.root_object["/Lang"]) == ("Board meeting", "en")


def test_the_brief_lists_its_annexes(packed: Path) -> None:
    listed = "Annexes\nAnnex A: Joint statement (1 page)\nAnnex B: Audit report (2 pages)"
    assert listed in pdf_text(packed / "board.pdf")
    assert listed in docx_text(packed / "board.docx")


def test_a_pack_is_the_same_bytes_each_time(packed: Path) -> None:
    first = (packed / "board.pack.pdf").read_bytes()
    result = run_cli("build", "--pack", "--force", "-f", "pdf", cwd=packed.parent)
    assert result.returncode == 0, result.stderr
    assert (packed / "board.pack.pdf").read_bytes() == first


def test_changing_an_annex_builds_the_pack_again(packed: Path) -> None:
    root = packed.parent
    assert run_cli("build", "--pack", cwd=root).stdout.endswith("0 built, 1 up to date, 0 failed\n")
    (root / "annexes/statement.pdf").write_bytes(pdf(STATEMENT + "<p style='break-before: page'>"))
    result = run_cli("build", "--pack", cwd=root)
    assert result.stdout.endswith("1 built, 0 failed\n"), result.stdout + result.stderr
    assert pages(packed / "board.pack.pdf") == pages(packed / "board.pdf") + 2 + 2
    assert "Annex A: Joint statement (2 pages)" in pdf_text(packed / "board.pdf")


def test_a_meeting_file_annex_is_its_brief(tmp_path: Path) -> None:
    """Set by `pack: true` in the workspace file; the annexed meeting is built in the same run
    even when only the annexing file is named."""
    write_tree(
        tmp_path,
        {
            "briefgen.yaml": "pack: true\nformats: [pdf]\n",
            "inputs/board.yaml": MINIMAL + "annexes: [earlier.yaml]\n",
            "inputs/earlier.yaml": MINIMAL.replace("Budget review", "Earlier review"),
        },
    )
    result = run_cli("build", "inputs/board.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = tmp_path / "output"
    brief, earlier = pages(output / "board.pdf"), pages(output / "earlier.pdf")
    assert pages(output / "board.pack.pdf") == brief + earlier
    assert (0, "Annex A: Earlier review", brief) in outline(output / "board.pack.pdf")
    assert "Annex A: Earlier review" in pdf_text(output / "board.pdf")
    assert not (output / "earlier.pack.pdf").exists()  # no annexes, no pack


def encrypted() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("annex", "message"),
    [
        ("missing.pdf", "'missing.pdf' not found"),
        ("notes.txt", "'notes.txt' is neither a PDF nor a meeting file (.pdf, .yaml, .yml)"),
        ("broken.pdf", "'broken.pdf' cannot be read as a PDF"),
        ("huge.pdf", "'huge.pdf' is larger than 67,108,864 bytes, the most an annex may be"),
        ("locked.pdf", "'locked.pdf' is encrypted; give the PDF without a password"),
        (
            "../../outside.pdf",
            "'../../outside.pdf' is outside the workspace; annexes are read only from its folder",
        ),
        (
            "link.pdf",
            "'link.pdf' is outside the workspace; annexes are read only from its folder",
        ),
        (
            "https://example.org/a.pdf",
            "'https://example.org/a.pdf' is an address; an annex is a file of the workspace "
            "(a PDF or a meeting file)",
        ),
        ("bad.yaml", "'bad.yaml' is this meeting itself; a meeting cannot annex itself"),
        ("broken.yaml", "'broken.yaml' has errors"),
        (
            "other.yaml",
            "'other.yaml' makes a cycle: inputs/bad.yaml → inputs/other.yaml → inputs/bad.yaml",
        ),
    ],
)
def test_a_bad_annex_fails_its_brief_alone(tmp_path: Path, annex: str, message: str) -> None:
    root = tmp_path / "workspace"
    write_tree(
        tmp_path,
        {
            "outside.pdf": pdf(STATEMENT),
            "workspace/inputs/good.yaml": MINIMAL,
            "workspace/inputs/bad.yaml": MINIMAL + f"annexes:\n  - {annex}\n",
            "workspace/inputs/other.yaml": MINIMAL + "annexes: [bad.yaml]\n",
            "workspace/inputs/notes.txt": "notes",
            "workspace/inputs/broken.yaml": "kind: pre-meeting\n",
            "workspace/inputs/broken.pdf": b"%PDF-1.7\nnot really\n",
            "workspace/inputs/locked.pdf": encrypted(),
        },
    )
    (root / "inputs/link.pdf").symlink_to(tmp_path / "outside.pdf")
    with (root / "inputs/huge.pdf").open("wb") as huge:  # sparse: no disk is spent on it
        huge.truncate(64 * 1024 * 1024 + 1)
    result = run_cli(
        "build", "--pack", "-f", "pdf", "inputs/good.yaml", "inputs/bad.yaml", cwd=root
    )
    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[0] == f"inputs/bad.yaml:5:5: error: annexes[0].file: {message}"
    )
    assert "inputs/good.yaml -> output/good.pdf" in result.stdout
    assert not (root / "output/bad.pdf").exists()


def test_check_reports_a_bad_annex(tmp_path: Path) -> None:
    write_tree(tmp_path, {"inputs/m.yaml": MINIMAL + "annexes:\n  - file: gone.pdf\n"})
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "inputs/m.yaml:5:11: error: annexes[0].file: 'gone.pdf' not found"
    )


def test_continuous_numbering_counts_the_pack_in_the_brief(packed: Path) -> None:
    """The brief alone keeps its own count; its copy in the pack counts the pack's pages."""
    root = packed.parent
    result = run_cli("build", "--pack", "--pack-numbering", "continuous", "-f", "pdf", cwd=root)
    assert result.stdout.endswith("1 built, 0 failed\n"), result.stdout + result.stderr
    total = pages(packed / "board.pack.pdf")
    assert total == pages(packed / "board.pdf") + 3
    brief = PdfReader(packed / "board.pack.pdf").pages[0].extract_text()
    assert f"Page 1 of {total}" in brief
    assert "Page 1 of 1" in pdf_text(packed / "board.pdf")


def test_a_pdf_that_readers_repair_is_bound_without_noise(tmp_path: Path) -> None:
    """Offsets shifted by an edit: readers (and pypdf) repair them, and so does the pack."""
    made = pdf(REPORT)
    start = made.index(b"\n", 10) + 1
    write_tree(
        tmp_path,
        {
            "inputs/m.yaml": MINIMAL + "annexes: [edited.pdf]\n",
            "inputs/edited.pdf": made[:start] + b"% an edit\n" + made[start:],
        },
    )
    result = run_cli("build", "--pack", "-f", "pdf", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    pack = tmp_path / "output/m.pack.pdf"
    assert pages(pack) == pages(tmp_path / "output/m.pdf") + 2
    check = subprocess.run([require("qpdf"), "--check", str(pack)], capture_output=True)
    assert check.returncode == 0, check.stdout
