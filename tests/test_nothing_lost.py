"""Nothing lost, nothing misplaced: no traceback for odd names, permissions, signals or a closed
standard output; no person's file swept; positions where an editor shows them; marks that stay
on their line. Each case runs the real command on real files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BRIEFGEN, MINIMAL, briefs, pdf_text, write_tree

NO_OVERRIDE = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def briefgen(root: Path, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, str(BRIEFGEN), *args], cwd=root, capture_output=True, text=True, timeout=300
    )


def errors(run: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in run.stderr, run.stderr
    return [line for line in run.stderr.splitlines() if ": error: " in line]


def without_override() -> tuple[str, ...]:
    """The command prefix that runs briefgen without root's permission override."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to drop root's permission override")
    return tuple(NO_OVERRIDE)


# --- Tracebacks -------------------------------------------------------------------------------


def test_a_name_that_is_not_utf8_is_refused_and_the_others_built(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/good.yaml": MINIMAL})
    (root / "inputs" / os.fsdecode(b"r\xe9union.yaml")).write_text(MINIMAL, encoding="utf-8")
    line = r"inputs/r\xe9union.yaml: error: cannot name an output file: the name is not valid UTF-8"
    for command, done in (("build", "1 built, 1 failed"), ("check", "1 valid, 1 failed")):
        run = briefgen(root, command, "inputs", *(["-f", "html"] if command == "build" else []))
        assert run.returncode == 1
        assert errors(run) == [line]
        assert run.stderr.splitlines()[-1] == done
    assert sorted(p.name for p in briefs(root / "output")) == ["good.html"]


@pytest.mark.parametrize(
    ("args", "code", "lines"),
    [
        (
            ("check", "nosearch/m.yaml"),
            1,
            ["nosearch/m.yaml: error: cannot be read: permission denied"],
        ),
        (("check", "nosearch"), 2, ["nosearch: error: cannot be listed: permission denied"]),
        (
            ("build", "inputs", "-f", "html", "--templates", "nosearch"),
            2,
            ["nosearch: error: cannot be read: permission denied"],
        ),
        (
            ("build", "inputs", "-f", "html", "-o", "nosearch/out"),
            1,
            ["nosearch/out: error: cannot write m.html in this folder: permission denied"],
        ),
        (
            ("build", "inputs", "-f", "html", "-o", "readonly"),
            1,
            ["readonly: error: cannot write m.html in this folder: permission denied"],
        ),
    ],
    ids=["check-file", "check-folder", "templates", "output-unsearchable", "output-read-only"],
)
def test_folders_without_permission_are_reported(
    tmp_path: Path, args: tuple[str, ...], code: int, lines: list[str]
) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL, "nosearch/m.yaml": MINIMAL})
    (root / "readonly").mkdir()
    os.chmod(root / "nosearch", 0)
    os.chmod(root / "readonly", 0o555)
    try:
        run = briefgen(root, *args, prefix=without_override())
    finally:
        os.chmod(root / "nosearch", 0o755)
    assert run.returncode == code, run.stderr
    assert errors(run) == lines
    assert list((root / "readonly").iterdir()) == []


def test_a_read_only_file_system_is_named_by_the_output_folder(tmp_path: Path) -> None:
    """A real read-only mount (in a private mount namespace), where root cannot write either."""
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL})
    (root / "rofs").mkdir()
    mount = f"mount -t tmpfs -o ro tmpfs rofs && exec {BRIEFGEN} build inputs -f html -o rofs"
    run = subprocess.run(
        ["unshare", "--mount", "sh", "-c", mount], cwd=root, capture_output=True, text=True
    )
    if "mount:" in run.stderr or "unshare:" in run.stderr:
        pytest.skip(f"cannot mount a read-only file system here: {run.stderr.strip()}")
    assert run.returncode == 1
    assert errors(run) == [
        "rofs: error: cannot write m.html in this folder: the file system is read-only"
    ]


def test_a_stop_inside_a_finaliser_prints_no_traceback(tmp_path: Path) -> None:
    """Ctrl-C landing in a library's `__del__` (WeasyPrint's font configuration has one) cannot
    propagate; it must still end in the summary and exit 130, never in Python's report, and
    stop the work at once rather than when it is finished."""
    script = """
import gc, os, signal, sys, time
from briefgen.commands.running import finish, run
from briefgen.pipeline import Report, Result
from pathlib import Path

class Finalised:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        sum(range(10**6))  # the handler runs here, inside __del__

def action():
    Finalised()
    gc.collect()
    for _ in range(300):  # 30 s of work to come, which the stop must cut short
        time.sleep(0.1)
    return Report([Result(Path("m.yaml"), [Path("m.html")])])

finish(run(action), "built")
"""
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 130, run.stderr
    assert run.stderr == "interrupted: 0 built, 0 failed\n"


def test_a_stop_after_the_work_still_ends_in_the_summary(tmp_path: Path) -> None:
    script = """
import os, signal
from briefgen.commands.running import finish, run
from briefgen.pipeline import Report, Result
from pathlib import Path

report = run(lambda: Report([Result(Path("m.yaml"), [Path("m.html")])]))
os.kill(os.getpid(), signal.SIGINT)  # while the results are printed
finish(report, "built")
"""
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 130, run.stderr
    assert run.stderr == "interrupted: 1 built, 0 failed\n"


# --- Text loss -------------------------------------------------------------------------------


def test_a_long_word_that_starts_in_markup_wraps_instead_of_running_off_the_page(
    tmp_path: Path,
) -> None:
    """WeasyPrint cannot wrap a word that crosses an inline element's edge; it ran off the page
    and `pdftotext` lost what was past the edge."""
    word = "0" + "w" * 300
    content = f"{MINIMAL}summary: '**blo**{word} and *{word}*{word}'\n"
    root = write_tree(tmp_path, {"inputs/m.yaml": content})
    run = briefgen(root, "build", "inputs", "-f", "pdf")
    assert run.returncode == 0, run.stderr
    text = pdf_text(root / "output" / "m.pdf")
    assert sum(len(run) for run in re.findall("w{2,}", text)) == 3 * 300


def test_a_template_that_is_not_utf8_is_a_template_error(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {"inputs/m.yaml": MINIMAL, "templates/post-meeting.html.j2": b"<p>caf\xe9</p>\n"},
    )
    run = briefgen(root, "build", "inputs", "-f", "html")
    assert run.returncode == 1
    assert errors(run) == ["templates/post-meeting.html.j2: error: is not valid UTF-8 text"]
    assert run.stderr.splitlines()[-1] == "nothing built: the templates have errors"


# --- Positions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "line"),
    [
        pytest.param(
            "kind: post-meeting\ntitle: a\u2028b\ndate: 2025-01-01\nsummary: c\u2029d\n"
            "\ntitel: x\n",
            "inputs/m.yaml:6:1: error: titel: unknown field (did you mean 'title'?)",
            id="line-and-paragraph-separators",
        ),
        pytest.param(
            b"kind: post-meeting\rtitle: t\rdate: 2025-01-01\rsummary: x\rlocation: \x07\r",
            "inputs/m.yaml:5:11: error: the character U+0007 is not allowed in YAML",
            id="cr-line-ends",
        ),
        pytest.param(
            "\ufeffkind: post-meeting\ntitle: t\n\tdate: 2025-01-01\n",
            "inputs/m.yaml:3:1: error: a tab cannot indent YAML; indent with spaces",
            id="bom-and-tab",
        ),
        pytest.param(
            "\ufefftitle: a: b\n",
            "inputs/m.yaml:1:9: error: the text after 'title:' holds ': '; put it in quotes",
            id="bom-columns",
        ),
    ],
)
def test_positions_are_where_an_editor_shows_them(
    tmp_path: Path, content: str | bytes, line: str
) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": content})
    run = briefgen(root, "check", "inputs")
    assert errors(run) == [line]


def test_yaml_11_line_breaks_inside_plain_text_stay_text(tmp_path: Path) -> None:
    title = "Budget\u2028review\x85and\u2029plan"
    root = write_tree(
        tmp_path,
        {"inputs/m.yaml": f"kind: post-meeting\ntitle: {title}\ndate: 2025-01-01\n"},
    )
    run = briefgen(root, "build", "inputs", "-f", "html")
    assert run.returncode == 0, run.stderr
    assert f"<title>{title}</title>" in (root / "output" / "m.html").read_text(encoding="utf-8")


# --- Combining marks ----------------------------------------------------------------------------


def test_marks_stacked_beyond_any_script_are_refused(tmp_path: Path) -> None:
    name = ("a" + "\u0301" * 400) * 60
    content = f"{MINIMAL}participants:\n  - name: {name}\n"
    root = write_tree(tmp_path, {"inputs/m.yaml": content})
    run = briefgen(root, "build", "inputs")
    assert run.returncode == 1
    assert errors(run) == [
        "inputs/m.yaml:5:11: error: participants[0].name: stacks 400 combining marks on one "
        "character; at most 4 are allowed (no script stacks more)"
    ]


def test_the_marking_stays_legible_under_the_highest_stacks_accepted(tmp_path: Path) -> None:
    """The band of page 1 that holds the classification marking is pixel for pixel the same
    whether the title and summary below it carry the highest accepted stacks of marks or none."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is needed to look at the page")
    stacked = ("a" + "\u0301" * 4) * 30
    vietnamese = "Nguye\u0302\u0303n Thi\u0323 Ngo\u0323c"  # decomposed: two marks on one letter
    pages = {}
    for name, text in (("plain", "a" * 30), ("stacked", stacked)):
        content = (
            f"kind: post-meeting\ntitle: {text}\ndate: 2025-01-01\n"
            f"classification: OFFICIAL-SENSITIVE\nsummary: {text} {vietnamese}\n"
        )
        root = write_tree(tmp_path / name, {"inputs/m.yaml": content})
        run = briefgen(root, "build", "inputs", "-f", "pdf")
        assert run.returncode == 0, run.stderr
        pages[name] = page_rows(root / "output" / "m.pdf")
    band = marking_band(pages["plain"])
    assert pages["stacked"][band] == pages["plain"][band]
    assert pages["stacked"] != pages["plain"]  # the marks are drawn, just not up there


def page_rows(pdf: Path) -> list[bytes]:
    """Page 1 as rows of grey pixels (72 dpi)."""
    pgm = subprocess.run(
        ["pdftoppm", "-gray", "-r", "72", "-f", "1", "-l", "1", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    header, width, height, _, pixels = pgm.split(maxsplit=4)
    assert header == b"P5"
    w, h = int(width), int(height)
    return [pixels[r * w : (r + 1) * w] for r in range(h)]


def marking_band(rows: list[bytes]) -> slice:
    """The rows of the top marking, with the blank rows around it up to the next ink."""
    inked = [i for i, row in enumerate(rows) if min(row) < 200]
    first = inked[0]
    last = next(i for i in range(first, len(rows)) if i not in inked)  # end of the marking
    following = next(i for i in inked if i > last)  # where the title block's ink starts
    return slice(0, (last + following) // 2)
