"""Print how the installed packages differ from the lock: the drift a `make test-latest` or
`make test-lowest` run is testing."""

from __future__ import annotations

import re
import sys
from importlib.metadata import distributions
from pathlib import Path

from packaging.utils import canonicalize_name

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.MULTILINE)


def main(lock: str) -> None:
    locked = {canonicalize_name(n): v for n, v in PIN.findall(Path(lock).read_text())}
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in distributions()}
    changed = [
        f"  {name}: {installed[name]} (lock: {locked[name]})"
        for name in sorted(locked.keys() & installed.keys())
        if installed[name] != locked[name]
    ]
    added = [
        f"  {name}: {installed[name]} (not in the lock)"
        for name in installed.keys() - locked.keys()
        if name not in ("pip", "setuptools", "briefgen")
    ]
    same = len(locked.keys() & installed.keys()) - len(changed)
    print(f"versions differing from {lock}: {len(changed) + len(added)} ({same} the same)")
    print("\n".join(changed + sorted(added)) or "  none")


if __name__ == "__main__":
    main(sys.argv[1])
