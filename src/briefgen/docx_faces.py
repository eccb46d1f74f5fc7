"""Which font faces a DOCX shows its text in, and which characters in each: every run's font,
bold and italic, resolved through its paragraph style, character style and own properties, so
that only the faces a document uses are embedded, each cut down to what it shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from docx.oxml.ns import qn

FALSE = {"0", "false", "off"}
ALWAYS_SHOWN = "0123456789"  # page numbers (the PAGE and NUMPAGES fields) in any face


@dataclass(frozen=True)
class RunFace:
    """The font a run names and whether it is bold and italic."""

    font: str | None = None
    bold: bool = False
    italic: bool = False

    def under(self, r_pr: Any) -> RunFace:
        """This face as the run properties `r_pr` (if any) change it."""
        if r_pr is None:
            return self
        face = self
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is not None:
            font = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
            face = replace(face, font=font or face.font)
        for tag in ("bold", "italic"):
            element = r_pr.find(qn("w:b" if tag == "bold" else "w:i"))
            if element is not None:
                face = replace(face, **{tag: element.get(qn("w:val"), "1") not in FALSE})
        return face


def faces_used(doc: Any) -> dict[RunFace, str]:
    """The characters each face shows, in the body, headers and footers (list markers and page
    numbers in every face shown)."""
    styles = _Styles(doc.styles.element)
    used: dict[RunFace, set[str]] = defaultdict(set)
    parts = [p for p in doc.part.package.iter_parts() if hasattr(p, "element")]
    for part in parts:
        for paragraph in part.element.iter(qn("w:p")):
            base = styles.paragraph(paragraph)
            for run in paragraph.iter(qn("w:r")):
                text = "".join(t.text or "" for t in run.iter(qn("w:t")))
                if text:
                    used[styles.run(base, run)] |= set(text) | set(text.upper())
    everywhere = {c for part in parts for c in _list_markers(part.element)} | set(ALWAYS_SHOWN)
    return {face: "".join(sorted(chars | everywhere)) for face, chars in used.items()}


def _list_markers(element: Any) -> str:
    return "".join(level.get(qn("w:val"), "") for level in element.iter(qn("w:lvlText")))


class _Styles:
    """The faces of a document's styles, each resolved once along its `basedOn` chain."""

    def __init__(self, styles: Any) -> None:
        self.by_id = {s.get(qn("w:styleId")): s for s in styles.iterfind(qn("w:style"))}
        defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default = RunFace().under(defaults)
        paragraph_styles = [s for s in self.by_id.values() if s.get(qn("w:type")) == "paragraph"]
        default = next((s for s in paragraph_styles if s.get(qn("w:default")) == "1"), None)
        self.default_paragraph = default.get(qn("w:styleId")) if default is not None else None
        self.resolved: dict[tuple[str | None, RunFace], RunFace] = {}

    def paragraph(self, paragraph: Any) -> RunFace:
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style_id = style.get(qn("w:val")) if style is not None else self.default_paragraph
        return self.face(style_id, self.default)

    def run(self, base: RunFace, run: Any) -> RunFace:
        r_pr = run.find(qn("w:rPr"))
        style = r_pr.find(qn("w:rStyle")) if r_pr is not None else None
        if style is not None:
            base = self.face(style.get(qn("w:val")), base)
        return base.under(r_pr)

    def face(self, style_id: str | None, base: RunFace, seen: frozenset = frozenset()) -> RunFace:
        """`base` as the style `style_id` and the styles it is based on change it."""
        key = (style_id, base)
        if key not in self.resolved:
            style = self.by_id.get(style_id)
            if style is None or style_id in seen:  # no such style, or a loop of `basedOn`
                return base
            parent = style.find(qn("w:basedOn"))
            if parent is not None:
                base = self.face(parent.get(qn("w:val")), base, seen | {style_id})
            self.resolved[key] = base.under(style.find(qn("w:rPr")))
        return self.resolved[key]
