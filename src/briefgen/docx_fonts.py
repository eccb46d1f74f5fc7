"""The template fonts a DOCX names, embedded in it: subset to the characters it uses and
obfuscated as ECMA-376 Part 1 §17.8.1 orders, so that Word and LibreOffice show the brief in
its own fonts where they are not installed. A font whose licence forbids embedding is left out."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from .docx_faces import RunFace, faces_used
from .folders import read_limited
from .glyphs import FontFile
from .limits import TEMPLATE_ASSET_BYTES
from .template_set import Templates

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# The w:font child naming each face's part, by (bold, italic), in the schema's order.
FACES = {
    (False, False): "embedRegular",
    (True, False): "embedBold",
    (False, True): "embedItalic",
    (True, True): "embedBoldItalic",
}
# OS/2 fsType bits: the licence forbids embedding, or allows only the bitmaps (which a
# TrueType outline font does not carry); allows embedding but not subsetting.
NOT_EMBEDDABLE = 0x0002 | 0x0200
NO_SUBSETTING = 0x0100
KEYS = uuid.UUID("6f1c7f0e-5b0a-4e55-9d3b-8a1c2e0b7d41")  # font keys: uuid5 of the font data
# Settings that come before w:embedTrueTypeFonts, in the schema's order.
BEFORE_EMBED = ("writeProtection", "view", "zoom", "removePersonalInformation")
BEFORE_EMBED += ("removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape")
BEFORE_EMBED += ("printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData")
EMPTY_FONT_TABLE = f"<w:fonts {nsdecls('w')}/>"


@dataclass(frozen=True)
class Face:
    """One font file of the templates: its family, style and licence bits."""

    path: Path
    family: str
    bold: bool
    italic: bool
    fs_type: int

    @property
    def embeddable(self) -> bool:
        return not self.fs_type & NOT_EMBEDDABLE


def embed_fonts(doc: Any, templates: Templates) -> None:
    """Embed, in `doc`, the template fonts its runs are set in, each cut down to the characters
    it shows."""
    faces = templates.kept("docx faces", lambda: _faces(templates.faces()))
    shown: dict[Face, set[str]] = {}
    for run_face, text in faces_used(doc).items():
        face = _drawn_by(run_face, faces)
        if face is not None and face.embeddable:
            shown.setdefault(face, set()).update(text)
    if not shown:
        return
    table_part = _font_table_part(doc)
    table = parse_xml(table_part.blob)
    for family in sorted({f.family for f in shown}):
        entry = _font_entry(table, family)
        for face in sorted((f for f in shown if f.family == family), key=_face_order):
            read = partial(read_limited, face.path, TEMPLATE_ASSET_BYTES)
            font = templates.kept(("font file", face.path), read)
            data = font if face.fs_type & NO_SUBSETTING else _subset(font, "".join(shown[face]))
            entry.append(_embedded(face, data, table_part))
    table_part._blob = serialize_part_xml(table)  # a plain part: python-docx keeps its bytes
    _ask_to_keep_embedding(doc.settings.element)


def _drawn_by(run_face: RunFace, faces: list[Face]) -> Face | None:
    """The font file that draws a run's text: its own style's, else the one Word slants or
    emboldens (bold for bold italic, else regular)."""
    styles = {(f.family, f.bold, f.italic): f for f in faces}
    bold, italic = run_face.bold, run_face.italic
    for style in ((bold, italic), (bold, False), (False, False)):
        if (run_face.font, *style) in styles:
            return styles[(run_face.font, *style)]
    return None


def _embedded(face: Face, data: bytes, table_part: Any) -> Any:
    """The face's font data as a part of the package; the font table's element naming it."""
    subsetted = not face.fs_type & NO_SUBSETTING
    key = uuid.uuid5(KEYS, hashlib.sha256(data).hexdigest())  # the same font, the same key
    name = PackURI(f"/word/fonts/font{len(table_part.rels) + 1}.odttf")
    part = Part(name, OBFUSCATED_FONT, obfuscated(data, key), table_part.package)
    embed = OxmlElement(f"w:{FACES[face.bold, face.italic]}")
    embed.set(qn("r:id"), table_part.relate_to(part, RELATIONSHIP_TYPE.FONT))
    embed.set(qn("w:fontKey"), "{" + str(key).upper() + "}")
    if subsetted:
        embed.set(qn("w:subsetted"), "1")
    return embed


def obfuscated(data: bytes, key: uuid.UUID) -> bytes:
    """The font with its first 32 bytes XORed with the key's 16 bytes, last byte of the GUID's
    hex first (§17.8.1; as docx4j's ObfuscatedFontPart and LibreOffice read it). Its own
    inverse: the same call reads an embedded font back."""
    mask = bytes(reversed(key.bytes)) * 2
    return bytes(a ^ b for a, b in zip(data[:32], mask, strict=True)) + data[32:]


def _faces(fonts: list[FontFile]) -> list[Face]:
    """One font file for each family and style: of several (a Medium and a Regular), the one
    whose weight is nearest the style's (400 or 700). Word embeds TrueType outlines only."""
    found: dict[tuple[str, bool, bool], tuple[int, Face]] = {}
    for font in fonts:
        if not font.truetype:
            continue
        distance = abs(font.weight - (700 if font.bold else 400))
        key = (font.family, font.bold, font.italic)
        if key not in found or distance < found[key][0]:
            found[key] = (distance, Face(font.path, *key, font.fs_type))
    return [face for _, face in found.values()]


def _face_order(face: Face) -> int:
    return list(FACES).index((face.bold, face.italic))


def _subset(data: bytes, text: str) -> bytes:
    """The font cut down to the glyphs `text` needs, its layout features kept (Vietnamese
    stacks marks), every name kept (the licence and its address among them); the same text
    gives the same bytes. HarfBuzz's subsetter: a few milliseconds where fontTools' takes a
    third of a second per face."""
    import uharfbuzz as hb

    request = hb.SubsetInput()
    request.unicode_set.update(map(ord, set(text)))
    request.name_id_set.add_range(0, 0x7FFF)  # all of them
    request.flags = hb.SubsetFlags.NOTDEF_OUTLINE  # a missing character shows as a box
    subset = hb.subset(hb.Face(data), request)
    if subset is None:
        raise ValueError("the font could not be subset")
    return bytes(subset.blob.data)


def _font_table_part(doc: Any) -> Any:
    """The font table part, made if the reference document has none."""
    try:
        return doc.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    except KeyError:
        blob = EMPTY_FONT_TABLE.encode()
        name = PackURI("/word/fontTable.xml")
        part = Part(name, CONTENT_TYPE.WML_FONT_TABLE, blob, doc.part.package)
        doc.part.relate_to(part, RELATIONSHIP_TYPE.FONT_TABLE)
        return part


def _font_entry(table: Any, family: str) -> Any:
    """The font table's `w:font` for `family`, without any embedded faces it had."""
    entry = next((f for f in table.iterfind(qn("w:font")) if f.get(qn("w:name")) == family), None)
    if entry is None:
        entry = OxmlElement("w:font", {qn("w:name"): family})
        for tag, value in (("charset", "00"), ("family", "auto"), ("pitch", "variable")):
            entry.append(OxmlElement(f"w:{tag}", {qn("w:val"): value}))
        table.append(entry)
    for tag in FACES.values():
        for old in entry.findall(qn(f"w:{tag}")):
            entry.remove(old)
    return entry


def _ask_to_keep_embedding(settings: Any) -> None:
    """Settings that tell Word to keep the fonts embedded, as subsets, when it saves."""
    for tag in ("embedTrueTypeFonts", "saveSubsetFonts"):
        for old in settings.findall(qn(f"w:{tag}")):
            settings.remove(old)
    earlier = {qn(f"w:{t}") for t in BEFORE_EMBED}
    place = next((c for c in reversed(settings) if c.tag in earlier), None)
    for tag in ("embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts"):
        element = settings.find(qn(f"w:{tag}"))  # embedSystemFonts: only where it was
        if element is None and tag != "embedSystemFonts":
            element = OxmlElement(f"w:{tag}")
            if place is None:
                settings.insert(0, element)
            else:
                place.addnext(element)
        place = element if element is not None else place
