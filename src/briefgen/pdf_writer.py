"""Lay a brief's HTML out as PDF with WeasyPrint and the print stylesheet it carries."""

from __future__ import annotations

import hashlib
import mimetypes
import stat
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from .errors import Problem, ResourceError, TemplateError
from .folders import read_limited
from .limits import TEMPLATE_ASSET_BYTES
from .links import link_target
from .options import DEFAULT_OPTIONS, Options
from .render import Templates


def write_pdf(html: str, templates: Templates, options: Options = DEFAULT_OPTIONS) -> bytes:
    """The PDF bytes of a brief rendered to HTML: tagged for screen readers, in the requested
    PDF/A or PDF/UA variant, with an identifier taken from the content rather than the clock.

    WeasyPrint may read only `data:` URLs and regular files inside the template folders (fonts,
    images, stylesheets); anything else, or a file that cannot be read, is a ResourceError.
    Links lead only to web and mail addresses, or within the brief."""
    import weasyprint  # imported here: it is slow to load and only this format needs it
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _sandboxed_fetcher(templates.search_path)
    settings = {
        "pdf_tags": True,
        "pdf_variant": options.pdf_variant,
        "pdf_identifier": hashlib.sha256(html.encode()).hexdigest()[:32].encode(),
    }
    try:
        document = weasyprint.HTML(
            string=html, base_url=str(templates.search_path[0]), url_fetcher=fetcher
        ).render(**settings)
        _drop_unsafe_links(document)
        pdf = document.write_pdf(**settings)
    except FatalURLFetchingError:
        if not fetcher.refused:
            raise
    if fetcher.refused:  # also those WeasyPrint swallows (inside SVG images)
        raise ResourceError([Problem(Path("-"), message) for message in fetcher.refused])
    return pdf


def _drop_unsafe_links(document: Any) -> None:
    """Keep only the links a reader may follow (see `links.py`): WeasyPrint makes a template's
    `<a href="notes.pdf">` a link to a file beside the templates. Links within the brief stay."""
    for page in document.pages:
        page.links[:] = [
            link for link in page.links if link[0] != "external" or link_target(link[1])
        ]


def _sandboxed_fetcher(roots: tuple[Path, ...]):  # noqa: ANN202 (WeasyPrint's own class)
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = [root.resolve() for root in roots]

    class SandboxedFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            try:
                return self._fetch(url, headers)
            except Exception as e:
                self.refused.append(str(e))
                raise

        def _fetch(self, url: str, headers: dict | None) -> URLFetcherResponse:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise ValueError(f"cannot fetch {url}: only files of the templates are read")
            path = Path(url2pathname(urlsplit(url).path))  # decodes %2e%2e and the like
            try:
                real = path.resolve(strict=True)  # follows symlinks to where they really lead
            except (OSError, RuntimeError):
                raise ValueError(f"cannot fetch {url}: no such file") from None
            if not any(real.is_relative_to(root) for root in allowed):
                raise ValueError(f"cannot fetch {url}: outside the templates folders")
            if not stat.S_ISREG(real.stat().st_mode):
                raise ValueError(f"cannot fetch {url}: not a regular file")
            kind = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
            # answered as the real file's URL: WeasyPrint may read the file again by that URL
            try:
                data = read_limited(real, TEMPLATE_ASSET_BYTES)
            except TemplateError as e:
                raise ValueError(f"cannot fetch {url}: {e.problems[0].message}") from None
            return URLFetcherResponse(real.as_uri(), data, {"Content-Type": kind})

    return SandboxedFetcher()
