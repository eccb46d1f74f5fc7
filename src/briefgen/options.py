"""How to lay briefs out: the choices a build makes beyond the meeting data itself."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .brand import DEFAULT_BRAND, Brand
from .errors import ConfigError, Problem, quoted

FORMATS = ("docx", "pdf", "html")  # html: the document both others are made from
DEFAULT_FORMATS = ("docx", "pdf")
# Paper sizes in millimetres; A4 is the default, as in most ministries outside North America.
PAPER_SIZES = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
# The archival and accessible PDF variants WeasyPrint writes (print-only PDF/X is left out).
PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1", "pdf/ua-2")
# The action tracker's formats and statuses (see `exports.py`, `tracker.py`).
ACTION_FORMATS = ("table", "csv", "json", "ics")
ACTION_STATUSES = ("open", "in-progress", "done", "dropped")
# How the brief in a pack numbers its pages: "Page 2 of 3" of its own, or of the whole pack.
PACK_NUMBERINGS = ("own", "continuous")
SCHEMA_KINDS = ("meeting", "workspace")  # the JSON Schemas: of meeting files, of briefgen.yaml
# The variants built beside a brief, from the same file (see `variants.py`).
VARIANTS = ("releasable",)


@dataclass(frozen=True)
class Options:
    """`modified`: the documents' modification date; by default SOURCE_DATE_EPOCH when set,
    else the meeting date (never the clock). `brand`: the organisation's look (`brand.py`)."""

    paper: str = "a4"
    pdf_variant: str | None = None
    modified: datetime | None = None
    brand: Brand = DEFAULT_BRAND

    def __post_init__(self) -> None:
        if self.paper not in PAPER_SIZES:
            choices = ", ".join(PAPER_SIZES)
            raise ConfigError(
                [Problem(Path(self.paper), f"unknown paper size (choose from {choices})")]
            )
        if self.pdf_variant not in (None, *PDF_VARIANTS):
            choices = ", ".join(PDF_VARIANTS)
            raise ConfigError(
                [Problem(Path(self.pdf_variant), f"unknown PDF variant (choose from {choices})")]
            )


def source_date_epoch() -> datetime | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as a UTC date and time, if it is set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not value:
        return None
    try:
        if not re.fullmatch("[0-9]+", value):
            raise ValueError
        return datetime.fromtimestamp(int(value), timezone.utc)
    except (ValueError, OverflowError, OSError):
        problem = Problem(
            Path("SOURCE_DATE_EPOCH"),
            f"expected whole seconds since 1970-01-01, got {quoted(value)}",
        )
        raise ConfigError([problem]) from None


DEFAULT_OPTIONS = Options()
