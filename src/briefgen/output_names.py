"""Which input names can name output files on every system the briefs travel to, without two
inputs writing the same file."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from .errors import Problem

MAX_NAME_BYTES = 200  # leaves room for the format suffix and a temporary name within 255 bytes
UNPORTABLE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in [*range(10), "¹", "²", "³"]
}
NAMED_CLASHES = 3  # a clash names this many other inputs, then counts the rest


def output_stem(path: Path, variant: str | None = None) -> str:
    """The name of a brief's outputs, without the format: the input's, and the variant's
    (`m.releasable`, see `variants.py`) for a variant."""
    return path.stem if variant is None else f"{path.stem}.{variant}"


def refused_names(inputs: list[Path], variants: Sequence[str] = ()) -> dict[Path, Problem]:
    """The inputs whose outputs (those of each of `variants` too) could not be written as
    named, with the reason."""
    return _clashing(inputs, variants) | _unportable(inputs)


def _clashing(inputs: list[Path], variants: Sequence[str]) -> dict[Path, Problem]:
    """Inputs that would write the same output files: the same name in different folders,
    names that macOS or Windows take for one file (see `_file_system_key`), or the name of
    another's variant (`m.releasable.yaml`)."""
    by_name: dict[str, list[Path]] = {}
    for path in inputs:
        for variant in (None, *variants):
            name = _file_system_key(output_stem(path, variant))
            by_name.setdefault(name, []).append(path)
    clashes = {}
    for paths in by_name.values():
        for path in paths if len(paths) > 1 else ():
            clashes[path] = Problem(path, f"writes the same output files as {_others(path, paths)}")
    return clashes


def _file_system_key(name: str) -> str:
    """One key for the names a file system takes for one file: Unicode normalisation (macOS:
    precomposed and decomposed `café`) and simple case-insensitivity (one letter for one, as
    macOS and Windows compare names: `straße` and `strasse` stay two files)."""
    return "".join(map(_simple_fold, unicodedata.normalize("NFC", name)))


def _simple_fold(letter: str) -> str:
    folded = letter.casefold()
    if len(folded) == 1:
        return folded
    lowered = letter.lower()  # `ẞ` → `ß`; `İ` (whose lower case is two letters) stays itself
    return lowered if len(lowered) == 1 else letter


def _others(path: Path, paths: list[Path]) -> str:
    """The inputs clashing with `path`, the first few named: thousands would make every
    line of the report thousands of names long."""
    named = [p for p in paths[: NAMED_CLASHES + 1] if p is not path][:NAMED_CLASHES]
    rest = len(paths) - 1 - len(named)
    return ", ".join(map(str, named)) + (f" and {rest} more" if rest else "")


def _unportable(inputs: list[Path]) -> dict[Path, Problem]:
    """Inputs whose names cannot name an output file on every system the briefs travel to."""
    unsafe = {}
    for path in inputs:
        name = path.stem
        if not _is_utf8(name):
            reason = "is not valid UTF-8"
        elif UNPORTABLE.search(name):
            reason = 'holds a control character or one of < > : " / \\ | ? *'
        elif _device(name) in RESERVED_NAMES:
            reason = f"is a name Windows reserves ({_device(name)})"
        elif name.endswith((".", " ")) or name.startswith("-"):
            reason = "starts with '-' or ends with a dot or a space"
        elif len(name.encode()) > MAX_NAME_BYTES:
            reason = f"is longer than {MAX_NAME_BYTES} bytes"
        else:
            continue
        unsafe[path] = Problem(path, f"cannot name an output file: the name {reason}")
    return unsafe


def _is_utf8(name: str) -> bool:
    try:
        name.encode()
    except UnicodeEncodeError:  # the undecodable bytes of a file name (surrogate escapes)
        return False
    return True


def _device(name: str) -> str:
    """The part of a name Windows matches against its device names: before the first dot,
    trailing spaces ignored (`con .notes` is the console too)."""
    return name.split(".")[0].rstrip(" ").upper()
