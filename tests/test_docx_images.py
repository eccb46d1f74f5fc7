"""Pictures in the DOCX, and an organisation's own Word template, through the real command.

A copied `base.html.j2` carries a PNG, a JPEG (by `asset()`) and an SVG logo: the DOCX holds
them as Word pictures of the size the HTML asks (as the PDF does), described by their alt text,
the SVG as itself behind a PNG fallback; LibreOffice shows them. A letterhead `reference.docx`
keeps its header, footer, first page and margins, with briefgen's running lines as paragraphs
of their own.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from PIL import Image

from briefgen import Templates
from briefgen.docx_writer import write_docx

from conftest import MINIMAL, ROOT, libreoffice_pdfs, require, run_cli, write_tree

TEMPLATES = ROOT / "templates"
LETTERHEAD = ROOT / "tests" / "fixtures" / "letterhead" / "reference.docx"
LONG_MEETING = ROOT / "tests" / "fixtures" / "board-actions-review.yaml"
SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
EMU_PX, EMU_MM = 9525, 36000
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80" viewBox="0 0 200 80">'
    '<rect width="200" height="80" fill="#1e6e46"/><circle cx="40" cy="40" r="30" fill="#fff"/>'
    "</svg>"
)
LOGOS = """\
<p class="logos"><img src="logo.png" width="120" alt="Trust logo">
and <img src="{{ asset('photo.jpg') }}" style="width: 30mm" alt="The river at dusk"></p>
<img src="emblem.svg" height="40" alt="Trust emblem">
"""
MARK = '<p class="left"><img src="mark.svg" style="height: 8mm" alt="Trust mark"></p>'


def raster(size: tuple[int, int], fmt: str) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (30, 110, 70)).save(out, fmt)
    return out.getvalue()


def with_logos() -> str:
    """briefgen's base template with the logos in the title block and a mark in the header."""
    base = (TEMPLATES / "base.html.j2").read_text(encoding="utf-8")
    base = base.replace("<header>\n", "<header>\n" + LOGOS, 1)
    return base.replace('<div class="page-header">\n', '<div class="page-header">\n' + MARK, 1)


@pytest.fixture(scope="module")
def pictured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace whose copied base template shows a PNG, a JPEG and two SVGs, built twice."""
    root = write_tree(
        tmp_path_factory.mktemp("pictures"),
        {
            "inputs/m.yaml": MINIMAL,
            "templates/base.html.j2": with_logos(),
            "templates/logo.png": raster((240, 96), "PNG"),
            "templates/photo.jpg": raster((300, 150), "JPEG"),
            "templates/emblem.svg": SVG,
            "templates/mark.svg": SVG,
        },
    )
    for output in ("output", "again"):
        result = run_cli("build", "-f", "docx,pdf", "-o", output, "--force", cwd=root)
        assert result.returncode == 0, result.stderr
    return root


def part_xml(docx: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(docx.read(name))


def targets(docx: zipfile.ZipFile, part: str) -> dict[str, str]:
    """The relationship ids of a part and the package members they lead to."""
    folder, name = part.rsplit("/", 1)
    rels = part_xml(docx, f"{folder}/_rels/{name}.rels")
    return {r.get("Id"): f"{folder}/{r.get('Target')}" for r in rels}


def pictures(docx: zipfile.ZipFile, part: str) -> list[dict]:
    """Each picture of a part: its description, size in EMU, and the bytes it shows (the
    blip's own and, for an SVG, the svgBlip's)."""
    found, rels = [], targets(docx, part)
    for inline in part_xml(docx, part).iter(qn("wp:inline")):
        extent, blip = inline.find(qn("wp:extent")), inline.find(".//" + qn("a:blip"))
        svg = blip.find(f".//{{{SVG_NS}}}svgBlip")
        found.append(
            {
                "descr": inline.find(qn("wp:docPr")).get("descr"),
                "size": (int(extent.get("cx")), int(extent.get("cy"))),
                "blip": docx.read(rels[blip.get(qn("r:embed"))]),
                "svg": None if svg is None else docx.read(rels[svg.get(qn("r:embed"))]),
            }
        )
    return found


def test_png_jpeg_and_svg_become_pictures_of_the_size_the_html_asks(pictured: Path) -> None:
    with zipfile.ZipFile(pictured / "output" / "m.docx") as docx:
        png, jpeg, svg = pictures(docx, "word/document.xml")
        assert png["descr"] == "Trust logo"
        assert png["size"] == (120 * EMU_PX, 48 * EMU_PX)  # width given, height follows
        assert png["blip"] == (pictured / "templates" / "logo.png").read_bytes()
        assert png["svg"] is None
        assert jpeg["descr"] == "The river at dusk"
        assert jpeg["size"] == (30 * EMU_MM, 15 * EMU_MM)
        assert jpeg["blip"] == (pictured / "templates" / "photo.jpg").read_bytes()
        assert svg["descr"] == "Trust emblem"
        assert svg["size"] == (100 * EMU_PX, 40 * EMU_PX)  # height given, width follows
        assert svg["svg"] == SVG.encode()
        fallback = Image.open(BytesIO(svg["blip"]))
        assert (fallback.format, fallback.size) == ("PNG", (200, 80))  # twice the size shown
        content_types = docx.read("[Content_Types].xml").decode()
        assert 'ContentType="image/svg+xml"' in content_types


def test_a_picture_in_the_running_line_goes_into_the_word_header(pictured: Path) -> None:
    with zipfile.ZipFile(pictured / "output" / "m.docx") as docx:
        [header] = [n for n in docx.namelist() if re.fullmatch(r"word/header\d+\.xml", n)]
        [mark] = pictures(docx, header)
        assert mark["descr"] == "Trust mark"
        assert mark["size"] == (20 * EMU_MM, 8 * EMU_MM)
        assert mark["svg"] == SVG.encode()
        ids = [
            d.get("id")
            for n in docx.namelist()
            if n.endswith(".xml") and "word/" in n
            for d in part_xml(docx, n).iter(qn("wp:docPr"))
        ]
        assert len(ids) == len(set(ids)) == 4  # unique across the body and the header


def test_pictures_leave_the_docx_deterministic(pictured: Path) -> None:
    first = (pictured / "output" / "m.docx").read_bytes()
    assert first == (pictured / "again" / "m.docx").read_bytes()


def shown(pdf: Path) -> set[tuple[int, int, int]]:
    """The images of a PDF: width and height in pixels, and pixels per inch as laid out."""
    rows = subprocess.run(
        [require("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return {(int(r.split()[3]), int(r.split()[4]), int(r.split()[12])) for r in rows}


def test_libreoffice_shows_the_pictures_at_the_size_of_the_pdf(
    pictured: Path, tmp_path: Path
) -> None:
    pdf = libreoffice_pdfs([pictured / "output" / "m.docx"], tmp_path, require("soffice")) / "m.pdf"
    # the PNG 120 CSS pixels wide (192 ppi), the JPEG 30 mm (254 ppi), in both formats alike
    assert {(240, 96, 192), (300, 150, 254)} <= shown(pictured / "output" / "m.pdf")
    assert {(240, 96, 192), (300, 150, 254)} <= shown(pdf)
    assert (200, 80, 192) in shown(pdf)  # the SVG's fallback, at twice the size shown


def test_a_missing_picture_fails_its_brief_alone_in_one_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "inputs/post.yaml": MINIMAL,
            "inputs/pre.yaml": MINIMAL.replace("post-meeting", "pre-meeting"),
            "templates/post-meeting.html.j2": (
                '{% extends "builtin/post-meeting.html.j2" %}{% block content %}'
                '<p><img src="missing.png" alt="Logo"></p>{{ super() }}{% endblock %}'
            ),
        },
    )
    result = run_cli("build", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 1
    missing = (tmp_path / "templates").resolve().as_uri() + "/missing.png"
    assert result.stderr.splitlines() == [
        f"inputs/post.yaml: error: cannot fetch {missing}: no such file",
        "1 built, 1 failed",
    ]
    assert sorted(p.name for p in (tmp_path / "output").glob("*.docx")) == ["pre.docx"]


def walked(body: str) -> Document:
    html = f'<html lang="en"><head><title>T</title></head><body>{body}</body></html>'
    return Document(BytesIO(write_docx(html, Templates())))


def extents(document: Document) -> list[tuple[int, int]]:
    found = document.element.body.iter(qn("wp:extent"))
    return [(int(e.get("cx")), int(e.get("cy"))) for e in found]


def test_sizes_from_style_units_and_the_text_width_as_the_limit() -> None:
    wide = "data:image/png;base64," + base64.b64encode(raster((2000, 500), "PNG")).decode()
    document = walked(
        f'<p><img src="{wide}" alt="Wide"></p>'  # its own size would run off the page
        f'<p><img src="{wide}" style="height: 1in"></p>'
        f'<p><img src="{wide}" style="width:2cm; height: 72pt"></p>'
        f'<p><img src="{wide}" width="100" style="width: 10mm"></p>'  # the style wins
    )
    text_width = 170 * EMU_MM  # A4 less briefgen's margins
    assert extents(document) == [
        (text_width, text_width // 4),
        (4 * 914400, 914400),
        (2 * 10 * EMU_MM, 72 * 12700),
        (10 * EMU_MM, 10 * EMU_MM // 4),
    ]


def test_an_image_of_no_source_is_its_alt_text_as_in_the_pdf() -> None:
    document = walked('<p>Logo: <img alt="Riverside Community Trust"> here</p>')
    assert [p.text for p in document.paragraphs] == ["Logo: Riverside Community Trust here"]
    assert extents(document) == []


@pytest.fixture(scope="module")
def letterhead(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A long brief built with the charity's own reference document."""
    root = tmp_path_factory.mktemp("letterhead")
    (root / "templates").mkdir()
    shutil.copy(LETTERHEAD, root / "templates" / "reference.docx")
    shutil.copy(LONG_MEETING, root / "board.yaml")
    result = run_cli("build", "-f", "docx", "board.yaml", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "output" / "board.docx"


def texts(part: object) -> list[str]:
    return [p.text for p in part.paragraphs]


def test_a_letterhead_keeps_its_header_and_footer_beside_briefgens_lines(
    letterhead: Path,
) -> None:
    section = Document(str(letterhead)).sections[0]
    marking = "\tOFFICIAL-SENSITIVE\t"  # centred between tab stops
    line = "Programme board, quarterly review\tOFFICIAL-SENSITIVE\tPage  of "  # fields left out
    assert section.different_first_page_header_footer
    assert texts(section.header) == [marking, "Riverside Community Trust"]
    assert texts(section.first_page_header) == [
        marking,
        "  Riverside Community Trust",
        "Registered charity no. 1234567",
    ]
    for footer in (section.footer, section.first_page_footer):
        assert texts(footer) == ["14 Mill Lane, Riverside", "Telephone 01632 960 123", line]
        assert footer.paragraphs[-1].style.name == "Footer"
    assert section.first_page_header._element.xpath(".//w:drawing")  # the logo stays
    # its own margins, not briefgen's
    assert (section.top_margin.mm, section.left_margin.mm) == pytest.approx((42, 25), abs=0.1)


def test_libreoffice_lays_the_letterhead_and_the_lines_out_apart(
    letterhead: Path, tmp_path: Path
) -> None:
    pdf = libreoffice_pdfs([letterhead], tmp_path, require("soffice")) / "board.pdf"
    layout = subprocess.run(
        [require("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = [
        [line.strip() for line in page.splitlines() if line.strip()]
        for page in layout.split("\f")[:-1]
    ]
    assert len(pages) >= 2
    for number, lines in enumerate(pages, 1):
        assert lines[0] == "OFFICIAL-SENSITIVE"
        assert "14 Mill Lane, Riverside" in lines
        assert "Telephone 01632 960 123" in lines
        [footer] = [x for x in lines if x.endswith(f"Page {number} of {len(pages)}")]
        assert footer.startswith("Programme board, quarterly review")
        letterhead_only = "Registered charity no. 1234567" in lines
        assert letterhead_only == (number == 1)
    first_page = subprocess.run(
        [require("pdfimages"), "-list", "-f", "1", "-l", "1", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert any(r.split()[3:5] == ["160", "160"] for r in first_page)  # the logo
