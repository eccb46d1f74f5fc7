"""Walk a brief's HTML into a Word document, styled by the reference document's named styles."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from io import BytesIO
from typing import Any

import lxml.html
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree

from .docx_fonts import embed_fonts
from .docx_furniture import is_letterhead, line_paragraph, running_parts
from .docx_images import Pictures
from .docx_package import Links, Numbering, set_properties, stamped
from .docx_styles import Look, apply_look
from .links import link_target
from .options import DEFAULT_OPTIONS, PAPER_SIZES, Options
from .template_set import Templates

HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
HEADING_STYLES |= {"h5": "Heading 4", "h6": "Heading 5"}
CONTAINERS = {"body", "div", "section", "header", "footer", "article", "main", "aside", "nav"}
CONTAINERS |= {"blockquote", "figure"}
SKIPPED = {"head", "style", "script", "template"}
# Running lines on every page: the HTML element's class, the section part and its Word style.
FURNITURE = {"page-header": ("header", "Header"), "page-footer": ("footer", "Footer")}
FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}  # spans the layout fills with page numbers
MARGINS_MM = {"top": 24, "bottom": 24, "left": 20, "right": 20, "header": 10, "footer": 10}
BLOCKS = CONTAINERS | set(HEADING_STYLES) | {"p", "ul", "ol", "li", "table", "hr"}
SPACES = re.compile(r"[ \t\n\f\r]+")  # HTML's white space: no-break spaces are kept
WIDTH = re.compile(r"width:\s*([\d.]+)%")
TH_FILL = "ECECEC"  # header cells, as in the PDF's stylesheet
CELL_STYLES = {"td": "Table Text", "th": "Table Heading"}  # when the reference document has them


@dataclass(frozen=True)
class Format:
    """How a stretch of inline text is set: the run properties it gets in Word."""

    bold: bool = False
    italic: bool = False
    superscript: bool = False
    subscript: bool = False
    code: bool = False
    href: str | None = None
    field: str | None = None
    picture: Any = None  # the <img> element the run shows


PICTURE = "\ufffc"  # the text a picture stands in, as one character of its line

INLINE_FORMATS = {
    "strong": {"bold": True},
    "b": {"bold": True},
    "th": {"bold": True},
    "em": {"italic": True},
    "i": {"italic": True},
    "sup": {"superscript": True},
    "sub": {"subscript": True},
    "code": {"code": True},
}


def write_docx(html: str, templates: Templates, options: Options = DEFAULT_OPTIONS) -> bytes:
    """The DOCX bytes of a brief rendered to HTML."""
    tree = lxml.html.document_fromstring(html)
    doc = Document(BytesIO(templates.reference_docx()))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    text_width = _set_page(doc, options.paper)
    look = Look.of(tree)
    apply_look(doc, look)
    walker = _Walker(doc, text_width, Pictures(doc, templates.search_path, text_width), look)
    for element in tree.body.iterchildren("div"):
        furniture = next((FURNITURE[c] for c in element.classes if c in FURNITURE), None)
        if furniture:
            tree.body.remove(element)
            kind, style = furniture
            for part in running_parts(doc, kind):
                walker.running_line(element, line_paragraph(part, kind), style)
    walker.blocks(tree.body, doc)
    walker.pictures.sandbox.check()
    modified = set_properties(doc, tree)
    embed_fonts(doc, templates)
    out = BytesIO()
    doc.save(out)
    return stamped(out.getvalue(), modified)


class _Walker:
    """Turns block elements into paragraphs and tables, inline elements into runs."""

    def __init__(self, doc: DocxDocument, text_width: int, pictures: Pictures, look: Look) -> None:
        self.doc = doc
        self.text_width = text_width
        self.pictures = pictures
        self.code_font = (
            look.heading_font
        )  # as in the PDF: the shipped fonts have no monospace face
        # Style ids looked up once: python-docx resolves a style name by scanning every style.
        self.styles = {s.name: s.style_id for s in doc.styles}
        # Looked up once: python-docx finds the section properties by scanning the whole body
        # for every paragraph it adds, and the next hyperlink and numbering ids by scanning all.
        self.body_end = doc.element.body.find(qn("w:sectPr"))
        self.links = Links(doc.part)
        self.numbering = Numbering(doc, self.styles)

    def new_paragraph(self, container: Any, style: str) -> Paragraph:
        if container is self.doc and self.body_end is not None:
            p = OxmlElement("w:p")
            self.body_end.addprevious(p)
            paragraph = Paragraph(p, container._body)
        else:
            paragraph = container.add_paragraph()
        style_id = self.styles.get(style) if style != "Normal" else None  # None: Normal
        if style_id:  # written directly: python-docx's setter searches ~30 possible siblings
            etree.SubElement(_properties(paragraph._p), qn("w:pStyle"), {qn("w:val"): style_id})
        return paragraph

    def style_for(self, element: Any, default: str) -> str:
        """The Word style named after one of the element's classes (`brief-meta` → `Brief Meta`)."""
        for cls in element.classes:
            name = cls.replace("-", " ").title()
            if name in self.styles:
                return name
        return default

    def running_line(self, element: Any, paragraph: Paragraph, style: str) -> None:
        """A header or footer line: its left, center and right parts separated by tab stops."""
        places = {"left": [], "center": [], "right": []}
        for child in element.iterchildren("p"):
            for place in places.keys() & set(child.classes):
                self.contents(child, Format(), places[place])
        if not any(places.values()):
            return
        paragraph._p.style = self.styles.get(style)
        tabs = paragraph.paragraph_format.tab_stops
        tabs.add_tab_stop(self.text_width // 2, WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        for i, fragments in enumerate(places.values()):
            if i:
                paragraph.add_run().add_tab()
            self.add_runs(paragraph, fragments)

    def blocks(self, element: Any, container: Any, list_level: int = 0) -> None:
        """Add the block children of `element` to `container` (the document or a table cell)."""
        loose: list[Any] = []
        if element.text and element.text.strip():
            loose.append(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in BLOCKS:
                self.loose(loose, container)
                loose = []
                self.block(child, container, list_level)
            elif tag and tag not in SKIPPED:
                loose.append(child)
            if child.tail and child.tail.strip():
                loose.append(child.tail)
        self.loose(loose, container)

    def loose(self, nodes: list[Any], container: Any) -> None:
        """Inline content sitting directly in a container becomes one plain paragraph."""
        if nodes:
            paragraph = self.new_paragraph(container, "Normal")
            fragments: list[tuple[str, Format]] = []
            for node in nodes:
                if isinstance(node, str):
                    fragments.append((node, Format()))
                else:
                    self.inline(node, Format(), fragments, tail=False)
            self.add_runs(paragraph, fragments)

    def block(self, element: Any, container: Any, list_level: int) -> None:
        tag = element.tag
        if tag in CONTAINERS:
            self.blocks(element, container, list_level)
        elif tag in HEADING_STYLES or tag == "p":
            style = self.style_for(element, HEADING_STYLES.get(tag, "Normal"))
            self.paragraph(element, container, style)
        elif tag in ("ul", "ol"):
            self.list(element, container, list_level + 1)
        elif tag == "li":
            self.list_item(element, container, "List Bullet", list_level or 1, None)
        elif tag == "table":
            self.table(element, container)

    def paragraph(self, element: Any, container: Any, style: str) -> Paragraph:
        paragraph = self.new_paragraph(container, style)
        fragments: list[tuple[str, Format]] = []
        self.contents(element, Format(), fragments)
        self.add_runs(paragraph, fragments)
        return paragraph

    def list(self, element: Any, container: Any, level: int) -> None:
        base = "List Number" if element.tag == "ol" else "List Bullet"
        style = base if level == 1 else f"{base} {min(level, 3)}"
        style = self.style_for(element, style if style in self.styles else base)
        numbered = element.tag == "ol" and style in self.styles
        num_id = self.numbering.restarted(style) if numbered else None
        for item in element:
            if item.tag == "li":
                self.list_item(item, container, style, level, num_id)

    def list_item(self, item: Any, container: Any, style: str, level: int, num_id: int | None):
        paragraph = self.new_paragraph(container, self.style_for(item, style))
        if num_id is not None:  # after the style, as the schema orders them
            numbering = etree.SubElement(_properties(paragraph._p), qn("w:numPr"))
            etree.SubElement(numbering, qn("w:ilvl"), {qn("w:val"): "0"})
            etree.SubElement(numbering, qn("w:numId"), {qn("w:val"): str(num_id)})
        fragments: list[tuple[str, Format]] = []
        nested = []
        if item.text:
            fragments.append((item.text, Format()))
        for child in item:
            if child.tag in ("ul", "ol"):
                nested.append(child)
                if child.tail:
                    fragments.append((child.tail, Format()))
            else:
                self.inline(child, Format(), fragments)
        self.add_runs(paragraph, fragments)
        for child in nested:
            self.list(child, container, level + 1)

    def table(self, element: Any, container: Any) -> None:
        rows = [tr for tr in element.iter("tr") if next(tr.iterancestors("table")) is element]
        width = max((len(tr.findall("td")) + len(tr.findall("th")) for tr in rows), default=0)
        if not rows or not width:
            return
        table = container.add_table(rows=len(rows), cols=width)
        table._tbl.tblStyle_val = self.styles.get(self.style_for(element, "Table Grid"))
        if container is self.doc:  # columns as the HTML's <col> widths share out the text width
            table.autofit = False
            for column, share in zip(table.columns, _column_shares(element, width), strict=True):
                column.width = int(self.text_width * share)
                for cell in column.cells:
                    cell.width = column.width
        for tr, row in zip(rows, table.rows, strict=True):
            properties = row._tr.get_or_add_trPr()
            properties.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
            if tr.getparent().tag == "thead":
                properties.append(OxmlElement("w:tblHeader"))  # repeated on every page
            cells = [c for c in tr if c.tag in ("td", "th")]
            for cell_element, cell in zip(cells, row.cells, strict=False):
                self.cell(cell_element, cell)
                if cell_element.tag == "th":
                    shading = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:fill"): TH_FILL})
                    cell._tc.get_or_add_tcPr().append(shading)

    def cell(self, element: Any, cell: Any) -> None:
        if any(isinstance(c.tag, str) and c.tag in BLOCKS for c in element):
            self.blocks(element, cell)
        else:
            fragments: list[tuple[str, Format]] = []
            self.contents(element, _apply(Format(), element.tag), fragments)
            default = CELL_STYLES[element.tag]
            style = self.style_for(element, default if default in self.styles else "Normal")
            self.add_runs(self.new_paragraph(cell, style), fragments)
        first = cell._tc.p_lst[0]
        if len(cell._tc.p_lst) > 1 and len(first) == 0:
            cell._tc.remove(first)  # a new cell starts with an empty paragraph

    def add_runs(self, paragraph: Paragraph, fragments: list[tuple[str, Format]]) -> None:
        """Add text as runs (inside hyperlinks where linked)."""
        link: tuple[str, Any] | None = None
        for text, fmt in _collapse_spaces(fragments):
            if text == "\n":
                paragraph.add_run().add_break()
                link = None
                continue
            run = paragraph.add_run()
            if fmt.picture is not None:
                self.pictures.place(run, fmt.picture, paragraph.part)
            else:
                run._r.add_t(text)  # white space is already collapsed: no tabs or breaks to convert
            _format_run(run, fmt)
            if fmt.code:
                run.font.name = self.code_font
            if fmt.field:
                field = OxmlElement("w:fldSimple", {qn("w:instr"): fmt.field})
                run._r.addprevious(field)
                field.append(run._r)  # the run holds the field's last shown value
            if fmt.href:
                if link is None or link[0] != fmt.href:
                    link = (fmt.href, self.links.hyperlink(paragraph, fmt.href))
                link[1].append(run._r)
                if "Hyperlink" in self.styles:
                    run._r.style = self.styles["Hyperlink"]
            else:
                link = None

    def contents(self, element: Any, fmt: Format, out: list[tuple[str, Format]]) -> None:
        if element.text:
            out.append((element.text, fmt))
        for child in element:
            self.inline(child, fmt, out)

    def inline(self, element: Any, fmt: Format, out: list, tail: bool = True) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            out.append(("\n", fmt))
        elif tag == "img":
            out.append(_picture(element, fmt))
        elif tag == "span" and FIELDS.keys() & set(element.classes):
            name = next(FIELDS[c] for c in element.classes if c in FIELDS)
            out.append(("1", replace(fmt, field=name)))
        elif tag and tag not in SKIPPED:
            inner = _apply(fmt, tag)
            if tag == "a" and element.get("href"):  # one Word may not follow stays plain text
                inner = replace(inner, href=link_target(element.get("href")))
            self.contents(element, inner, out)
        if tail and element.tail:
            out.append((element.tail, fmt))


def _properties(p: Any) -> Any:
    """The paragraph properties of a paragraph the walker made (first child, made if need be)."""
    found = p.find(qn("w:pPr"))
    if found is None:
        found = etree.SubElement(p, qn("w:pPr"))
        p.insert(0, found)
    return found


def _set_page(doc: Any, paper: str) -> int:
    """Paper size as asked, margins as in the PDF's stylesheet, or a letterhead's own (its
    header and footer are laid out for them); the width left for text (EMU)."""
    section = doc.sections[0]
    width, height = PAPER_SIZES[paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    if is_letterhead(doc):
        return Mm(width) - (section.left_margin or 0) - (section.right_margin or 0)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(MARGINS_MM["header"])
    section.footer_distance = Mm(MARGINS_MM["footer"])
    return Mm(width - MARGINS_MM["left"] - MARGINS_MM["right"])


def _column_shares(table: Any, count: int) -> list[float]:
    """Each column's share of the table width, from `<col style="width: N%">`, else equal."""
    cols = [c for c in table.iter("col") if next(c.iterancestors("table")) is table]
    widths = [WIDTH.search(c.get("style", "")) for c in cols]
    if len(widths) != count or not all(widths):
        return [1 / count] * count
    percents = [float(m.group(1)) for m in widths if m]
    return [p / sum(percents) for p in percents]


def _picture(img: Any, fmt: Format) -> tuple[str, Format]:
    """An image as a fragment of a line; one of no source is its alt text, as in the PDF."""
    if img.get("src", "").strip():
        return PICTURE, replace(fmt, picture=img)
    return img.get("alt", ""), fmt


def _apply(fmt: Format, tag: str) -> Format:
    return replace(fmt, **INLINE_FORMATS.get(tag, {}))


def _collapse_spaces(fragments: list[tuple[str, Format]]) -> list[tuple[str, Format]]:
    """White space collapsed as HTML does: single spaces, none at line starts and ends."""
    out: list[tuple[str, Format]] = []
    drop_space = True
    for raw, fmt in fragments:
        if raw == "\n":
            if out and out[-1][0] != "\n":
                out[-1] = (out[-1][0].rstrip(" "), out[-1][1])
            out.append((raw, fmt))
            drop_space = True
            continue
        text = SPACES.sub(" ", raw)
        if drop_space:
            text = text.lstrip(" ")
        if text:
            out.append((text, fmt))
            drop_space = text.endswith(" ")
    if out and out[-1][0] != "\n":
        out[-1] = (out[-1][0].rstrip(" "), out[-1][1])
    return [(t, f) for t, f in out if t]


def _format_run(run: Any, fmt: Format) -> None:
    if fmt.bold:
        run.bold = True
    if fmt.italic:
        run.italic = True
    if fmt.superscript:
        run.font.superscript = True
    if fmt.subscript:
        run.font.subscript = True
