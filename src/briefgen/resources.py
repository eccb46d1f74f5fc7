"""The resources a brief's HTML may read (images, stylesheets, fonts), for both formats alike:
`data:` URLs, and regular files really inside the template folders; nothing else, never the
network. Relative addresses resolve against the first template folder."""

from __future__ import annotations

import mimetypes
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import DataHandler, Request, pathname2url, url2pathname

from .errors import Problem, ResourceError, TemplateError
from .folders import read_limited
from .limits import TEMPLATE_ASSET_BYTES


@dataclass(frozen=True)
class Resource:
    url: str  # the real file's URL, symlinks followed (or the data: URL)
    data: bytes
    kind: str  # the MIME type


class Refused(ValueError):
    """A resource that may not or cannot be read: `cannot fetch <url>: <reason>`."""


def base_url(folder: Path) -> str:
    """The file URL relative addresses resolve against, as WeasyPrint makes it of a folder."""
    return "file://" + pathname2url(os.path.abspath(folder) + os.sep)


@dataclass
class Sandbox:
    """Reads resources for one document, and remembers each refusal: a library may swallow the
    error (WeasyPrint does inside SVG images), the document must still fail."""

    roots: tuple[Path, ...]
    refused: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.allowed = [root.resolve() for root in self.roots]
        self.base = base_url(self.roots[0])

    def read(self, src: str) -> Resource:
        """The resource an HTML attribute names, relative to the first template folder."""
        return self.fetch(urljoin(self.base, src.strip()))

    def fetch(self, url: str) -> Resource:
        """The resource at an absolute URL; else Refused, and remembered."""
        try:
            return self._read(url)
        except Refused as e:
            self.refuse(str(e))
            raise

    def refuse(self, message: str) -> None:
        if message not in self.refused:  # a library may ask again for what was refused
            self.refused.append(message)

    def check(self) -> None:
        """A ResourceError naming every refusal so far, if there was one."""
        if self.refused:
            raise ResourceError([Problem(Path("-"), message) for message in self.refused])

    def _read(self, url: str) -> Resource:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return _data(url)
        if scheme != "file":
            raise Refused(f"cannot fetch {url}: only files of the templates are read")
        path = Path(url2pathname(urlsplit(url).path))  # decodes %2e%2e and the like
        try:
            real = path.resolve(strict=True)  # follows symlinks to where they really lead
        except (OSError, RuntimeError):
            raise Refused(f"cannot fetch {url}: no such file") from None
        if not any(real.is_relative_to(root) for root in self.allowed):
            raise Refused(f"cannot fetch {url}: outside the templates folders")
        if not stat.S_ISREG(real.stat().st_mode):
            raise Refused(f"cannot fetch {url}: not a regular file")
        kind = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        try:
            data = read_limited(real, TEMPLATE_ASSET_BYTES)
        except TemplateError as e:
            raise Refused(f"cannot fetch {url}: {e.problems[0].message}") from None
        return Resource(real.as_uri(), data, kind)


def _data(url: str) -> Resource:
    try:
        with DataHandler().data_open(Request(url)) as response:
            return Resource(url, response.read(), response.headers["Content-Type"])
    except ValueError:
        raise Refused(f"cannot fetch {url[:80]}: not a valid data: URL") from None
