"""Time pathological meetings: each family at n, 2n and 4n, and its largest accepted input.

Every run is a fresh `briefgen` process started by a small wrapper process, which reports the
wall time and the peak memory of the command (`getrusage(RUSAGE_CHILDREN).ru_maxrss`). For each
family it prints the three times, the ratio of each doubling (at most 2.2: linear work), then
the largest input briefgen accepts in both formats (at most 30 s and 1 GiB). Run with
`make pathological`; it takes a few minutes.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from briefgen import limits

BRIEFGEN = Path(sys.executable).parent / "briefgen"
REPEATS = 3  # in-process timings: the best of this many, against a noisy machine
MAX_RATIO = 2.2
MAX_SECONDS = 30.0
MAX_KIB = 1024 * 1024
WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], capture_output=True).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(code, time.perf_counter() - start, peak)
"""
HEAD = "kind: {kind}\ntitle: Pathological\ndate: 2025-03-04\n"


def meeting(kind: str = "post-meeting", **lists: list[str]) -> str:
    text = HEAD.format(kind=kind)
    for name, entries in lists.items():
        text += f"{name}:\n" + "".join(f"  - {entry}\n" for entry in entries)
    return text


def links(n: int) -> str:
    """n distinct links, four to an objective."""
    per = [
        " ".join(f"[{i}](https://e.io/{i})" for i in range(j, min(j + 4, n)))
        for j in range(0, n, 4)
    ]
    return meeting("pre-meeting", objectives=[json.dumps(p) for p in per])


def objectives(n: int) -> str:
    return meeting("pre-meeting", objectives=[f"Objective number {i}" for i in range(n)])


def citations(n: int) -> str:
    """n sources; n actions each citing the last one as often as an entry may."""
    cited = ", ".join([f"s{n - 1}"] * limits.INNER_ENTRIES)
    return meeting(
        sources=[f"{{id: s{i}, title: S{i}}}" for i in range(n)],
        actions=[f"{{action: A{i}, sources: [{cited}]}}" for i in range(n)],
    )


def unknown_by(n: int) -> str:
    """n talking points naming nobody (misspelt names), among 500 - n participants' worth."""
    people = [f"{{id: person{i}, name: Person Number {i}}}" for i in range(limits.LIST_ENTRIES)]
    points = [f"{{point: P, by: Persn Numbr {i}}}" for i in range(n)]
    return meeting("pre-meeting", participants=people, talking_points=points)


def long_by(n: int) -> str:
    return meeting(
        "pre-meeting", participants=["{name: A}"], talking_points=[f"{{point: P, by: {'x' * n}}}"]
    )


def markup(n: int) -> str:
    """Mixed runs of every markup character, as much as a field holds, in n/1000 fields."""
    field = json.dumps("*_`[<**[" * (limits.FIELD_MARKUP // 8))
    return meeting(actions=[f"{{action: {field}}}" for _ in range(n // limits.FIELD_MARKUP)])


def actions(n: int) -> str:
    return meeting(actions=[f"{{action: Action {i}, owner: O, due: 2025-01-01}}" for i in range(n)])


def proposals(n: int) -> str:
    entries = [f"{{text: Proposal {i}, by: p, response: R}}" for i in range(n)]
    return meeting(participants=["{id: p, name: P}"], proposals=entries)


def narrow_text(n: int) -> str:
    """Agreements whose narrow columns are full of words longer than the column (the slowest
    layout per character), about n characters in all."""
    word = " ".join(["k" * 29] * 3)
    parties = ", ".join([word] * limits.INNER_ENTRIES)
    per = 90 * (limits.INNER_ENTRIES + 1) + 40
    return meeting(
        agreements=[f"{{title: T, kind: {word}, parties: [{parties}]}}" for _ in range(n // per)]
    )


def long_words(n: int) -> str:
    """Fields that are one word as long as the field may be, about n characters in all: the
    summary, the background, then actions."""
    text = HEAD.format(kind="post-meeting")
    for field in ("summary", "background"):
        if n >= limits.LONG_TEXT_CHARS:
            text += f"{field}: {field[0] * limits.LONG_TEXT_CHARS}\n"
            n -= limits.LONG_TEXT_CHARS
    entries = [f"{{action: {'a' * limits.TEXT_CHARS}}}" for _ in range(n // limits.TEXT_CHARS)]
    return text + ("actions:\n" + "".join(f"  - {e}\n" for e in entries) if entries else "")


def everything(n: int) -> str:
    """Every list full at once: 500 actions and 500 proposals, text up to the total."""
    text = "word " * (n // 1200 // 5)
    return meeting(
        participants=["{id: p, name: P}"],
        actions=[f"{{action: {text}A{i}, owner: O}}" for i in range(limits.LIST_ENTRIES)],
        proposals=[f"{{text: {text}P{i}, by: p}}" for i in range(limits.LIST_ENTRIES - 1)],
    )


# family: (meeting maker, command, n, largest accepted n)
FAMILIES: dict[str, tuple[Callable[[int], str], str, int, int]] = {
    "distinct links (docx)": (links, "docx", 500, 2_000),
    "objectives (docx)": (objectives, "docx", 125, limits.LIST_ENTRIES),
    "last source cited (html)": (citations, "html", 125, limits.LIST_ENTRIES),
    "by naming nobody (check)": (unknown_by, "check", 125, limits.LIST_ENTRIES),
    "long by naming nobody (check)": (long_by, "check", 25, limits.SHORT_CHARS),
    "markup runs (docx)": (markup, "docx", 1_000, limits.TOTAL_MARKUP),
    "actions (docx)": (actions, "docx", 125, limits.LIST_ENTRIES),
    "proposals (docx)": (proposals, "docx", 125, limits.LIST_ENTRIES),
    "narrow columns of long words (pdf)": (narrow_text, "pdf", 6_000, limits.TOTAL_CHARS),
    "one-word fields (pdf)": (long_words, "pdf", 10_000, 48_000),
    "every list full (pdf)": (everything, "pdf", 10_000, limits.TOTAL_CHARS),
}


def measure(folder: Path, name: str, text: str, command: str) -> tuple[float, int]:
    """Seconds and peak KiB of one run of briefgen on `text`, in a fresh process."""
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    if command == "check":
        args = ["check", str(path)]
    else:
        args = ["build", str(path), "-o", str(folder / "out"), "-f", command, "-q"]
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(BRIEFGEN), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    code, seconds, peak = result.stdout.split()
    if command != "check" and code != "0":
        raise SystemExit(f"{name}: briefgen failed on an input it should accept")
    return float(seconds), int(peak)


def _timed(work: Callable[[dict], object], data: dict) -> float:
    from briefgen import errors

    errors._hint.cache_clear()  # every run does the whole work, however often it is repeated
    gc.collect()  # and pays for no garbage of the runs before it
    start = time.perf_counter()
    work(data)
    return time.perf_counter() - start


def internals() -> None:
    """The work itself, in this process, at sizes that were quadratic (past the limits, which
    only the loader enforces), best of REPEATS runs. Printed, not judged: a quadratic step shows
    as 4x a doubling, while timings of about a second vary by a fifth from run to run here, and
    far larger documents slow every call alike as the process outgrows the processor's caches.
    The limits keep briefs far below these sizes; the families above are what is judged."""
    from briefgen.docx_writer import write_docx
    from briefgen.model import Meeting, reference_problems
    from briefgen.render import render_html
    from briefgen.template_set import Templates

    templates = Templates()
    base = {"kind": "pre-meeting", "title": "T", "date": "2025-03-04"}

    def html(data: dict) -> object:
        return render_html(Meeting.model_validate(data), templates)

    def docx(data: dict) -> object:
        return write_docx(render_html(Meeting.model_validate(data), templates), templates)

    def cited(n: int) -> dict:
        sources = [{"id": f"s{i}", "title": "S"} for i in range(n)]
        return {
            **base,
            "sources": sources,
            "actions": [{"action": "A", "sources": [f"s{n - 1}"] * 5 * n}],
        }

    cases = {
        "distinct links in one field (docx)": (
            lambda n: {
                **base,
                "objectives": [" ".join(f"[{i}](https://e.io/{i})" for i in range(n))],
            },
            docx,
            2_500,
        ),
        "objectives (docx)": (
            lambda n: {**base, "objectives": [f"Objective {i}" for i in range(n)]},
            docx,
            3_000,
        ),
        "last source cited 5n times (html)": (cited, html, 8_000),
        "by naming nobody, 500 people (check)": (
            lambda n: {
                **base,
                "participants": [{"name": f"Person Number {i}"} for i in range(500)],
                "talking_points": [{"point": "P", "by": f"Persn Numbr {i}"} for i in range(n)],
            },
            reference_problems,
            625,
        ),
    }
    print(f"\n{'the work itself (in process)':38} {'n':>7} {'2n':>7} {'4n':>7} {'ratios':>12}")
    for name, (make, work, n) in cases.items():
        times = []
        for k in (1, 2, 4):
            data = make(k * n)
            times.append(min(_timed(work, data) for _ in range(REPEATS)))
        ratios = [times[1] / times[0], times[2] / times[1]]
        row = f"{name:38} " + " ".join(f"{t:6.2f}s" for t in times)
        print(row + f" {ratios[0]:5.2f}x{ratios[1]:5.2f}x  (n={n:,})", flush=True)


def main() -> int:
    failures = []
    print(f"{'family':38} {'n':>7} {'2n':>7} {'4n':>7} {'ratios':>12}  largest accepted")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for family, (make, command, n, largest) in FAMILIES.items():
            runs = [measure(folder, "run", make(k * n), command) for k in (1, 2, 4)]
            times = [t for t, _ in runs]
            ratios = [times[1] / times[0], times[2] / times[1]]
            row = f"{family:38} " + " ".join(f"{t:6.2f}s" for t in times)
            row += f" {ratios[0]:5.2f}x{ratios[1]:5.2f}x"
            if max(ratios) > MAX_RATIO:
                failures.append(f"{family}: a doubling took {max(ratios):.2f}x")
            formats = ("check",) if command == "check" else ("docx", "pdf")
            for fmt in formats:
                seconds, peak = measure(folder, "largest", make(largest), fmt)
                row += f"  {fmt} {seconds:.1f}s {peak / 1024:.0f} MiB"
                if seconds > MAX_SECONDS or peak > MAX_KIB:
                    failures.append(f"{family}: largest accepted, {fmt}: {seconds:.1f}s")
            print(row + f"  (n={n:,}, largest={largest:,})", flush=True)
    internals()
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
