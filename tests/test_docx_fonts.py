"""The DOCX carries its own fonts and names them in its styles; LibreOffice, on a machine without
them, shows the brief in them all the same and never leaves a heading at the foot of a page."""

from __future__ import annotations

import re
import shutil
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont, TTLibError

from briefgen import Templates
from briefgen.docx_writer import write_docx
from briefgen.template_set import DEFAULT_TEMPLATES

from conftest import (
    EXAMPLES,
    MINIMAL,
    PAGE_FOOTER,
    PEOPLE,
    docx_text,
    libreoffice_pdfs,
    pages,
    pdf_fonts,
    require,
    run_cli,
    write_tree,
)

VIETNAMESE = "vn-uk-reception-summary-vi"
DEJAVU = "/usr/share/fonts/truetype/dejavu"  # a machine's fonts, without Noto
FACES = {"embedRegular": (False, False), "embedBold": (True, False)}
FACES |= {"embedItalic": (False, True), "embedBoldItalic": (True, True)}
HEADING_STYLES = ["Title", *(f"Heading {n}" for n in range(1, 6)), "Table Heading"]
THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Vietnamese summary's DOCX, built by the real command."""
    root = tmp_path_factory.mktemp("fonts")
    shutil.copy(EXAMPLES / f"{VIETNAMESE}.yaml", root)
    shutil.copy(PEOPLE, root)
    result = run_cli("build", f"{VIETNAMESE}.yaml", "-o", "out", "-f", "docx", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "out" / f"{VIETNAMESE}.docx"


def embedded_fonts(docx: Path, subsetted: bool = True) -> list[tuple[str, str, str, bytes]]:
    """(family, face, fontKey, obfuscated bytes) of each font the font table embeds as a subset
    (or, `subsetted=False`, whole)."""
    with zipfile.ZipFile(docx) as package:
        table = parse_xml(package.read("word/fontTable.xml"))
        rels = parse_xml(package.read("word/_rels/fontTable.xml.rels"))
        types = parse_xml(package.read("[Content_Types].xml"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        assert {r.get("Type") for r in rels} == {
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
        }
        found = []
        for font in table.iterfind(qn("w:font")):
            for embed in font:
                face = embed.tag.split("}")[1]
                if face in FACES and (embed.get(qn("w:subsetted")) == "1") is subsetted:
                    target = targets[embed.get(qn("r:id"))]
                    assert re.fullmatch(r"fonts/font\d+\.odttf", target)
                    data = package.read(f"word/{target}")
                    key = embed.get(qn("w:fontKey"))
                    found.append((font.get(qn("w:name")), face, key, data))
        odttf = [
            t
            for t in types
            if t.get("Extension") == "odttf" or ".odttf" in (t.get("PartName") or "")
        ]
        assert {t.get("ContentType") for t in odttf} == {
            "application/vnd.openxmlformats-officedocument.obfuscatedFont"
        }
    return found


def deobfuscated(data: bytes, key: str) -> bytes:
    """An embedded font read back as ECMA-376 §17.8.1 orders: the GUID's 16 bytes, last first,
    XORed over the font's first 32 bytes."""
    guid = bytes.fromhex(re.sub(r"[{}-]", "", key))
    head = bytes(b ^ guid[15 - i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def plain_body_text(docx: Path) -> set[str]:
    """The characters of the Normal paragraphs' plain runs (neither bold nor italic)."""
    paragraphs = [p for p in Document(str(docx)).paragraphs if p.style.name == "Normal"]
    runs = [r for p in paragraphs for r in p.runs if not r.bold and not r.italic]
    return {c for r in runs for c in r.text if not c.isspace()}


def test_the_docx_embeds_subsets_of_the_fonts_it_uses(built: Path) -> None:
    fonts = embedded_fonts(built)
    # the faces the brief is set in: no bold italic anywhere, so none embedded
    faces = {(family, face) for family, face, _, _ in fonts}
    serif = {("Noto Serif", f) for f in ("embedRegular", "embedBold", "embedItalic")}
    assert faces == serif | {("Noto Sans", "embedRegular"), ("Noto Sans", "embedBold")}
    shown = {c for c in docx_text(built) if not c.isspace()}
    assert {"ư", "ạ", "ộ", "Đ"} <= plain_body_text(built)  # the test reads Vietnamese text
    drawn: dict[tuple[str, str], set[str]] = {}
    for family, face, key, data in fonts:
        assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", key)
        with pytest.raises(TTLibError):  # as stored, the font is not readable
            TTFont(BytesIO(data))["name"].getDebugName(1)
        font = TTFont(BytesIO(deobfuscated(data, key)))
        assert font["name"].getDebugName(1) == family
        selection = font["OS/2"].fsSelection
        assert (bool(selection & 0x20), bool(selection & 1)) == FACES[face]
        assert font["maxp"].numGlyphs < 1000  # a subset: the whole font has thousands
        drawn[family, face] = {chr(c) for c in font.getBestCmap()}
    assert plain_body_text(built) <= drawn["Noto Serif", "embedRegular"]
    assert shown <= set().union(*drawn.values())
    with zipfile.ZipFile(built) as package:
        settings = parse_xml(package.read("word/settings.xml"))
    assert settings.find(qn("w:embedTrueTypeFonts")) is not None
    assert settings.find(qn("w:saveSubsetFonts")) is not None


def templates_with_licence(root: Path, fs_type: int) -> Path:
    """A templates folder whose Noto Sans Regular carries the licence bits `fs_type`."""
    font = TTFont(DEFAULT_TEMPLATES / "fonts" / "NotoSans-Regular.ttf")
    font["OS/2"].fsType = fs_type
    (root / "templates" / "fonts").mkdir(parents=True)
    font.save(root / "templates" / "fonts" / "NotoSans-Regular.ttf")
    return root / "templates"


def test_a_font_whose_licence_forbids_embedding_is_left_out(tmp_path: Path) -> None:
    templates = templates_with_licence(tmp_path, 0x0002)  # restricted licence embedding
    write_tree(tmp_path, {"m.yaml": MINIMAL})
    result = run_cli("build", "m.yaml", "-f", "docx", "--templates", str(templates), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    faces = {(family, face) for family, face, _, _ in embedded_fonts(tmp_path / "output/m.docx")}
    assert ("Noto Sans", "embedBold") in faces
    assert ("Noto Sans", "embedRegular") not in faces


def test_a_font_that_may_not_be_subset_is_embedded_whole(tmp_path: Path) -> None:
    templates = templates_with_licence(tmp_path, 0x0100)  # no subsetting
    write_tree(tmp_path, {"m.yaml": MINIMAL})
    result = run_cli("build", "m.yaml", "-f", "docx", "--templates", str(templates), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    whole = embedded_fonts(tmp_path / "output/m.docx", subsetted=False)
    assert [(family, face) for family, face, _, _ in whole] == [("Noto Sans", "embedRegular")]
    data = deobfuscated(whole[0][3], whole[0][2])
    assert data == (templates / "fonts" / "NotoSans-Regular.ttf").read_bytes()


def test_styles_name_the_real_fonts_never_theme_fonts(built: Path) -> None:
    styles = Document(str(built)).styles
    for fonts in styles.element.iter(qn("w:rFonts")):
        assert not [a for a in THEME_FONTS if fonts.get(qn(a))], fonts.attrib
    expected = {"Normal": "Noto Serif", "Brief Meta": "Noto Serif", "Table Text": "Noto Serif"}
    expected |= dict.fromkeys(HEADING_STYLES, "Noto Sans")
    for name, family in expected.items():
        fonts = styles[name].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        slots = [fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "cs", "eastAsia")]
        assert slots == [family] * 4, name


def test_the_fonts_named_in_the_head_are_the_styles_fonts() -> None:
    head = '<meta name="briefgen:body-font" content="Brand Serif">'
    head += '<meta name="briefgen:heading-font" content="Brand Sans">'
    html = f"<html><head>{head}</head><body><h2>Outcome</h2><p>Agreed.</p></body></html>"
    docx = write_docx(html, Templates())
    fonts = {p.style.name: p.style.font.name for p in Document(BytesIO(docx)).paragraphs}
    assert fonts == {"Heading 1": "Brand Sans", "Normal": "Brand Serif"}
    with zipfile.ZipFile(BytesIO(docx)) as package:  # the templates hold no such fonts
        assert not [name for name in package.namelist() if name.endswith(".odttf")]


def with_fonts_unembedded(docx: Path, target: Path) -> Path:
    """The same DOCX with its font table no longer pointing at the embedded fonts."""
    with zipfile.ZipFile(docx) as old, zipfile.ZipFile(target, "w") as new:
        for member in old.infolist():
            data = old.read(member)
            if member.filename == "word/fontTable.xml":
                data = re.sub(rb"<w:embed(Regular|Bold|Italic|BoldItalic) [^>]*/>", b"", data)
            new.writestr(member, data)
    return target


def on_a_machine_without_noto(documents: list[Path], work: Path) -> Path:
    """The documents converted to PDF by LibreOffice, which sees DejaVu and no other fonts."""
    return libreoffice_pdfs(documents, work, require("soffice"), only_fonts=Path(require(DEJAVU)))


def test_libreoffice_without_the_fonts_shows_the_embedded_ones(built: Path, tmp_path: Path) -> None:
    out = on_a_machine_without_noto([built], tmp_path / "embedded")
    embedded = pdf_fonts(out / f"{VIETNAMESE}.pdf")
    assert {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSans-Regular", "NotoSans-Bold"} <= embedded
    assert not [f for f in embedded if "DejaVu" in f]
    # the control, in a LibreOffice of its own (one keeps the fonts a document brought): without
    # the embedded fonts, the same document falls back to DejaVu
    control = with_fonts_unembedded(built, tmp_path / "control.docx")
    out = on_a_machine_without_noto([control], tmp_path / "control")
    fallback = pdf_fonts(out / "control.pdf")
    assert not [f for f in fallback if "Noto" in f]
    assert [f for f in fallback if "DejaVu" in f]


LONG_MEETING = """\
kind: post-meeting
title: Long talks
date: 2025-03-04
summary: |
{summary}
agreements:
{agreements}
participants:
{participants}
"""


def long_meeting(points: int) -> str:
    summary = "\n\n".join(f"  Point {i} of the talks was raised and noted." for i in range(points))
    agreements = "".join(
        f"  - {{title: Memorandum {i} on cooperation, kind: MoU, status: signed}}\n"
        for i in range(3)
    )
    participants = "".join(
        f"  - {{name: Person {i}, title: Officer, side: {'North' if i < 3 else 'South'}}}\n"
        for i in range(6)
    )
    return LONG_MEETING.format(summary=summary, agreements=agreements, participants=participants)


def test_no_heading_is_left_at_the_foot_of_a_page_in_libreoffice(tmp_path: Path) -> None:
    # More and more text before the headings moves each across the page foot in turn: the
    # "Agreements" heading before a table, "Participants" before a sub-heading and a list.
    sizes = range(13, 28)
    write_tree(tmp_path, {f"talks-{n:02d}.yaml": long_meeting(n) for n in sizes})
    names = [f"talks-{n:02d}" for n in sizes]
    result = run_cli(
        "build", *(f"{n}.yaml" for n in names), "-o", "out", "-f", "docx", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    documents = [tmp_path / "out" / f"{n}.docx" for n in names]
    out = on_a_machine_without_noto(documents, tmp_path)
    moved = 0  # headings that begin a page: the sizes did bring headings to a page foot
    for name, document in zip(names, documents, strict=True):
        headings = {
            p.text for p in Document(str(document)).paragraphs if p.style.name in HEADING_STYLES
        }
        assert {"Agreements", "Participants", "North"} <= headings
        for number, page in enumerate(pages(out / f"{name}.pdf"), 1):
            lines = [line.strip() for line in PAGE_FOOTER.sub("", page).splitlines()]
            lines = [line for line in lines if line]
            assert lines[-1] not in headings, f"{name}: page {number} ends with a heading"
            moved += number > 1 and lines[0] in headings
    assert moved >= 3


def templates_with_accent(root: Path, accent: str) -> Path:
    """A templates folder whose base template names an accent colour in the brief's head."""
    base = (DEFAULT_TEMPLATES / "base.html.j2").read_text(encoding="utf-8")
    meta = '<meta name="briefgen:heading-font" content="{{ brand.heading_font }}">'
    assert meta in base
    base = base.replace(meta, f'{meta}\n<meta name="briefgen:accent" content="{accent}">')
    return write_tree(root / "templates", {"base.html.j2": base})


@pytest.mark.parametrize(("accent", "colour"), [("#1a4f8b", "1A4F8B"), ("navy", "111111")])
def test_the_accent_colour_paints_the_headings(tmp_path: Path, accent: str, colour: str) -> None:
    templates = templates_with_accent(tmp_path, accent)
    write_tree(tmp_path, {"m.yaml": long_meeting(1)})
    result = run_cli("build", "m.yaml", "-f", "docx", "--templates", str(templates), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    styles = Document(str(tmp_path / "output" / "m.docx")).styles
    for name in HEADING_STYLES[:-1]:  # a header cell is not a heading
        element = styles[name].element.find(f"{qn('w:rPr')}/{qn('w:color')}")
        assert element.get(qn("w:val")) == colour, name
        assert element.get(qn("w:themeColor")) is None
    assert styles["Normal"].font.color.rgb is None  # the body text keeps its colour


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / f"{VIETNAMESE}.yaml", tmp_path)
    shutil.copy(PEOPLE, tmp_path)
    for out in ("one", "two"):
        result = run_cli("build", f"{VIETNAMESE}.yaml", "-o", out, "-f", "docx", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    first, second = (tmp_path / out / f"{VIETNAMESE}.docx" for out in ("one", "two"))
    assert embedded_fonts(first)
    assert first.read_bytes() == second.read_bytes()
