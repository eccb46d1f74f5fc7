"""Incremental builds: a brief whose inputs have not changed is not built again.

A brief's inputs are its meeting file (and the variant built of it, see `variants.py`), the
files of its series it reads, the template set, the register of people, the settings (formats,
paper, PDF variant, modification date, the workspace's defaults) and briefgen itself. Their
digest is the brief's key (template files count by name, size and modification time, without
being opened). The output folder
keeps, in `.briefgen-state.json`, each brief's key and the digest of each file written for it.
A brief is up to date only when its key is the one recorded and every output is there with the
digest recorded: a missing, unreadable or hand-edited output or state file means "build again",
never a wrong skip."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from .atomic_files import write_atomically
from .options import Options
from .people import Register
from .template_set import Templates

STATE_FILE = ".briefgen-state.json"
STATE_VERSION = 1
PACKAGE = Path(__file__).parent


def settings_digest(
    templates: Templates,
    register: Register,
    formats: Iterable[str],
    options: Options,
    defaults: Mapping[str, str] | None,
) -> str:
    """The digest of what every brief of a build depends on besides its meeting files."""
    digest = hashlib.sha256()
    for part in (
        _files_digest(sorted(PACKAGE.glob("*.py"))),  # briefgen's own code, whatever its version
        templates.fingerprint(),
        json.dumps(register.people, sort_keys=True, ensure_ascii=False),
        json.dumps(sorted(formats)),
        repr((options.paper, options.pdf_variant, options.modified, options.brand)),
        json.dumps(dict(defaults or {}), sort_keys=True, ensure_ascii=False),
    ):
        digest.update(part.encode() + b"\n")
    return digest.hexdigest()


def brief_key(settings: str, meeting: str, history: str) -> str:
    """A brief's key: the build's settings, its meeting file and the files of its series it
    reads (see `series.history`), each as a digest."""
    return hashlib.sha256(f"{settings}\n{meeting}\n{history}".encode()).hexdigest()


def variant_key(key: str | None, variant: str | None) -> str | None:
    """The key of a variant of a brief (see `variants.py`): a releasable output is up to date
    only if it was built as one."""
    if key is None or variant is None:
        return key
    return hashlib.sha256(f"{key}\n{variant}".encode()).hexdigest()


def _files_digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode() + b"\n")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:  # unreadable: the build will say so; never a match
            digest.update(b"unreadable")
    return digest.hexdigest()


class State:
    """The keys and output digests of the briefs last built into a folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_FILE
        self.entries: dict[str, dict] = {}
        self.changed = False
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            state = json.loads(self.path.read_text(encoding="utf-8"))
            if state.get("version") == STATE_VERSION and isinstance(state.get("briefs"), dict):
                self.entries = state["briefs"]

    def fresh(self, name: str, key: str, outputs: list[Path]) -> bool:
        """Whether the brief `name` was built with `key` and its outputs are as written."""
        entry = self.entries.get(name)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return False
        recorded = entry.get("outputs")
        if not isinstance(recorded, dict) or sorted(recorded) != sorted(p.name for p in outputs):
            return False
        return all(recorded[p.name] is not None and _digest(p) == recorded[p.name] for p in outputs)

    def record(self, name: str, key: str, outputs: list[Path]) -> None:
        self.entries[name] = {"key": key, "outputs": {p.name: _digest(p) for p in outputs}}
        self.changed = True

    def forget(self, name: str) -> None:
        self.changed |= self.entries.pop(name, None) is not None

    def save(self) -> None:
        """Written whole (see `atomic_files`) when anything changed; a folder that cannot take
        it is left without, and the next build builds everything."""
        if not self.changed:
            return
        text = json.dumps({"version": STATE_VERSION, "briefs": self.entries}, indent=1)
        with contextlib.suppress(OSError):
            write_atomically(self.path, (text + "\n").encode())


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
