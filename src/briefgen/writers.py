"""The output formats: one writer per format, each turning a brief's HTML into file bytes."""

from __future__ import annotations

from collections.abc import Callable

from .docx_writer import write_docx
from .options import DEFAULT_OPTIONS, Options
from .pdf_writer import write_pdf
from .template_set import Templates

Writer = Callable[[str, Templates, Options], bytes]


def write_html(html: str, templates: Templates, options: Options = DEFAULT_OPTIONS) -> bytes:
    """The HTML itself, exactly as the other writers receive it."""
    return html.encode("utf-8")


WRITERS: dict[str, Writer] = {"docx": write_docx, "pdf": write_pdf, "html": write_html}
