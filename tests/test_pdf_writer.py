"""PDF through WeasyPrint: a real PDF, with the metadata and text of the HTML."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from briefgen import Templates, load_meeting, render_html
from briefgen.options import PDF_VARIANTS
from briefgen.pdf_writer import write_pdf

from conftest import EXAMPLES


def test_example_pdf_has_pages_metadata_and_text() -> None:
    meeting = load_meeting(EXAMPLES / "vn-uk-reception-summary.yaml")
    pdf = write_pdf(render_html(meeting, Templates()), Templates())
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) >= 2
    info = reader.metadata
    assert info.title == "Reception of the UK Home Office delegation"
    assert info.author == "Secretariat, Viet Nam–UK Migration Dialogue"
    assert info.subject == "Meeting summary"
    assert info["/Keywords"] == "Meeting summary, vn-uk-migration-dialogue, OFFICIAL"
    assert info["/CreationDate"].startswith("D:20250304")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "Page 1 of" in reader.pages[0].extract_text()


def test_offered_pdf_variants_are_ones_weasyprint_writes() -> None:
    from weasyprint.pdf import VARIANTS

    assert set(PDF_VARIANTS) <= set(VARIANTS)
