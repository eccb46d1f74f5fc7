"""The output formats: one writer per format, each turning a brief's HTML into file bytes.

A writer's module is imported when its format is first written, so that a build of PDFs alone
never loads python-docx, nor one of DOCX alone WeasyPrint."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from .options import DEFAULT_OPTIONS, Options
from .template_set import Templates

Writer = Callable[[str, Templates, Options], bytes]


def write_html(html: str, templates: Templates, options: Options = DEFAULT_OPTIONS) -> bytes:
    """The HTML itself, exactly as the other writers receive it."""
    return html.encode("utf-8")


# The module of each format's writer, `write_<format>`.
WRITERS = {"docx": ".docx_writer", "pdf": ".pdf_writer", "html": ".writers"}


def writer(fmt: str) -> Writer:
    """The function that writes `fmt` (one of WRITERS)."""
    return getattr(import_module(WRITERS[fmt], __package__), f"write_{fmt}")
