"""Lay a brief's HTML out as PDF with WeasyPrint and the print stylesheet it carries."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

from .links import link_target
from .options import DEFAULT_OPTIONS, Options
from .resources import Sandbox, base_url
from .template_set import Templates

WORD_PIECE = 20  # characters between the break opportunities added to a very long word
ZWSP = "\u200b"
JOINERS = {"\u200c", "\u200d", "\u2060", "\ufe0e", "\ufe0f"}
SELF_BREAKING = (
    (0x0E00, 0x0FFF),  # Thai, Lao, Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0xA4CF),  # CJK, kana, Yi
    (0xAC00, 0xD7AF),  # Hangul
    (0xF900, 0xFAFF),  # CJK compatibility
    (0x20000, 0x3FFFF),  # CJK extensions
)


def write_pdf(html: str, templates: Templates, options: Options = DEFAULT_OPTIONS) -> bytes:
    """The PDF bytes of a brief rendered to HTML: tagged for screen readers, in the requested
    PDF/A or PDF/UA variant, with an identifier taken from the content rather than the clock.

    WeasyPrint may read only `data:` URLs and regular files inside the template folders (fonts,
    images, stylesheets); anything else, or a file that cannot be read, is a ResourceError.
    Links lead only to web and mail addresses, or within the brief."""
    import weasyprint  # imported here: it is slow to load and only this format needs it
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _sandboxed_fetcher(templates.search_path)
    settings = {
        "pdf_tags": True,
        "pdf_variant": options.pdf_variant,
        "pdf_identifier": hashlib.sha256(html.encode()).hexdigest()[:32].encode(),
    }
    # One font configuration for every brief of the template set: WeasyPrint would load the
    # system's fonts again for each document, and keep each configuration's memory.
    fonts = templates.kept("font configuration", FontConfiguration)
    try:
        document = weasyprint.HTML(
            string=wrappable(html), base_url=base_url(templates.search_path[0]), url_fetcher=fetcher
        ).render(font_config=fonts, presentational_hints=True, **settings)  # <img width>
        _drop_unsafe_links(document)
        pdf = document.write_pdf(**settings)
    except FatalURLFetchingError:
        if not fetcher.refused:
            raise
    fetcher.sandbox.check()  # also the refusals WeasyPrint swallows (inside SVG images)
    return pdf


def wrappable(html: str) -> str:
    """The HTML with a zero-width space every few characters of each very long word.

    WeasyPrint breaks a word wider than its line by laying the rest of the text out again for
    every line the word fills: time grows with the square of the word. Break opportunities
    make that linear, and change nothing a reader sees (a zero-width space has no glyph, and no
    place in the PDF's text). Only the PDF's copy is changed: in Word, copied text would carry
    them. Scripts that break without spaces (Thai, CJK…) are left to the layout engine."""
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    for element in tree.body.iter():
        if element.tag not in UNSHOWN:
            element.text = _with_breaks(element.text)
        element.tail = _with_breaks(element.tail)
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


UNSHOWN = {"style", "script"}
LONG_WORD = re.compile(rf"\S{{{2 * WORD_PIECE},}}")


def _with_breaks(text: str | None) -> str | None:
    if not text or len(text) < 2 * WORD_PIECE:
        return text
    return LONG_WORD.sub(lambda m: _broken(m[0]), text)


def _broken(word: str) -> str:
    """`word` with a zero-width space after every WORD_PIECE characters, never inside a
    character's cluster (before a combining mark, around a joiner or a flag's halves)."""
    if any(_breaks_by_itself(c) for c in word):
        return word
    out, piece = [], 0
    for i, char in enumerate(word):
        if piece >= WORD_PIECE and _boundary(word[i - 1], char):
            out.append(ZWSP)
            piece = 0
        out.append(char)
        piece += 1
    return "".join(out)


def _boundary(before: str, after: str) -> bool:
    return (
        unicodedata.category(after)[0] != "M"
        and not {before, after} & JOINERS
        and not (_regional(before) and _regional(after))
    )


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _breaks_by_itself(char: str) -> bool:
    """A letter of a script the layout engine breaks without spaces (Thai, Lao, Khmer,
    Myanmar, Tibetan; Chinese, Japanese, Korean)."""
    code = ord(char)
    return any(low <= code <= high for low, high in SELF_BREAKING)


def _drop_unsafe_links(document: Any) -> None:
    """Keep only the links a reader may follow (see `links.py`): WeasyPrint makes a template's
    `<a href="notes.pdf">` a link to a file beside the templates. Links within the brief stay."""
    for page in document.pages:
        page.links[:] = [
            link for link in page.links if link[0] != "external" or link_target(link[1])
        ]


def _sandboxed_fetcher(roots: tuple[Path, ...]):  # noqa: ANN202 (WeasyPrint's own class)
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SandboxedFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
            self.sandbox = Sandbox(roots)

        @property
        def refused(self) -> list[str]:
            return self.sandbox.refused

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            # answered as the real file's URL: WeasyPrint may read the file again by that URL
            found = self.sandbox.fetch(url)
            return URLFetcherResponse(found.url, found.data, {"Content-Type": found.kind})

    return SandboxedFetcher()
