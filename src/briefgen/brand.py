"""An organisation's look, set once in `briefgen.yaml` (`brand:`): its name, logo, letterhead
lines, accent colour and fonts. The templates print it; both formats follow from the HTML (the
logo travels in it as a `data:` URL, the fonts and colour in `<meta>` elements the DOCX writer
reads), so nobody edits CSS or Word styles."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from .errors import Problem, TemplateError
from .folders import read_limited
from .limits import TEMPLATE_ASSET_BYTES
from .model import Item, Text

HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
FAMILY = re.compile(r"[\w][\w .-]*")  # a name a stylesheet and Word can both carry as is
BODY_FONT, HEADING_FONT = "Noto Serif", "Noto Sans"  # the fonts briefgen ships


def _colour(value: str) -> str:
    if not HEX_COLOUR.fullmatch(value):
        raise ValueError(f"expected a colour as #RRGGBB (or #RGB), got '{value}'")
    digits = value[1:].lower()
    return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))


def _family(value: str) -> str:
    if not FAMILY.fullmatch(value):
        raise ValueError(f"expected a font family name (letters, digits, spaces), got '{value}'")
    return value


Colour = Annotated[str, AfterValidator(_colour)]
Family = Annotated[str, AfterValidator(_family)]


class BrandFonts(Item):
    """Font families by name: their files go in the templates folder's `fonts/`."""

    body: Family | None = Field(None, description=f"The text's font [default: {BODY_FONT}].")
    headings: Family | None = Field(
        None, description=f"Headings, tables and running lines [default: {HEADING_FONT}]."
    )


class BrandFile(Item):
    """The `brand:` section of `briefgen.yaml`."""

    name: Text | None = Field(
        None, description="The organisation, on the letterhead and every page's header."
    )
    logo: Text | None = Field(
        None,
        description="A PNG, JPEG or SVG file, relative to briefgen.yaml, inside its folder.",
        examples=["brand/logo.svg"],
    )
    letterhead: list[Text] = Field(
        [], description="Lines under the name on the first page: address, contact."
    )
    accent: Colour | None = Field(
        None, description="The colour of titles and headings, as #RRGGBB.", examples=["#1f4e79"]
    )
    fonts: BrandFonts = Field(BrandFonts(), description="Font families by name.")


@dataclass(frozen=True)
class Brand:
    """The look the templates print (see `templates/base.html.j2`); `logo` is a data URL."""

    name: str | None = None
    logo: str | None = None
    letterhead: tuple[str, ...] = ()
    accent: str | None = None
    body_font: str = BODY_FONT
    heading_font: str = HEADING_FONT

    @classmethod
    def load(cls, file: BrandFile, folder: Path) -> Brand:
        """The brand of a workspace file in `folder`; a TemplateError if its logo is not an
        image file inside that folder."""
        return cls(
            name=file.name,
            logo=_data_url(folder, file.logo) if file.logo else None,
            letterhead=tuple(file.letterhead),
            accent=file.accent,
            body_font=file.fonts.body or BODY_FONT,
            heading_font=file.fonts.headings or HEADING_FONT,
        )


DEFAULT_BRAND = Brand()


def _data_url(folder: Path, name: str) -> str:
    path = folder / name
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        inside = False
    if not inside:
        raise TemplateError([Problem(path, "lies outside the workspace folder; refused")])
    data = read_limited(path, TEMPLATE_ASSET_BYTES)
    kind = _image_type(data)
    if kind is None:
        raise TemplateError([Problem(path, "is not a PNG, JPEG or SVG image")])
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _image_type(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if b"<svg" in data[:4096]:
        return "image/svg+xml"
    return None
