"""Files written so that readers, and a crash at any moment, see each old file or its new one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from pathlib import Path

from .options import FORMATS

TEMP_SUFFIX = ".tmp"
TEMP_MARK = "briefgen"
# The temporary files briefgen writes, and the only files it ever deletes (see write_together).
TEMPORARY = re.compile(
    rf"\.(?P<target>.+\.(?:{'|'.join(FORMATS)}))\.{TEMP_MARK}-(?P<pid>[0-9]{{1,9}})-[0-9a-f]{{16}}"
    + re.escape(TEMP_SUFFIX)
)


def write_atomically(target: Path, data: bytes) -> Path:
    """Write one file so that readers, and a crash at any moment, see the old file or the new."""
    return write_together({target: data})[0]


def write_together(files: dict[Path, bytes]) -> list[Path]:
    """Write files so that readers, and a crash at any moment, see each old file or its new one.

    Each file's data goes to a temporary file beside it, synced; only once all are written are
    they renamed over their targets (a rename replaces a symlink rather than writing through it),
    so a failure while writing leaves every target as it was. A temporary file's name carries
    briefgen's mark and the process id, so that one left by a killed build is removed by the
    next build (and no other file ever is). An OSError names the target it concerns."""
    temporaries: dict[Path, Path] = {}
    try:
        for target, data in files.items():
            try:
                if target.is_dir() and not target.is_symlink():  # a rename would fail late
                    raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
                target.parent.mkdir(parents=True, exist_ok=True)
                temporaries[target] = target.parent / _temporary_name(target.name)
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
                with os.fdopen(os.open(temporaries[target], flags, 0o666), "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
            except OSError as e:
                raise OSError(e.errno, e.strerror, str(target)) from None
        for target, temporary in temporaries.items():
            try:
                os.replace(temporary, target)
            except OSError as e:
                raise OSError(e.errno, e.strerror, str(target)) from None
    finally:
        for temporary in temporaries.values():
            with contextlib.suppress(OSError):  # the error that matters is already raised
                temporary.unlink(missing_ok=True)  # a no-op for those renamed into place
    return list(files)


def create_new(target: Path, data: bytes) -> bool:
    """Write a file that must not exist yet, whole or not at all (written beside it, synced,
    then linked into place, which fails if the name is taken): False, and nothing written, when
    it exists. An OSError names the target."""
    temporary = target.parent / _temporary_name(target.name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(target.parent)) from None
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        with os.fdopen(os.open(temporary, flags, 0o666), "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.link(temporary, target)
    except FileExistsError:
        return False
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(target)) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return True


def _temporary_name(target: str) -> str:
    return f".{target}.{TEMP_MARK}-{os.getpid()}-{secrets.token_hex(8)}{TEMP_SUFFIX}"


def sweep_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files that builds killed mid-write left in `folder`: regular files
    named by `_temporary_name` for an output format, whose process is gone. Best effort: a
    folder that cannot be listed is left as it is (writing there will say why)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = TEMPORARY.fullmatch(name)
        if match is None or _alive(int(match["pid"])):
            continue
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(folder / name).st_mode):
                os.unlink(folder / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but belongs to someone else
    return True
