"""The output formats: one writer per format, each turning a brief's HTML into file bytes."""

from __future__ import annotations

from collections.abc import Callable

from .docx_writer import write_docx
from .pdf_writer import write_pdf
from .render import Templates

Writer = Callable[[str, Templates], bytes]


def write_html(html: str, templates: Templates) -> bytes:
    """The HTML itself, exactly as the other writers receive it."""
    return html.encode("utf-8")


WRITERS: dict[str, Writer] = {"docx": write_docx, "pdf": write_pdf, "html": write_html}
DEFAULT_FORMATS = ("docx", "pdf")
