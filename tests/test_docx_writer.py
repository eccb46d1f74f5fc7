"""HTML walked into Word: styles by element and class, lists, tables, inline formatting, links."""

from __future__ import annotations

import zipfile
from datetime import datetime, timezone
from io import BytesIO

from docx import Document
from docx.oxml.ns import qn

from briefgen import Templates
from briefgen.docx_writer import write_docx

HEAD = """<html lang="en-GB"><head><title>Quarterly review</title>
<meta name="author" content="Board secretariat"><meta name="description" content="Meeting summary">
<meta name="keywords" content="post-meeting, board">
<meta name="dcterms.created" content="2025-05-06">
<style>p { color: red }</style></head>"""


def docx(body: str):
    return Document(BytesIO(write_docx(f"{HEAD}<body>{body}</body></html>", Templates())))


def styled(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_elements_and_classes_map_to_named_styles() -> None:
    document = docx(
        '<h1 class="title">Review</h1><p class="brief-meta">6 May</p><h2>Outcome</h2>'
        '<h3>Detail</h3><p class="no-such-style">Plain</p><div><p>Nested</p>loose text</div>'
    )
    assert styled(document) == [
        ("Title", "Review"),
        ("Brief Meta", "6 May"),
        ("Heading 1", "Outcome"),
        ("Heading 2", "Detail"),
        ("Normal", "Plain"),
        ("Normal", "Nested"),
        ("Normal", "loose text"),
    ]


def test_white_space_collapses_as_in_html() -> None:
    document = docx("<p>\n  Two   words <strong> bold </strong>\n end  </p>")
    assert document.paragraphs[0].text == "Two words bold end"


def test_inline_formatting_becomes_run_properties() -> None:
    paragraph = docx("<p>a <strong>b</strong> <em>c</em><sup>[1]</sup><br>d</p>").paragraphs[0]
    runs = [(r.text, r.bold, r.italic, r.font.superscript) for r in paragraph.runs]
    assert runs == [
        ("a ", None, None, None),
        ("b", True, None, None),
        (" ", None, None, None),
        ("c", None, True, None),
        ("[1]", None, None, True),
        ("\n", None, None, None),
        ("d", None, None, None),
    ]
    assert paragraph.runs[5]._r.find(qn("w:br")) is not None


def test_links_are_real_hyperlinks() -> None:
    document = docx('<p>See <a href="https://example.org/r">the report</a>.</p>')
    link = document.paragraphs[0].hyperlinks[0]
    assert (link.text, link.url) == ("the report", "https://example.org/r")
    assert document.paragraphs[0].text == "See the report."
    assert link.runs[0].style.name == "Hyperlink"


def test_lists_nest_and_ordered_lists_restart() -> None:
    document = docx(
        "<ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>"
        "<ol><li>one</li><li>two</li></ol><ol><li>again</li></ol>"
    )
    assert styled(document) == [
        ("List Bullet", "a"),
        ("List Bullet 2", "a1"),
        ("List Bullet", "b"),
        ("List Number", "one"),
        ("List Number", "two"),
        ("List Number", "again"),
    ]
    num_ids = [p._p.pPr.numPr.numId.val for p in document.paragraphs[3:]]
    assert num_ids[0] == num_ids[1] != num_ids[2]
    numbering = document.part.numbering_part.element
    for num_id in (num_ids[0], num_ids[2]):
        override = numbering.num_having_numId(num_id).lvlOverride_lst[0]
        assert override.startOverride.val == 1


def test_tables_keep_cells_and_repeat_header_rows() -> None:
    document = docx(
        '<table class="actions"><thead><tr><th>Action</th><th>Due</th></tr></thead>'
        "<tbody><tr><td>Write <em>it</em></td><td>6 May</td></tr>"
        "<tr><td><p>One</p><p>Two</p></td><td></td></tr></tbody></table>"
    )
    table = document.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Action", "Due"],
        ["Write it", "6 May"],
        ["One\nTwo", ""],
    ]
    assert table.style.name == "Table Grid"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold is True
    assert len(table.rows[2].cells[0].paragraphs) == 2


def test_properties_come_from_the_html_head_not_the_clock() -> None:
    props = docx("<p>x</p>").core_properties
    created = datetime(2025, 5, 6, tzinfo=timezone.utc)
    assert (props.title, props.author, props.subject) == (
        "Quarterly review",
        "Board secretariat",
        "Meeting summary",
    )
    assert (props.keywords, props.language) == ("post-meeting, board", "en-GB")
    # python-docx before 1.2 reads the dates back without their time zone (UTC)
    dates = [
        d if d.tzinfo else d.replace(tzinfo=timezone.utc) for d in (props.created, props.modified)
    ]
    assert (*dates, props.revision) == (created, created, 1)


def test_head_and_style_content_stay_out_of_the_body() -> None:
    assert [p.text for p in docx("<p>only</p>").paragraphs] == ["only"]


def test_no_break_spaces_are_kept_while_html_white_space_collapses() -> None:
    doc = docx("<p>\n  10\u00a0km \t and\u3000more\u00a0</p>")
    assert doc.paragraphs[0].text == "10\u00a0km and\u3000more\u00a0"


def test_long_properties_are_shortened_and_far_dates_still_give_a_package() -> None:
    title = "T" * 300
    html = (
        f"<html lang='en'><head><title>{title}</title>"
        "<meta name='dcterms.created' content='2150-01-01'></head><body><p>x</p></body></html>"
    )
    data = write_docx(html, Templates())
    doc = Document(BytesIO(data))
    assert doc.core_properties.title == "T" * 254 + "…"
    assert doc.core_properties.created.year == 2150
    with zipfile.ZipFile(BytesIO(data)) as package:
        assert {m.date_time[0] for m in package.infolist()} == {2107}
