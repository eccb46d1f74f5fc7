"""Files of the template folders, and nowhere else: a name is looked up folder by folder, and a
file found is used only if it is a regular file that really lies inside its folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import Problem, TemplateError, os_reason


def find(search_path: tuple[Path, ...], name: str) -> Path | None:
    """The first file called `name` (a relative path) on the search path, or None.

    A candidate that leads outside its folder (through a symlink or `..`) or that is not a
    regular file (a folder, a pipe) is an error, never silently skipped or opened."""
    for folder in search_path:
        candidate = folder / name
        if os.path.lexists(candidate):
            return confined(folder, candidate)
    return None


def confined(folder: Path, candidate: Path) -> Path:
    """`candidate` if it is a regular file really inside `folder`; else a TemplateError."""
    try:
        real = candidate.resolve()
        inside = real.is_relative_to(folder.resolve())
    except (OSError, RuntimeError) as e:  # a symlink loop
        raise TemplateError([Problem(candidate, f"cannot be resolved: {os_reason(e)}")]) from None
    if not inside:
        raise TemplateError([Problem(candidate, "leads outside its templates folder; refused")])
    if not real.is_file():  # a regular file: not a folder, a pipe or a device
        raise TemplateError([Problem(candidate, "is not a regular file; refused")])
    return candidate


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a template file of at most `limit` bytes: its size is checked on the open
    file before anything is read, so that a huge (or sparse) file is refused at once."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a pipe never blocks
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise TemplateError([Problem(path, "is not a regular file; refused")])
            size = info.st_size
            data = f.read(limit + 1) if size <= limit else b""
    except OSError as e:
        raise TemplateError([Problem(path, f"cannot be read: {os_reason(e)}")]) from None
    size = max(size, len(data))  # a file may grow while it is read
    if size > limit:
        message = f"is {size:,} bytes; a template file of this kind holds at most {limit:,} bytes"
        raise TemplateError([Problem(path, message)])
    return data
