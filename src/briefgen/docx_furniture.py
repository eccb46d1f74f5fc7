"""The Word header and footer the running lines go into. An organisation's own reference
document (a letterhead) keeps its header, footer, first page and margins: briefgen's lines are
paragraphs of their own beside the letterhead's, the marking above its header, the title and
page numbers below its footer. A reference with empty ones (briefgen's) gets the lines alone."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def running_parts(doc: Any, kind: str) -> list[Any]:
    """The section's headers (`kind` "header") or footers the lines go into: the default one,
    the first page's when the reference sets one apart, the even pages' when it has them."""
    section = doc.sections[0]
    parts = [getattr(section, kind)]
    if section.different_first_page_header_footer:
        parts.append(getattr(section, f"first_page_{kind}"))
    if doc.settings.odd_and_even_pages_header_footer:
        parts.append(getattr(section, f"even_page_{kind}"))
    return parts


def line_paragraph(part: Any, kind: str) -> Paragraph:
    """The paragraph a running line is written in: the empty one of an empty header or footer,
    else a new one, first in a header and last in a footer, never one of the letterhead's."""
    if not has_content(part) and part.paragraphs:
        return part.paragraphs[0]
    p = OxmlElement("w:p")
    story = part._element
    if kind == "header":
        story.insert(0, p)
    else:
        story.append(p)
    return Paragraph(p, part)


def has_content(part: Any) -> bool:
    """Whether a header or footer of the reference holds anything: text, a picture, a table."""
    if part.is_linked_to_previous:  # none defined: the first section's shows nothing
        return False
    story = part._element
    shown = story.xpath(".//w:drawing | .//w:pict | .//w:object | .//w:tbl | .//w:fldSimple")
    return bool(shown) or any(t.strip() for t in story.itertext(qn("w:t"), qn("w:instrText")))


def is_letterhead(doc: Any) -> bool:
    """Whether the reference document has a header or footer of its own."""
    kinds = ("header", "footer")
    return any(has_content(part) for kind in kinds for part in running_parts(doc, kind))
