"""The parts of a Word package the DOCX writer fills beyond the body: hyperlink relationships and
numbering instances (kept in dicts and counters: python-docx finds each new one by scanning all
before it), the core properties, and zip members dated like the document."""

from __future__ import annotations

import zipfile
from datetime import datetime, timezone
from io import BytesIO
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Num
from docx.text.paragraph import Paragraph

MAX_PROPERTY = 255  # characters of a core property, as Word holds them


def stamped(docx: bytes, when: datetime) -> bytes:
    """The package with every member dated `when`, so the same brief gives the same bytes."""
    earliest, latest = (datetime(y, 1, 1, tzinfo=timezone.utc) for y in (1980, 2107))
    stamp = min(max(when, earliest), latest).timetuple()[:6]  # the years a zip entry can hold
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(docx)) as old, zipfile.ZipFile(out, "w") as new:
        for member in old.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            new.writestr(info, old.read(member), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


class Links:
    """Hyperlink relationships of one document, one per distinct URL, kept in a dict: python-docx's
    `relate_to` scans every relationship for each new one."""

    def __init__(self, part: Any) -> None:
        self.rels = part.rels
        self.ids = {
            rel.target_ref: rel_id
            for rel_id, rel in self.rels.items()
            if rel.is_external and rel.reltype == RELATIONSHIP_TYPE.HYPERLINK
        }

    def hyperlink(self, paragraph: Paragraph, url: str) -> Any:
        """A `w:hyperlink` to `url` appended to the paragraph, for runs to go into."""
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), self.rel_id(url))
        paragraph._p.append(link)
        return link

    def rel_id(self, url: str) -> str:
        if url not in self.ids:
            rel_id = f"rIdLink{len(self.ids) + 1}"
            while rel_id in self.rels:  # a reference document may use the name already
                rel_id += "x"
            self.rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, rel_id, is_external=True)
            self.ids[url] = rel_id
        return self.ids[url]


class Numbering:
    """Fresh numbering instances, one per ordered list, so that every list starts at 1; ids are
    counted here, as python-docx finds the next one by scanning every instance."""

    def __init__(self, doc: Any, styles: dict[str, str]) -> None:
        self.doc = doc
        self.styles = styles
        self.abstract_ids: dict[str, int | None] = {}
        self.next_id: int | None = None
        self.end: Any = None

    def restarted(self, style: str) -> int | None:
        """A new instance of the numbering `style` uses, restarting at 1 (None: not numbered)."""
        abstract_id = self.abstract_id(style)
        if abstract_id is None:
            return None
        numbering = self.doc.part.numbering_part.element
        if self.next_id is None:
            self.next_id = 1 + max((n.numId for n in numbering.num_lst), default=0)
            self.end = numbering.find(qn("w:numIdMacAtCleanup"))  # instances go before it
        num = CT_Num.new(self.next_id, abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        if self.end is None:
            numbering.append(num)
        else:
            self.end.addprevious(num)
        self.next_id += 1
        return num.numId

    def abstract_id(self, style: str) -> int | None:
        if style not in self.abstract_ids:
            self.abstract_ids[style] = self.find_abstract_id(style)
        return self.abstract_ids[style]

    def find_abstract_id(self, style: str) -> int | None:
        element = self.doc.styles.element.get_by_id(self.styles[style])
        p_pr = element.pPr if element is not None else None
        num_pr = p_pr.numPr if p_pr is not None else None
        if num_pr is None or num_pr.numId is None:
            return None
        numbering = self.doc.part.numbering_part.element
        return numbering.num_having_numId(num_pr.numId.val).abstractNumId.val


def set_properties(doc: Any, tree: Any) -> datetime:
    """Document properties from the HTML head, so both formats carry the same metadata."""
    meta = {m.get("name"): m.get("content", "") for m in tree.iter("meta") if m.get("name")}
    props = doc.core_properties
    props.title = _property(tree.findtext(".//title"))
    props.author = props.last_modified_by = _property(meta.get("author"))
    props.subject = _property(meta.get("description"))
    props.keywords = _property(meta.get("keywords"))
    props.language = tree.get("lang") or ""
    if props.language:  # the proofing and reading language of all text
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = run_defaults.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            run_defaults.append(lang)
        lang.set(qn("w:val"), props.language)
    props.revision = 1
    props.created = _w3c_date(meta.get("dcterms.created"))
    modified = _w3c_date(meta.get("dcterms.modified") or meta.get("dcterms.created"))
    props.modified = modified
    return modified  # as given: python-docx before 1.2 reads it back without its time zone


def _property(text: str | None) -> str:
    """A core property as Word holds it: at most 255 characters (shortened with an ellipsis)."""
    text = text or ""
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


def _w3c_date(value: str | None) -> datetime:
    """A `<meta>` date (`2025-03-04` or `2025-03-04T10:00:00Z`) as a UTC datetime."""
    if not value:
        return datetime(1980, 1, 1, tzinfo=timezone.utc)
    when = datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
