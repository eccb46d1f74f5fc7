"""Pictures in the DOCX: an HTML `<img>` becomes an inline Word picture, read as the PDF reads
it (see `resources.py`) and sized as the HTML asks; an SVG goes in as itself, behind the PNG
that Word before 2016 and other readers show instead."""

from __future__ import annotations

import hashlib
import re
from io import BytesIO
from pathlib import Path
from typing import Any

from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from lxml import etree

from .resources import Refused, Resource, Sandbox

EMU = {"px": 9525, "pt": 12700, "in": 914400, "cm": 360000, "mm": 36000}  # per unit
ATTRIBUTE_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*")  # CSS pixels
STYLE_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(px|pt|in|cm|mm)\s*")
RASTERS = {"png", "jpg"}  # python-docx's names of the formats Word shows as they are
SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Word's id of the svgBlip extension
FALLBACK_SCALE = 2  # pixels of the PNG fallback per pixel shown: sharp enough for print
FALLBACK_MAX = 3000  # pixels on the fallback's longer side, whatever the size shown


class Pictures:
    """The pictures of one document: each image read once, each part stored once, each
    refusal remembered for the document's one ResourceError (see `Sandbox.check`)."""

    def __init__(self, doc: Any, roots: tuple[Path, ...], text_width: int) -> None:
        self.sandbox = Sandbox(roots)
        self.package = doc.part.package
        self.text_width = text_width
        self.last_id: int | None = None
        self.svg_parts: dict[str, Part] = {}

    def place(self, run: Any, element: Any, part: Any) -> None:
        """The picture of an `<img>` as the content of `run`, in the story `part` (the body, a
        header or a footer); nothing when the image may not or cannot be read."""
        try:
            inline = self.inline(element, part)
        except Refused as e:
            self.sandbox.refuse(str(e))
            return
        run._r.add_drawing(inline)

    def inline(self, element: Any, part: Any) -> Any:
        found = self.sandbox.read(element.get("src", ""))
        svg = _is_svg(found)
        intrinsic = _svg_size(found, self.sandbox) if svg else _raster_size(found)
        cx, cy = self.size(element, intrinsic)
        if svg:
            scale = min(FALLBACK_SCALE, FALLBACK_MAX * EMU["px"] / max(cx, cy))
            png = _svg_png(found, self.sandbox, max(1, round(cx * scale / EMU["px"])))
            rel_id, _ = part.get_or_add_image(BytesIO(png))
        else:
            rel_id, _ = part.get_or_add_image(BytesIO(found.data))
        inline = CT_Inline.new_pic_inline(self.new_id(), rel_id, "picture", cx, cy)
        inline.docPr.set("descr", element.get("alt", ""))  # what a screen reader says
        if svg:
            self.add_svg(inline, found, part)
        return inline

    def new_id(self) -> int:
        """A picture id unique across the body, headers and footers (a letterhead has some)."""
        if self.last_id is None:
            parts = [p for p in self.package.iter_parts() if hasattr(p, "element")]
            ids = [int(i) for p in parts for i in p.element.xpath("//wp:docPr/@id")]
            self.last_id = max(ids, default=0)
        self.last_id += 1
        return self.last_id

    def size(self, element: Any, intrinsic: tuple[int, int]) -> tuple[int, int]:
        """The picture's width and height in EMU, as the HTML gives them (one given: the other
        keeps the aspect ratio; none: the image's own size, never wider than the text)."""
        width, height = _length(element, "width"), _length(element, "height")
        own_width, own_height = (max(n, 1) * EMU["px"] for n in intrinsic)
        if width is None and height is None:
            width, height = own_width, own_height
            if width > self.text_width:
                width, height = self.text_width, own_height * self.text_width // own_width
        elif height is None:
            height = width * own_height // own_width
        elif width is None:
            width = height * own_width // own_height
        return int(width), int(height)

    def add_svg(self, inline: Any, found: Resource, part: Any) -> None:
        """The SVG itself, in the extension of the blip whose own picture is the PNG."""
        digest = hashlib.sha256(found.data).hexdigest()
        if digest not in self.svg_parts:
            name = self.package.next_partname("/word/media/image%d.svg")
            self.svg_parts[digest] = Part(PackURI(name), "image/svg+xml", found.data, self.package)
        rel_id = part.relate_to(self.svg_parts[digest], RELATIONSHIP_TYPE.IMAGE)
        blip = inline.find(".//" + qn("a:blip"))
        extension = etree.SubElement(etree.SubElement(blip, qn("a:extLst")), qn("a:ext"))
        extension.set("uri", SVG_EXTENSION)
        svg_blip = etree.SubElement(extension, f"{{{SVG_NS}}}svgBlip", nsmap={"asvg": SVG_NS})
        svg_blip.set(qn("r:embed"), rel_id)


def _length(element: Any, name: str) -> int | None:
    """A width or height in EMU: from the inline style (mm, cm, in, pt, px), else from the
    attribute (CSS pixels); None if neither gives one."""
    for declaration in element.get("style", "").split(";"):
        prop, _, value = declaration.partition(":")
        match = STYLE_LENGTH.fullmatch(value)
        if prop.strip().lower() == name and match:
            return round(float(match[1]) * EMU[match[2]])
    match = ATTRIBUTE_LENGTH.fullmatch(element.get(name, ""))
    return round(float(match[1]) * EMU["px"]) if match else None


def _is_svg(found: Resource) -> bool:
    return found.kind.startswith("image/svg+xml") or b"<svg" in found.data[:1024]


def _raster_size(found: Resource) -> tuple[int, int]:
    """A PNG's or JPEG's size in pixels: CSS pixels, as the PDF counts them whatever its DPI."""
    try:
        image = Image.from_blob(found.data)
    except UnrecognizedImageError:
        image = None
    if image is None or image.ext not in RASTERS:
        raise _refused(found, "not a PNG, JPEG or SVG image")
    return image.px_width, image.px_height


def _svg_size(found: Resource, sandbox: Sandbox) -> tuple[int, int]:
    """The SVG's own size in CSS pixels, as cairosvg works it out, without drawing it: an SVG
    may claim a size no picture could be drawn at."""
    from cairosvg.surface import PNGSurface

    class Measuring(PNGSurface):
        def _create_surface(self, width: float, height: float) -> None:
            raise _Measured(round(width), round(height))

    try:
        _convert(Measuring, found, sandbox)
    except _Measured as e:
        return e.args
    raise _refused(found, "not a readable SVG image")


class _Measured(Exception):
    """The size cairosvg is about to draw an SVG at: all that is wanted of it."""


def _svg_png(found: Resource, sandbox: Sandbox, width: int) -> bytes:
    """The SVG drawn as a PNG `width` pixels wide."""
    from cairosvg.surface import PNGSurface  # loaded only when a brief has an SVG picture

    return _convert(PNGSurface, found, sandbox, output_width=width)


def _convert(surface: Any, found: Resource, sandbox: Sandbox, **options: Any) -> Any:
    """cairosvg's conversion, reading what the SVG links to through the sandbox."""
    try:  # svg2png takes no URL fetcher
        return surface.convert(
            bytestring=found.data,
            url=found.url,
            url_fetcher=lambda url, kind: sandbox.fetch(url).data,
            **options,
        )
    except (Refused, _Measured):
        raise
    except Exception:  # a fault of the drawing library must fail this picture alone
        raise _refused(found, "not a readable SVG image") from None


def _refused(found: Resource, reason: str) -> Refused:
    return Refused(f"cannot use {_shown(found.url)}: {reason}")


def _shown(url: str) -> str:
    return url if len(url) <= 80 or not url.startswith("data:") else url[:80] + "…"
