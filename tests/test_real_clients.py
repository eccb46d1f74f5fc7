"""The briefs as real clients meet them: LibreOffice opens every DOCX, qpdf and poppler check every
PDF, and the page furniture, fonts, languages and variants are read back from the pages.

These tests need `soffice`, `qpdf` and poppler's tools. Where one is missing they skip, naming it;
with BRIEFGEN_REQUIRE_CLIENTS=1 (set by CI) a missing program fails them instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.dates import format_date
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import (
    EXAMPLES,
    PEOPLE,
    ROOT,
    docx_text,
    libreoffice_pdfs,
    pages,
    pdf_fonts,
    require,
    run,
    run_cli,
)

FIXTURES = ROOT / "tests" / "fixtures"
MEETINGS = sorted(EXAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))
NAMES = [p.stem for p in MEETINGS]
MARKINGS = {
    "vn-uk-reception-summary": "OFFICIAL",
    "vn-uk-reception-brief": "OFFICIAL",
    "vn-uk-reception-summary-vi": "LƯU HÀNH NỘI BỘ",
    "vn-uk-dialogue-4-brief": "OFFICIAL",
    "board-actions-review": "OFFICIAL-SENSITIVE",
}
PAGE_OF = {"vi": r"Trang (\d+)/(\d+)", "en": r"Page (\d+) of (\d+)"}


def language_of(name: str) -> str:
    return "vi" if name.endswith("-vi") else "en"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples and the fixtures, built once by the real command."""
    root = tmp_path_factory.mktemp("clients")
    for path in [*MEETINGS, PEOPLE]:
        shutil.copy(path, root / path.name)
    result = run_cli("build", *(p.name for p in MEETINGS), "-o", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "out"


@pytest.fixture(scope="module")
def converted(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every DOCX converted to PDF by LibreOffice, which sees the briefs' own fonts."""
    soffice = require("soffice")
    work = tmp_path_factory.mktemp("libreoffice")
    return libreoffice_pdfs(sorted(built.glob("*.docx")), work, soffice)


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_opens_every_docx_with_the_right_page_count(
    built: Path, converted: Path, name: str
) -> None:
    pdf = converted / f"{name}.pdf"
    assert pdf.is_file(), "soffice exits 0 even when it could not convert"
    texts = pages(pdf)
    assert len(texts) == len(PdfReader(pdf).pages) >= 1
    # Word's NUMPAGES field, as LibreOffice computed it, agrees with the pages it laid out
    numbers = re.findall(PAGE_OF[language_of(name)], texts[-1])
    assert numbers == [(str(len(texts)), str(len(texts)))]
    # and the layout is close to the PDF's: same fonts, same margins, same paper
    assert abs(len(texts) - len(pages(built / f"{name}.pdf"))) <= 1


@pytest.mark.parametrize("name", NAMES)
def test_every_pdf_passes_qpdf_and_embeds_every_font(built: Path, name: str) -> None:
    pdf = built / f"{name}.pdf"
    subprocess.run([require("qpdf"), "--check", str(pdf)], capture_output=True, check=True)
    rows = run(require("pdffonts"), str(pdf)).splitlines()[2:]
    assert rows
    for row in rows:
        # name type encoding emb sub uni object ID: 'emb' is the fourth field from the right
        assert row.split()[-5] == "yes", row


@pytest.mark.parametrize("name", NAMES)
def test_pdf_fonts_are_the_shipped_ones(built: Path, name: str) -> None:
    families = pdf_fonts(built / f"{name}.pdf")
    assert {"Noto-Serif", "Noto-Sans-Bold"} <= families


@pytest.mark.parametrize("name", sorted(MARKINGS))
def test_classification_marks_the_top_and_bottom_of_every_page(
    built: Path, converted: Path, name: str
) -> None:
    for pdf in (built / f"{name}.pdf", converted / f"{name}.pdf"):
        texts = pages(pdf)
        assert len(texts) >= 1
        for number, text in enumerate(texts, 1):
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            assert lines[0] == MARKINGS[name], (pdf, number)
            assert MARKINGS[name] in lines[-1], (pdf, number)


def test_an_unclassified_brief_carries_no_marking(built: Path, converted: Path) -> None:
    for pdf in (built / "minimal.pdf", converted / "minimal.pdf"):
        [text] = pages(pdf)
        assert "OFFICIAL" not in text
        assert re.search(r"Page 1 of 1\s*$", text)


@pytest.mark.parametrize("name", NAMES)
def test_page_x_of_y_on_every_page(built: Path, name: str) -> None:
    texts = pages(built / f"{name}.pdf")
    for number, text in enumerate(texts, 1):
        found = re.findall(PAGE_OF[language_of(name)], text)
        assert found == [(str(number), str(len(texts)))]


def test_long_tables_repeat_their_header_on_every_page(built: Path, converted: Path) -> None:
    for pdf in (built / "board-actions-review.pdf", converted / "board-actions-review.pdf"):
        with_rows = [t for t in pages(pdf) if re.search(r"^\s*G\d+ ", t, re.MULTILINE)]
        assert len(with_rows) >= 2, pdf
        for text in with_rows:
            assert re.search(r"Ref\.\s+Action\s+Owner\s+Due\s+Status", text), pdf


def test_overdue_actions_are_flagged_against_the_meeting_date(built: Path) -> None:
    rows = Document(str(built / "board-actions-review.docx")).tables[0].rows
    status = {row.cells[0].text: row.cells[4].text for row in rows[1:]}
    assert status["Q1"] == "Open\nOverdue"  # due 30 May, meeting 12 June, still open
    assert status["Q3"] == "In progress\nOverdue"
    assert status["Q2"] == "Done"  # due before the meeting but done
    assert status["Q4"] == "Open"  # due after the meeting
    assert sum("Overdue" in t for t in pages(built / "board-actions-review.pdf")) >= 1


def test_vietnamese_labels_and_dates_in_both_formats(built: Path, converted: Path) -> None:
    expected = [
        "TÓM TẮT KẾT QUẢ CUỘC HỌP",
        "Thứ Ba, ngày 04 tháng 3 năm 2025",  # as Vietnamese official documents date
        "Thành phần tham dự",
        "Công việc tiếp theo",
        "Phụ trách",
        "Thời hạn",
        "Đã ký",
        "Chưa thực hiện",
        "ngày 30 tháng 4",  # a narrow column may break before the year
        "Nguồn",
    ]
    name = "vn-uk-reception-summary-vi"
    for pdf in (built / f"{name}.pdf", converted / f"{name}.pdf"):
        text = " ".join(" ".join(pages(pdf, "-raw")).split())
        assert [e for e in expected if e.casefold() not in text.casefold()] == [], pdf
    docx = docx_text(built / f"{name}.docx")
    assert [e for e in expected if e.casefold() not in docx.casefold()] == []
    for english in ("Participants", "Follow-up actions", "Page ", "March"):
        assert english not in docx


def test_due_dates_and_citations_stay_on_one_line(built: Path, converted: Path) -> None:
    """A due date in its narrow column ("21 March" on one line, "2025" on the next) and a
    citation ("[1," / "2]") never break inside, in the PDF nor in the DOCX as LibreOffice lays
    it out."""
    import yaml

    for name in ("vn-uk-reception-summary", "vn-uk-reception-summary-vi"):
        data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
        dues = {  # in Vietnamese, a narrow column may break before the year ("năm 2025")
            f"ngày {a['due']:%d} tháng {a['due'].month}"
            if name.endswith("-vi")
            else format_date(a["due"], "long", locale="en_GB")
            for a in data["actions"]
            if "due" in a
        }
        assert len(dues) >= 3
        for pdf in (built / f"{name}.pdf", converted / f"{name}.pdf"):
            lines = [
                " ".join(line.replace("\u00a0", " ").split())
                for page in pages(pdf, "-raw")
                for line in page.splitlines()
            ]
            text = "\n".join(lines)
            assert [d for d in sorted(dues) if d not in text] == [], pdf
            assert "[1," not in [line.split()[-1] for line in lines if line.split()], pdf
            assert not any(line.endswith((" ngày", " tháng", " năm")) for line in lines), pdf


def test_docx_language_properties_fields_and_headings(built: Path) -> None:
    doc = Document(str(built / "vn-uk-reception-summary-vi.docx"))
    props = doc.core_properties
    assert props.title == "Tiếp Đoàn Bộ Nội vụ Vương quốc Anh"
    assert props.subject == "Tóm tắt kết quả cuộc họp"
    assert props.author == "Ban Thư ký Đối thoại Di cư Việt Nam – Vương quốc Anh"
    assert props.language == "vi"
    assert props.created.date().isoformat() == "2025-03-04"
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert lang.find(qn("w:lang")).get(qn("w:val")) == "vi"
    footer = doc.sections[0].footer._element
    fields = [f.get(qn("w:instr")) for f in footer.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Thành phần tham dự", "Kết quả", "Đề xuất"]


def test_pdf_bookmarks_follow_the_headings(built: Path) -> None:
    outline = PdfReader(built / "vn-uk-reception-summary.pdf").outline
    assert outline[0].title == "Reception of the UK Home Office delegation"
    sections = [item.title for item in outline[1] if not isinstance(item, list)]
    assert sections == [
        "Participants",
        "Outcome",
        "Proposals",
        "Agreements",
        "Follow-up actions",
        "Sources",
    ]


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-2b"])
def test_pdf_variants_carry_tags_and_language(tmp_path: Path, variant: str) -> None:
    shutil.copy(EXAMPLES / "vn-uk-reception-summary-vi.yaml", tmp_path / "m.yaml")
    result = run_cli("build", "m.yaml", "-f", "pdf", "--pdf-variant", variant, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "output" / "m.pdf"
    subprocess.run([require("qpdf"), "--check", str(pdf)], capture_output=True, check=True)
    root = PdfReader(pdf).trailer["/Root"]
    assert root["/Lang"] == "vi"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
    assert "/StructTreeRoot" in root
    metadata = root["/Metadata"].get_object().get_data().decode()
    part = "pdfuaid:part" if variant.startswith("pdf/ua") else "pdfaid:part"
    assert part in metadata
    assert "Tagged:          yes" in run(require("pdfinfo"), str(pdf))


def test_letter_paper_in_both_formats(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "m.yaml")
    result = run_cli("build", "m.yaml", "--paper", "letter", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "612 x 792 pts (letter)" in run(require("pdfinfo"), str(tmp_path / "output/m.pdf"))
    section = Document(str(tmp_path / "output" / "m.docx")).sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (8.5, 11)


def test_characters_without_a_glyph_warn_and_still_build(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "names-beyond-the-fonts.yaml", tmp_path / "m.yaml")
    for command in ("check", "build"):
        result = run_cli(command, "m.yaml", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        warnings = result.stderr.splitlines()
        assert warnings[0] == (
            "m.yaml:7:11: warning: participants[0].name: no glyph for '王' (U+738B), "
            "'毅' (U+6BC5) in the brief's fonts; another installed font will be used where one "
            "has them"
        )
        assert warnings[1].startswith("m.yaml:10:11: warning: participants[1].name: no glyph")
        assert warnings[1].count("(U+06") == 5 and "and 4 more" in warnings[1]
        assert len(warnings) == 2  # Vietnamese is covered: no warning for Nguyễn Thị Hằng
    assert (tmp_path / "output" / "m.pdf").stat().st_size > 1000
    assert "王毅" in docx_text(tmp_path / "output" / "m.docx")


def test_a_language_without_labels_warns_and_uses_english(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(
        "kind: post-meeting\ntitle: Réunion\ndate: 2025-05-06\nlanguage: fr\n", encoding="utf-8"
    )
    result = run_cli("build", "m.yaml", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "m.yaml:4:11: warning: language: no labels for 'fr' (add labels/fr.yaml to the "
        "templates); English labels are used"
    )
    text = docx_text(tmp_path / "output" / "m.docx")
    assert "Meeting summary" in text and "6 mai 2025" in text
