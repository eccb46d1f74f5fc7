"""Time briefgen against the scripts people write without it (benchmarks/peers/), in one run.

The peers: `plain_weasyprint.py` (YAML, one Jinja template of the same sections, WeasyPrint; one
PDF after another in one process), `docxtpl_script.py` (the same sections from a Word template)
and `pandoc_script.py` (the same sections as Markdown, one `pandoc -o x.docx` per file). The
meetings are standalone copies of inputs/vn-uk-reception-brief.yaml (its `series:` removed, each
with its own title and file name), built by each tool alike.

Printed, each with its target and a verdict:
1. PDF per brief in a batch of 40, briefgen (`-j 1`, then `-j 2`) against the plain script (one
   process); the speed-up of `-j 2` over `-j 1`; one PDF from a cold start.
2. DOCX per brief in a batch of 40 (`-j 1`) against docxtpl, and the ratio to pandoc.
3. A no-op rebuild of 40 briefs (DOCX and PDF, nothing changed) as a share of the full build.
4. `briefgen check inputs` cold, on the four examples and people.yaml (median of 5).
5. Peak memory of a build of 1,000 briefs (200 with --quick) against one of 10 (`-j 1`); the
   growth of a process's memory per 100 PDFs, within one build of 300 (400) briefs (the plain
   script's beside it, building 100 briefs again and again).
6. Milliseconds per page of a 50-page brief against a 10-page one, in a warm process (briefgen's
   render and PDF stages: `build` refuses a meeting that long, past its 50,000 characters).

Every command runs in a fresh process (imports included), started by a small wrapper process that
reports its wall time and peak memory (the growth and the time per page call the library in one
child process); each time is the best of REPEATS runs, the commands compared run in turn, so that
a busy moment of the machine hits them alike. Only ratios from one run
count: the machine is shared. Run with `make bench-workspace` (it installs pandoc), or
`.venv/bin/python benchmarks/workspace.py [--quick]`; on a shared two-core machine it takes about
20 minutes (11 with --quick).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from timing import timed

ROOT = Path(__file__).resolve().parent.parent
PEERS = Path(__file__).resolve().parent / "peers"
EXAMPLE = ROOT / "inputs" / "vn-uk-reception-brief.yaml"
BRIEFGEN = Path(sys.executable).parent / "briefgen"
BATCH, REPEATS, COLD_RUNS, CHECK_RUNS = 40, 3, 5, 5
SMALL, LARGE, QUICK_LARGE = 10, 1000, 200
GROWTH_BATCH = 100
MIB = 1024
# Briefs built one after another in one process: by briefgen's library, one build of `rounds`
# times 100 briefs in one process (-j 1), or by the plain script's `main`, the same 100 briefs
# `rounds` times: the process's memory after each 100, in KiB.
GROWTH = """
import gc, sys
from pathlib import Path
tool, folder, out, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
batch = int(sys.argv[6])


def rss():
    gc.collect()
    status = open("/proc/self/status").read()
    print(next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmRSS:")))


if tool == "plain":
    sys.path.insert(0, sys.argv[5])
    from plain_weasyprint import main
    Path(out).mkdir()
    paths = sorted(str(p) for p in Path(folder).glob("*.yaml"))[:batch]
    for _ in range(rounds):
        main(out, *paths)
        rss()
else:
    import briefgen

    class Every:
        done_count = 0
        def start(self, total): pass
        def building(self, path): pass
        def done(self, result):
            self.done_count += 1
            if self.done_count % batch == 0:
                rss()

    briefgen.build([folder], out, formats=["pdf"], force=True, jobs=1, progress=Every())
"""
# The render and PDF stages of briefgen (as `build` runs them, less reading and writing files:
# a 50-page brief is past the limits `build` puts on a meeting): each brief once untimed, then
# the best of `repeats`; seconds and pages of each.
WARM = """
import json, sys, time
from io import BytesIO
import yaml
from pypdf import PdfReader
from briefgen import Meeting, Templates, render_html
from briefgen.pdf_writer import write_pdf
repeats, paths = int(sys.argv[1]), sys.argv[2:]
templates = Templates()
meetings = {p: Meeting.model_validate(yaml.safe_load(open(p, encoding="utf-8"))) for p in paths}
best, pages = {}, {}
for run in range(repeats + 1):
    for path, meeting in meetings.items():
        start = time.perf_counter()
        pdf = write_pdf(render_html(meeting, templates), templates)
        if run:
            best[path] = min(best.get(path, 1e9), time.perf_counter() - start)
        pages[path] = len(PdfReader(BytesIO(pdf)).pages)
print(json.dumps([best, pages]))
"""


@dataclass
class Row:
    """One line of the table: what was measured, the figures, the value judged and its target."""

    name: str
    figures: str
    value: str = ""
    target: str = ""
    ok: bool | None = None  # None: not judged (no target, or not measurable yet)


class Unaliased(yaml.SafeDumper):
    """Writes a repeated entry out again each time (briefgen refuses YAML aliases)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def copies(folder: Path, count: int) -> Path:
    """`folder` holding `count` standalone copies of the example brief, each its own title."""
    folder.mkdir(parents=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("series:")]
    for i in range(1, count + 1):
        title = f"title: Reception of the UK Home Office delegation, visit {i}"
        own = [title if line.startswith("title:") else line for line in lines]
        (folder / f"reception-{i:04}.yaml").write_text("\n".join(own) + "\n", encoding="utf-8")
    return folder


def long_brief(folder: Path, name: str, repeat: int) -> Path:
    """The example brief with every section repeated `repeat` times (ids made unique)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del data["series"]
    data["title"] = f"Reception of the UK Home Office delegation, {name}"
    for key in ("objectives", "talking_points", "agenda", "agreements"):
        data[key] = data[key] * repeat
    for key in ("proposals", "actions"):
        data[key] = [{**e, "id": f"{e['id']}.{k}"} for k in range(repeat) for e in data[key]]
    for key in ("summary", "background"):
        data[key] = "\n\n".join([data[key]] * repeat)
    path = folder / f"{name}.yaml"
    text = yaml.dump(data, Dumper=Unaliased, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def run(args: list, cwd: Path) -> tuple[float, int]:
    """Seconds and peak KiB of one command in a fresh process (see `timing.py`)."""
    return timed(args, cwd)[:2]


def best_of(commands: dict[str, list], cwd: Path, repeats: int = REPEATS) -> dict[str, float]:
    """Best seconds of each command over `repeats` runs, the commands run in turn, each writing
    into `cwd / "out"`, emptied before it runs."""
    best: dict[str, float] = {}
    for _ in range(repeats):
        for name, args in commands.items():
            shutil.rmtree(cwd / "out", ignore_errors=True)
            (cwd / "out").mkdir()
            seconds, _ = run(args, cwd)
            best[name] = min(best.get(name, seconds), seconds)
    return best


def briefgen_build(*args: object) -> list:
    return [BRIEFGEN, "build", *args, "-o", "out", "-q", "--force"]


def peer(script: str, inputs: list[Path]) -> list:
    return [sys.executable, PEERS / script, "out", *inputs]


def ratio_row(name: str, ours: float, theirs: float, peer_name: str, limit: float) -> Row:
    figures = f"{ours * 1000:.0f} ms vs {theirs * 1000:.0f} ms {peer_name}"
    value = ours / theirs
    return Row(name, figures, f"{value:.2f}×", f"≤ {limit:.2f}×", value <= limit)


def pdf_rows(root: Path) -> list[Row]:
    """PDF per brief in a batch of 40 (-j 1, -j 2) and one PDF from a cold start, against the
    plain script."""
    batch = sorted(copies(root / "batch", BATCH).glob("*.yaml"))
    one = batch[:1]
    commands = {
        "plain": peer("plain_weasyprint.py", batch),
        "j1": briefgen_build(root / "batch", "-f", "pdf", "-j", "1"),
        "j2": briefgen_build(root / "batch", "-f", "pdf", "-j", "2"),
    }
    t = {k: v / BATCH for k, v in best_of(commands, root).items()}
    speed = t["j1"] / t["j2"]
    rows = [
        ratio_row(f"PDF per brief, batch of {BATCH}, -j 1", t["j1"], t["plain"], "plain", 1.0),
        ratio_row(f"PDF per brief, batch of {BATCH}, -j 2", t["j2"], t["plain"], "plain", 0.5),
        Row(
            f"-j 2 speed-up over -j 1 ({BATCH} PDFs)", "", f"{speed:.2f}×", "≥ 1.85×", speed >= 1.85
        ),
    ]
    cold = {
        "plain": peer("plain_weasyprint.py", one),
        "briefgen": briefgen_build(one[0], "-f", "pdf"),
    }
    t = best_of(cold, root, COLD_RUNS)
    rows.append(ratio_row("one PDF, cold start", t["briefgen"], t["plain"], "plain", 1.1))
    return rows


def docx_rows(root: Path) -> list[Row]:
    """DOCX per brief in a batch of 40 (-j 1), against docxtpl and pandoc."""
    batch = sorted((root / "batch").glob("*.yaml"))
    run(peer("docxtpl_script.py", batch[:1]), root)  # makes its template, untimed
    commands = {
        "docxtpl": peer("docxtpl_script.py", batch),
        "pandoc": peer("pandoc_script.py", batch),
        "briefgen": briefgen_build(root / "batch", "-f", "docx", "-j", "1"),
    }
    t = {k: v / BATCH for k, v in best_of(commands, root).items()}
    rows = [
        ratio_row(
            f"DOCX per brief, batch of {BATCH}, -j 1", t["briefgen"], t["docxtpl"], "docxtpl", 0.85
        )
    ]
    value = t["briefgen"] / t["pandoc"]
    figures = f"{t['briefgen'] * 1000:.0f} ms vs {t['pandoc'] * 1000:.0f} ms pandoc"
    rows.append(Row("DOCX per brief, against pandoc", figures, f"{value:.2f}×"))
    return rows


def noop_row(root: Path) -> Row:
    """A second build of the 40 briefs (DOCX and PDF), nothing changed, as a share of the first."""
    full, again = [], []
    build = [BRIEFGEN, "build", root / "batch", "-o", "out", "-q"]
    for _ in range(REPEATS):
        shutil.rmtree(root / "out", ignore_errors=True)
        full.append(run(build, root)[0])
        again.append(run(build, root)[0])
    share = min(again) / min(full)
    figures = f"{min(again):.2f} s of {min(full):.1f} s"
    return Row(
        f"no-op rebuild of {BATCH} briefs (docx+pdf)",
        figures,
        f"{share:.1%}",
        "≤ 2%",
        share <= 0.02,
    )


def check_row(root: Path) -> Row:
    """`briefgen check inputs` in a fresh process, on the four examples and people.yaml."""
    shutil.copytree(ROOT / "inputs", root / "examples" / "inputs")
    shutil.copy(ROOT / "people.yaml", root / "examples")
    times = [run([BRIEFGEN, "check", "inputs"], root / "examples")[0] for _ in range(CHECK_RUNS)]
    seconds = statistics.median(times)
    figures = f"median of {CHECK_RUNS}"
    return Row(
        "briefgen check inputs, cold", figures, f"{seconds:.2f} s", "≤ 0.25 s", seconds <= 0.25
    )


def memory_rows(root: Path, large: int) -> list[Row]:
    """Peak memory of a build of `large` briefs against one of 10 (-j 1: the largest process);
    growth per 100 PDFs."""
    peaks = {}
    for count in (SMALL, large):
        folder = copies(root / f"memory-{count}", count)
        shutil.rmtree(root / "out", ignore_errors=True)
        peaks[count] = run(briefgen_build(folder, "-f", "pdf", "-j", "1"), root)[1] / MIB
    value = peaks[large] / peaks[SMALL]
    figures = f"{peaks[large]:.0f} MiB vs {peaks[SMALL]:.0f} MiB"
    name = f"peak memory, {large:,} briefs vs {SMALL}"
    rows = [Row(name, figures, f"{value:.2f}×", "≤ 1.50×", value <= 1.5)]
    rounds = 3 if large < LARGE else 4
    folder = copies(root / "growth", GROWTH_BATCH * rounds)
    growth = {tool: memory_growth(tool, folder, rounds) for tool in ("briefgen", "plain")}
    rss = growth["briefgen"][1]
    figures = f"RSS after each {GROWTH_BATCH}: {', '.join(f'{r:.0f}' for r in rss)} MiB"
    name = f"memory growth per {GROWTH_BATCH} PDFs, one process"
    value = growth["briefgen"][0]
    rows.append(Row(name, figures, f"{value:.1f} MiB", "≤ 2 MiB", value <= 2))
    rss = growth["plain"][1]
    figures = f"plain script, RSS: {', '.join(f'{r:.0f}' for r in rss)} MiB"
    rows.append(
        Row("  the same, plain script (reference)", figures, f"{growth['plain'][0]:.1f} MiB")
    )
    return rows


def memory_growth(tool: str, folder: Path, rounds: int) -> tuple[float, list[float]]:
    """MiB a process grows by per 100 briefs built (the first 100, which fill caches, not
    counted), and its memory in MiB after each 100."""
    out = folder.parent / f"growth-{tool}"
    args = [sys.executable, "-c", GROWTH, tool, folder, out, str(rounds), PEERS, str(GROWTH_BATCH)]
    printed = subprocess.run(args, capture_output=True, text=True, check=True, cwd=folder.parent)
    rss = [int(line) / MIB for line in printed.stdout.split()]
    return (rss[-1] - rss[0]) / (len(rss) - 1), rss


def pages_row(root: Path) -> Row:
    """Milliseconds per page of a 50-page brief against a 10-page one, in a warm process."""
    folder = root / "pages"
    folder.mkdir()
    briefs = {n: long_brief(folder, f"{n}-pages", r) for n, r in ((10, 6), (50, 34))}
    result = subprocess.run(
        [sys.executable, "-c", WARM, str(REPEATS), *briefs.values()],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    best, pages = json.loads(result.stdout)
    count = {n: pages[str(p)] for n, p in briefs.items()}
    per = {n: best[str(p)] * 1000 / count[n] for n, p in briefs.items()}
    value = per[50] / per[10]
    figures = f"{per[50]:.0f} ms/page ({count[50]} p.) vs {per[10]:.0f} ({count[10]} p.)"
    name = "ms per page, 50 pages vs 10 (warm)"
    return Row(name, figures, f"{value:.2f}×", "≤ 1.10×", value <= 1.1)


def print_table(rows: list[Row]) -> None:
    print(f"\n{'figure':41} {'measured':44} {'value':>8}  {'target':9}")
    for row in rows:
        mark = {True: "✓", False: "✗", None: ""}[row.ok]
        line = f"{row.name:41} {row.figures:44} {row.value:>8}  {row.target:9} {mark}"
        print(line.rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_LARGE} briefs, not {LARGE:,}, for the peak memory",
    )
    large = QUICK_LARGE if parser.parse_args().quick else LARGE
    if large != LARGE:
        print(f"--quick: peak memory of {large} briefs, not {LARGE:,}")
    if not shutil.which("pandoc"):
        raise SystemExit("pandoc is not installed (make bench-workspace installs it)")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows += pdf_rows(root)
        rows += docx_rows(root)
        rows.append(noop_row(root))
        rows.append(check_row(root))
        rows += memory_rows(root, large)
        rows.append(pages_row(root))
    print_table(rows)
    print(
        f"\ntimes: best of {REPEATS} runs (cold single PDF: of {COLD_RUNS}), each a fresh process,"
    )
    print("imports included; the commands compared ran in turn. Peers: benchmarks/peers/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
