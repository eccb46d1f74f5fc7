"""Regenerate templates/reference.docx, the Word styles DOCX briefs are built on.

The file is committed so that it can also be restyled by hand in Word or LibreOffice; run this
script only to start again from python-docx's own template: `python scripts/make_reference_docx.py`.
"""

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

SANS, SERIF = "Noto Sans", "Noto Serif"  # shipped in templates/fonts
GREY = RGBColor(0x55, 0x55, 0x55)
INK = RGBColor(0x11, 0x11, 0x11)


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(24)
    section.left_margin = section.right_margin = Mm(20)
    styles = doc.styles

    normal = styles["Normal"]
    _font(normal, SERIF)
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True  # no single lines left at a page top or bottom

    headings = [("Title", 20, 0), ("Heading 1", 13, 16), ("Heading 2", 11, 10)]
    headings += [(f"Heading {n}", 10.5, 8) for n in range(3, 6)]
    for name, size, before in headings:
        style = styles[name]
        _font(style, SANS)
        style.font.size, style.font.bold, style.font.italic = Pt(size), True, False
        style.font.color.rgb = INK
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        borders = style.element.pPr.find(qn("w:pBdr")) if style.element.pPr is not None else None
        if borders is not None:  # python-docx's Title is underlined in blue
            style.element.pPr.remove(borders)

    def paragraph_style(style_name: str, size: float, **font: object) -> None:
        style = styles.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        for key, value in font.items():
            setattr(style.font, key, value)
        _font(style, str(font.get("name", SERIF)))

    for name in ("Header", "Footer"):
        style = styles[name]
        _font(style, SANS)
        style.font.size, style.font.color.rgb = Pt(8), GREY

    paragraph_style("Brief Kind", 9, name=SANS, all_caps=True)
    styles["Brief Kind"].font.color.rgb = GREY
    styles["Brief Kind"].paragraph_format.space_after = Pt(0)
    paragraph_style("Brief Meta", 10.5)
    styles["Brief Meta"].paragraph_format.space_after = Pt(2)
    paragraph_style("Proposal Text", 10.5)
    styles["Proposal Text"].paragraph_format.keep_with_next = True
    styles["Proposal Text"].paragraph_format.space_after = Pt(2)
    paragraph_style("Proposal Meta", 9)
    styles["Proposal Meta"].font.color.rgb = GREY
    styles["Proposal Meta"].paragraph_format.space_after = Pt(2)

    # The organisation's letterhead (brand: in briefgen.yaml), as the PDF's stylesheet sets it
    paragraph_style("Letterhead Name", 12, name=SANS, bold=True)
    paragraph_style("Letterhead Line", 8.5, name=SANS)
    styles["Letterhead Line"].font.color.rgb = GREY
    styles["Letterhead Name"].paragraph_format.space_after = Pt(0)
    styles["Letterhead Line"].paragraph_format.space_after = Pt(12)  # after the last line only:
    contextual = OxmlElement("w:contextualSpacing")  # none between lines of the same style
    styles["Letterhead Line"].element.get_or_add_pPr().append(contextual)
    _rule_below(styles["Letterhead Line"])  # drawn once, under the last line of the group

    for name, size, font in (("Table Text", 9.5, SERIF), ("Table Heading", 9, SANS)):
        paragraph_style(name, size, name=font, bold=font == SANS)
        styles[name].paragraph_format.space_before = Pt(2)
        styles[name].paragraph_format.space_after = Pt(2)
        styles[name].paragraph_format.line_spacing = 1.1

    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x1A, 0x4F, 0x8B)
    link.font.underline = True

    _slim(doc)
    doc.core_properties.author = "briefgen"
    out = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"
    doc.save(out)
    print(f"wrote {out}")


def _font(style: object, name: str) -> None:
    """Set a style's font for every script slot, so Word uses it for all text, Vietnamese too."""
    style.font.name = name  # type: ignore[attr-defined]
    fonts = style.element.rPr.rFonts  # type: ignore[attr-defined]
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _rule_below(style: object) -> None:
    """A thin grey rule under a style's paragraphs, as the PDF's letterhead has."""
    borders = OxmlElement("w:pBdr")
    rule = {"w:val": "single", "w:sz": "6", "w:space": "6", "w:color": "8A8A8A"}
    borders.append(OxmlElement("w:bottom", {qn(k): v for k, v in rule.items()}))
    style.element.get_or_add_pPr().append(borders)  # type: ignore[attr-defined]


def _slim(doc: Document) -> None:
    """Keep only the styles briefs use, drop optional parts: a small file opens and saves fast."""
    keep = {
        "Normal",
        "Default Paragraph Font",
        "Normal Table",
        "No List",
        "Table Grid",
        "Title",
        "Hyperlink",
        "Header",
        "Footer",
    }
    keep |= {f"Heading {n}" for n in range(1, 6)}
    keep |= {
        f"{kind}{level}" for kind in ("List Bullet", "List Number") for level in ("", " 2", " 3")
    }
    keep |= {"Brief Kind", "Brief Meta", "Proposal Text", "Proposal Meta"}
    keep |= {"Table Text", "Table Heading", "Letterhead Name", "Letterhead Line"}
    keep |= {f"{name} Char" for name in keep}
    keep = {name.lower() for name in keep}  # built-in styles are stored as "heading 1"
    styles = doc.styles.element
    for style in list(styles.style_lst):
        if style.name_val.lower() not in keep:
            styles.remove(style)
    for rels in (doc.part.rels, doc.part.package.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "customXml", "thumbnail"):
                del rels[rel_id]


if __name__ == "__main__":
    main()
