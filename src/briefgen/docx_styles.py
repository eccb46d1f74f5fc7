"""The brief's look in the DOCX styles: the fonts and accent colour the HTML names in its head,
written as real font names (never theme fonts, which Word resolves to Calibri or Cambria)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from .brand import BODY_FONT, HEADING_FONT

HEX_COLOUR = re.compile(r"#([0-9A-Fa-f]{6})")
# Styles set in the sans font in brief.css: headings, the brief's kind, header cells, the page's
# running lines; the character styles linked to them follow.
HEADINGS = {"title", *(f"heading {n}" for n in range(1, 6))}
COLOURED = {*HEADINGS, "letterhead name"}  # the styles an accent colour paints
HEADING_FONT_STYLES = {*COLOURED, "table heading", "brief kind", "header", "footer"}
HEADING_FONT_STYLES |= {"letterhead line"}
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_SLOTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
THEME_COLOUR = ("themeColor", "themeShade", "themeTint")
SYMBOL_BULLET = "\uf0b7"  # the bullet of Word's Symbol font, which other systems lack


@dataclass(frozen=True)
class Look:
    """The fonts and accent colour a brief's HTML names (`briefgen:` meta elements)."""

    body_font: str = BODY_FONT
    heading_font: str = HEADING_FONT
    accent: str | None = None  # RRGGBB, as Word writes colours

    @classmethod
    def of(cls, tree: Any) -> Look:
        meta = {m.get("name"): (m.get("content") or "").strip() for m in tree.iter("meta")}
        accent = HEX_COLOUR.fullmatch(meta.get("briefgen:accent", ""))  # anything else: none
        return cls(
            body_font=meta.get("briefgen:body-font") or BODY_FONT,
            heading_font=meta.get("briefgen:heading-font") or HEADING_FONT,
            accent=accent.group(1).upper() if accent else None,
        )


def apply_look(doc: Any, look: Look) -> None:
    """Every style that names a font names the body or the heading font; headings keep with
    the next paragraph and take the accent colour."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(run_defaults, look.body_font)
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterfind(qn("w:style"))}
    _set_style_fonts(by_id, look)
    for style in by_id.values():
        if _name(style) in HEADINGS:
            style.get_or_add_pPr().get_or_add_keepNext()
        if look.accent and _name(style) in COLOURED:  # with the character style linked to it
            for element in (style, by_id.get(_link(style))):
                if element is not None:
                    _set_colour(element.get_or_add_rPr(), look.accent)
    _plain_bullets(doc, look.body_font)


def _set_style_fonts(by_id: dict[str, Any], look: Look) -> None:
    """The heading font for the sans styles (and their linked character styles), the body font
    for Normal and for the styles that named the reference's body font or a theme font."""
    sans = {_id for _id, s in by_id.items() if _name(s) in HEADING_FONT_STYLES}
    sans |= {_link(by_id[_id]) for _id in sans} - {None}
    normal = next((s for s in by_id.values() if _name(s) == "normal"), None)
    body = {_font(normal), None} - {False}
    for style_id, style in by_id.items():
        if style_id in sans:
            _set_fonts(style.get_or_add_rPr(), look.heading_font)
        elif style is normal or _font(style) in body:  # a font of its own (Courier) is kept
            _set_fonts(style.get_or_add_rPr(), look.body_font)


def _plain_bullets(doc: Any, font: str) -> None:
    """List bullets drawn in the body font (embedded with it) rather than in Symbol."""
    numbering = doc.part.numbering_part.element
    for level in numbering.iter(qn("w:lvl")):
        text = level.find(qn("w:lvlText"))
        fonts = level.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if text is not None and text.get(qn("w:val")) == SYMBOL_BULLET and fonts is not None:
            text.set(qn("w:val"), "•")
            fonts.attrib.clear()
            for slot in SLOTS:
                fonts.set(qn(f"w:{slot}"), font)


def _name(style: Any) -> str:
    """A style's name as Word compares them (built-in names are lower case in the file)."""
    name = style.find(qn("w:name"))
    return (name.get(qn("w:val")) if name is not None else "").lower()


def _font(style: Any) -> str | None | bool:
    """The font a style names (None: a theme font; False: it names none)."""
    fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") if style is not None else None
    if fonts is None:
        return False
    if any(fonts.get(qn(f"w:{slot}")) for slot in THEME_SLOTS):
        return None
    return fonts.get(qn("w:ascii"))


def _link(style: Any) -> str | None:
    link = style.find(qn("w:link"))
    return link.get(qn("w:val")) if link is not None else None


def _set_fonts(r_pr: Any, font: str) -> None:
    """The run properties name `font` in every slot, and no theme font."""
    fonts = r_pr.get_or_add_rFonts()  # python-docx places it in the schema's order
    for slot in THEME_SLOTS:
        fonts.attrib.pop(qn(f"w:{slot}"), None)
    for slot in SLOTS:
        fonts.set(qn(f"w:{slot}"), font)


def _set_colour(r_pr: Any, colour: str) -> None:
    element = r_pr.get_or_add_color()
    for attribute in THEME_COLOUR:
        element.attrib.pop(qn(f"w:{attribute}"), None)
    element.set(qn("w:val"), colour)
