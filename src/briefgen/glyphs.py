"""Which characters of a meeting file the brief's own fonts cannot show."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from .errors import Problem, TemplateError
from .folders import read_limited
from .limits import TEMPLATE_ASSET_BYTES
from .yaml_source import Source, texts

INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}  # controls and format marks need no glyph
SHOWN = 5  # characters named per field; the rest are counted


def missing_glyphs(source: Source, covered: frozenset[int] | None) -> list[Problem]:
    """One warning per text field holding characters that the brief's fonts (which draw the
    code points `covered`; None: no fonts of their own) have no glyph for; they still print, in
    whatever installed font has them, but the look is no longer pinned."""
    if covered is None:
        return []
    whole = source.parsed_text()
    if whole and not _missing(whole, covered):
        return []  # the file has no character the fonts lack: no need to read it again
    source.expand()
    warnings = []
    for loc, text in texts(source.data):
        missing = _missing(text, covered)
        if missing:
            named = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:SHOWN])
            more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
            warnings.append(
                source.warning(
                    loc,
                    f"no glyph for {named}{more} in the brief's fonts; "
                    "another installed font will be used where one has them",
                )
            )
    return warnings


def _missing(text: str, covered: frozenset[int]) -> list[str]:
    """The characters of `text` that need a glyph the fonts lack, in order of appearance."""
    return [
        c
        for c in dict.fromkeys(text)
        if ord(c) not in covered and not c.isspace() and unicodedata.category(c) not in INVISIBLE
    ]


def coverage(fonts: tuple[Path, ...]) -> frozenset[int] | None:
    """The code points every one of `fonts` can draw; None when there are no fonts."""
    if not fonts:
        return None
    from fontTools.ttLib import TTFont  # WeasyPrint's own font library; only this check needs it

    sets = []
    for path in fonts:
        data = read_limited(path, TEMPLATE_ASSET_BYTES)  # a huge file is refused unread
        try:
            with TTFont(BytesIO(data), lazy=True) as font:
                # numbered glyphs: fontTools would otherwise name every glyph from the tables
                font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
                sets.append(set(font.getBestCmap() or {}))
        except Exception:  # fontTools raises many kinds on a file that is not a font
            raise TemplateError(
                [Problem(path, "is not a usable font (TrueType or OpenType)")]
            ) from None
    return frozenset(set.intersection(*sets))


@dataclass(frozen=True)
class FontFile:
    """What a font file's name and OS/2 tables say of it: what a stylesheet's @font-face rule
    and a Word document's font table need."""

    path: Path
    family: str
    weight: int  # 100–900
    bold: bool
    italic: bool
    fs_type: int  # the licence's embedding bits
    truetype: bool  # TrueType outlines (not CFF): the only kind Word embeds


def faces(fonts: tuple[Path, ...]) -> list[FontFile]:
    """Each of `fonts`, as its own tables describe it."""
    from fontTools.ttLib import TTFont

    found = []
    for path in fonts:
        with TTFont(BytesIO(read_limited(path, TEMPLATE_ASSET_BYTES)), lazy=True) as font:
            names, os2 = font["name"], font["OS/2"]
            found.append(
                FontFile(
                    path,
                    names.getDebugName(16) or names.getDebugName(1) or path.stem,
                    os2.usWeightClass,
                    bool(os2.fsSelection & 0x20) or os2.usWeightClass >= 600,
                    bool(os2.fsSelection & 0x01 or font["head"].macStyle & 0x02),
                    os2.fsType,
                    "glyf" in font,
                )
            )
    return found
