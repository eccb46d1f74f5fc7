"""The errors briefgen raises: one root, a few narrow kinds, each naming its file."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in one input, located by line and column (1-based) where known."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    field: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f"{self.field}: " if self.field else ""
        return printable(f"{where}: {self.severity}: {field}{self.message}")


# Shown escaped, so that a problem is always one printable line: controls, and the bytes of a
# file name that is not UTF-8 (which Python carries as lone surrogates, U+DC80 to U+DCFF).
CONTROLS = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1] if char < "\ud800" else f"\\u{ord(char):04x}"


# The bytes of a file name that is not UTF-8, and the lone surrogates no encoding can write.
SURROGATES = re.compile("[\ud800-\udfff]")


def printable(text: str, chars: re.Pattern[str] = CONTROLS) -> str:
    """`text` with `chars` (by default: controls and surrogates) escaped as a problem line
    shows them."""
    return chars.sub(_escaped, text)


class BriefgenError(Exception):
    """Root of every error briefgen raises on purpose."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InputError(BriefgenError):
    """A meeting file could not be read or is not a valid meeting; `source` is what could be
    read of it (a `yaml_source.Source`), when anything could."""

    def __init__(self, problems: list[Problem], source: object = None) -> None:
        super().__init__(problems)
        self.source = source


class TemplateError(BriefgenError):
    """A template could not be found, parsed or rendered."""


class ResourceError(BriefgenError):
    """A document asked for a resource it may not read (outside the templates, on the network)
    or one that could not be read."""


QUOTED_CHARS = 80  # of a value echoed in a problem line: enough to recognise it, never a flood
HINTED_CHARS = 100  # longer values are no misspelling of a short name: no "did you mean"
HINT_CANDIDATES = 200  # names compared per hint (the first in the file): bounds the work per value


def quoted(value: object) -> str:
    """A value as a problem line shows it: in quotes, cut after QUOTED_CHARS characters."""
    text = str(value)
    if len(text) > QUOTED_CHARS:
        text = text[:QUOTED_CHARS] + "…"
    return f"'{text}'"


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A ` (did you mean 'x'?)` hint when one of `choices` is close to `word`, else ''."""
    if len(word) > HINTED_CHARS:
        return ""
    return _hint(word, tuple(c for c in choices[:HINT_CANDIDATES] if len(c) <= HINTED_CHARS))


@lru_cache(maxsize=4096)
def _hint(word: str, choices: tuple[str, ...]) -> str:
    # cached: the same misspelling, repeated through a file, is compared once
    from difflib import get_close_matches

    close = get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {quoted(close[0])}?)" if close else ""


# What the system said, in briefgen's words (the C library's wording varies by system and locale).
OS_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "over the disk quota",
    errno.ELOOP: "too many symbolic links (a loop?)",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "the disk could not be read or written (input/output error)",
    errno.EMFILE: "too many open files",
    errno.ENXIO: "no reader or device at the other end",
    errno.EBUSY: "in use by the system",
    errno.ETXTBSY: "in use by a running program",
    errno.EADDRINUSE: "the address is in use",
    errno.EADDRNOTAVAIL: "not an address of this machine",
}


def os_reason(error: OSError | RuntimeError) -> str:
    """Why a file operation failed, in plain words (a RuntimeError is pathlib's symlink loop)."""
    if isinstance(error, RuntimeError):
        return OS_REASONS[errno.ELOOP]
    if error.errno in OS_REASONS:
        return OS_REASONS[error.errno]
    name = errno.errorcode.get(error.errno or 0)
    return f"system error {name}" if name else "system error"


class ConfigError(BriefgenError):
    """The request itself is wrong: a path that does not exist, an unknown format."""
