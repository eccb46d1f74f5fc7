"""Lay a brief's HTML out as PDF with WeasyPrint and the print stylesheet it carries."""

from __future__ import annotations

import hashlib

from .options import DEFAULT_OPTIONS, Options
from .render import Templates


def write_pdf(html: str, templates: Templates, options: Options = DEFAULT_OPTIONS) -> bytes:
    """The PDF bytes of a brief rendered to HTML: tagged for screen readers, in the requested
    PDF/A or PDF/UA variant, with an identifier taken from the content rather than the clock."""
    import weasyprint  # imported here: it is slow to load and only this format needs it

    return weasyprint.HTML(string=html, base_url=str(templates.search_path[0])).write_pdf(
        pdf_tags=True,
        pdf_variant=options.pdf_variant,
        pdf_identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode(),
    )
