"""Lay a brief's HTML out as PDF with WeasyPrint and the print stylesheet it carries."""

from __future__ import annotations

from .render import Templates


def write_pdf(html: str, templates: Templates) -> bytes:
    """The PDF bytes of a brief rendered to HTML."""
    import weasyprint  # imported here: it is slow to load and only this format needs it

    return weasyprint.HTML(string=html, base_url=str(templates.search_path[0])).write_pdf()
