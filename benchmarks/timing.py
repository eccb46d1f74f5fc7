"""Time one command in a fresh process, as the benchmarks do: its wall time and peak memory,
measured by a small wrapper process around it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Run the command given, then print its exit status, seconds and peak KiB, then its output.
WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(result.returncode, seconds, peak)
sys.stdout.write(result.stdout + result.stderr)
"""


def timed(args: list, cwd: Path) -> tuple[float, int, str]:
    """Seconds, peak KiB and output of one command in a fresh process; a failure stops the
    benchmark."""
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,  # no people.yaml or templates/ of the repository's
    )
    head, _, output = result.stdout.partition("\n")
    code, seconds, peak = head.split()
    if code != "0":
        raise SystemExit(f"{' '.join(map(str, args))} exited {code}:\n{output}")
    return float(seconds), int(peak), output
