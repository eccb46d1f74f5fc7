"""The template set: the folders a brief's templates, stylesheet, labels, fonts and reference
document are looked up in, workspace overrides first, and what is read from them."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import Problem, TemplateError
from .folders import confined, find, read_limited
from .glyphs import FontFile, coverage, faces
from .labels import has_labels, labels_for
from .limits import TEMPLATE_ASSET_BYTES

if TYPE_CHECKING:
    import jinja2

DEFAULT_TEMPLATES = Path(__file__).parent / "templates"
T = TypeVar("T")


@dataclass(frozen=True)
class Templates:
    """The template set: the given folders in order, then the packaged defaults.

    What it reads from its files (labels, the fonts' coverage, the reference document, the Jinja
    environment, WeasyPrint's font configuration) is kept on the object, so that a new
    `Templates` sees the files as they are now (`briefgen serve` makes one for every build) and
    one build reads each file once. `close()` removes what the PDF writer left on disk."""

    dirs: tuple[Path, ...] = ()
    _kept: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def search_path(self) -> tuple[Path, ...]:
        return (*self.dirs, DEFAULT_TEMPLATES)

    def find(self, name: str) -> Path:
        """The first file called `name` on the search path."""
        found = find(self.search_path, name)
        if found is None:
            raise TemplateError([Problem(Path(name), "template file not found")])
        return found

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """What `make` returns, made once for this template set."""
        if key not in self._kept:
            self._kept[key] = make()
        return self._kept[key]

    def labels(self, language: str) -> dict:
        """The words printed around the data, in `language` (see `labels.py`)."""
        return self.kept(("labels", language), lambda: labels_for(language, self.search_path))

    def has_labels(self, language: str) -> bool:
        return has_labels(language, self.search_path)

    def fonts(self) -> tuple[Path, ...]:
        """The font files shipped with the templates (`fonts/*.ttf`, `*.otf`)."""
        found: dict[str, Path] = {}  # an override replaces the default font of the same name
        for folder in self.search_path:
            for path in sorted((folder / "fonts").glob("*.[ot]tf")):
                found.setdefault(path.name, confined(folder, path))
        return tuple(found.values())

    def coverage(self) -> frozenset[int] | None:
        """The code points every font of the templates can draw (see `glyphs.py`)."""
        return self.kept("coverage", lambda: coverage(self.fonts()))

    def faces(self) -> list[FontFile]:
        """The fonts of the templates, as their own tables describe them."""
        return self.kept("faces", lambda: faces(self.fonts()))

    def font_faces(self) -> str:
        """An @font-face rule for each font of the templates, so that a stylesheet (and a brand)
        can name any of them by its family."""
        return "\n".join(
            f"@font-face {{ font-family: {_css_string(f.family)}; font-weight: {f.weight}; "
            f"font-style: {'italic' if f.italic else 'normal'}; "
            f"src: url({_css_string(f.path.resolve().as_uri())}); }}"
            for f in self.faces()
        )

    def reference_docx(self) -> bytes:
        """The reference document the DOCX writer takes its styles from."""
        path = self.find("reference.docx")
        return self.kept("reference.docx", lambda: read_limited(path, TEMPLATE_ASSET_BYTES))

    @property
    def environment(self) -> jinja2.Environment:
        from .render import environment  # Jinja loads only when a brief is rendered

        return self.kept("environment", lambda: environment(self.search_path, self.font_faces))

    def fingerprint(self) -> str:
        """A digest of what the folders hold, by each entry's name, kind, size, modification
        time and link target: read from the folders themselves, so that nothing outside them
        is opened (see `folders.py`) and a huge file costs nothing. The key of incremental
        builds (see `freshness.py`)."""
        digest = hashlib.sha256()
        for folder in self.search_path:
            for root, dirs, names in os.walk(folder):  # symlinks to folders are not followed
                dirs.sort()
                links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
                for name in sorted(names + links):
                    path = os.path.join(root, name)
                    with contextlib.suppress(OSError):
                        info = os.lstat(path)
                        link = os.readlink(path) if stat.S_ISLNK(info.st_mode) else ""
                        kind = stat.S_IFMT(info.st_mode)
                        entry = (path, kind, info.st_size, info.st_mtime_ns, link)
                        digest.update(repr(entry).encode() + b"\n")
        return digest.hexdigest()

    def close(self) -> None:
        """Let go of what was kept; WeasyPrint's font configuration keeps the fonts it was
        given in a temporary folder until it is closed."""
        for value in self._kept.values():
            folder = getattr(value, "_folder", None)  # a FontConfiguration's
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        self._kept.clear()


def _css_string(text: str) -> str:
    """`text` as a CSS string that cannot end its rule or the <style> element it is in."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\<>\n\r' else c for c in text) + '"'
