"""Time meeting series: what reading the meetings of a series together costs.

1. A workspace of 500 meetings in 20 series (25 meetings each, a month apart, pre-meeting and
   post-meeting in turn), 10 actions declared per meeting (5,000 in all) and, in every meeting
   after the first, 4 updates of earlier actions of its series (done or in progress, with a
   note). Times `briefgen check` and `briefgen actions --format json` on the whole folder, and
   prints the ratio actions/check (target at most 1.2x): listing the actions should cost little
   more than validating the files. The JSON is checked against the open and in-progress actions
   the generator left (the default filter).
2. A series of 100 meetings in one folder, ending in a pre-meeting brief, and a standalone
   meeting (no series) of the same size: as many actions and proposals in its file as that
   brief, and a background as long as the brief's 'since the last meeting'. Times the PDF of
   each (the series brief reads the 99 other files of its folder) and prints the ratio (target
   at most 1.3x). Earlier actions are closed by the meeting after them, so both briefs show
   tables of the same size; the rows of each table, the lines of 'since the last meeting' and
   the pages are printed (counted in the HTML the PDF is laid out from, and in the PDF). `check`
   of each file is timed alongside: the difference is what reading the 99 other files costs.

Every run is a fresh `briefgen` process (imports included), started by a small wrapper process
that reports its wall time and peak memory; each figure is the best of REPEATS runs, and the two
commands compared are run in turn, so that a busy moment of the machine hits both alike. Figures
are printed, never judged (timings here vary by a fifth from run to run). Run with
`.venv/bin/python benchmarks/series.py`; it takes a minute or two.
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import yaml
from pypdf import PdfReader
from timing import timed

BRIEFGEN = Path(sys.executable).parent / "briefgen"
REPEATS = 3
SEED = 20250304
SERIES, MEETINGS, DECLARED, UPDATES = 20, 25, 10, 4
LONG_MEETINGS, LONG_PROPOSALS = 100, 3
MAX_ACTIONS_RATIO, MAX_BRIEF_RATIO = 1.2, 1.3
OWNERS = ["Ministry of Foreign Affairs", "Ministry of Finance", "Home Office", "Secretariat"]
TASKS = [
    "Draft terms of reference for the joint working group and circulate them to both sides",
    "Share the statistics on returns and readmissions for the last quarter",
    "Propose dates for the next expert-level exchange on trafficking networks",
    "Send written comments on the draft memorandum of understanding",
    "Prepare a joint press release on the outcome of the round",
]


def month(start: date, k: int) -> date:
    """`start` moved on by k months (the day kept, at most the 28th)."""
    n = start.month - 1 + k
    return start.replace(year=start.year + n // 12, month=n % 12 + 1)


def participants(tag: str) -> list[dict]:
    return [
        {"id": f"{tag}-host", "name": "Jane Ridley", "honorific": "Ms", "side": "United Kingdom"},
        {"id": f"{tag}-head", "name": "Nguyễn Văn Quang", "honorific": "Mr", "side": "Viet Nam"},
        {"id": f"{tag}-desk", "name": "Trần Thị Bình", "honorific": "Ms", "side": "Viet Nam"},
    ]


def action(ref: str, k: int, when: date, owners: list[str]) -> dict:
    return {
        "id": ref,
        "action": f"{TASKS[k % len(TASKS)]} ({ref}).",
        "owner": owners[k % len(owners)],
        "due": when + timedelta(days=30 * (1 + k % 4)),
        "status": "open",
    }


def meeting(kind: str, title: str, when: date, series: str | None, tag: str) -> dict:
    data = {"kind": kind, "title": title, "date": when}
    if series:
        data["series"] = series
    data["summary"] = "The round reviewed the follow-up to the last meeting and agreed next steps."
    data["participants"] = participants(tag)
    data["objectives"] = ["Review the open actions.", "Agree the next steps."]
    return data


def write(path: Path, data: dict) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def workspace(folder: Path) -> int:
    """The 500 meetings of 20 series; the number of actions left open or in progress."""
    rng = random.Random(SEED)
    status: dict[str, str] = {}
    for s in range(1, SERIES + 1):
        name, earlier = f"S{s:02}", []  # earlier: the ids of the series so far
        for m in range(1, MEETINGS + 1):
            tag = f"{name}-M{m:02}"
            when = month(date(2022, 1, s), m - 1)
            kind = "pre-meeting" if m % 2 else "post-meeting"
            data = meeting(kind, f"Dialogue {name}, round {m}", when, name.lower(), tag)
            owners = [f"{tag}-head", f"{tag}-desk", *OWNERS]
            entries = []
            open_ids = [a for a in earlier if status[a] != "done"]
            for ref in rng.sample(open_ids, min(UPDATES, len(open_ids))):
                status[ref] = rng.choice(("done", "done", "in-progress"))
                progress = "completed" if status[ref] == "done" else "under way"
                note = f"Reported at round {m}: {progress}."
                entries.append({"id": ref, "status": status[ref], "note": note})
            for a in range(1, DECLARED + 1):
                ref = f"{tag}-A{a}"
                entries.append(action(ref, a + m, when, owners))
                status[ref] = "open"
                earlier.append(ref)
            data["actions"] = entries
            write(folder / f"{name.lower()}-m{m:02}.yaml", data)
    return sum(1 for v in status.values() if v in ("open", "in-progress"))


def long_series(folder: Path, standalone: Path) -> Path:
    """A series of 100 meetings whose last is a pre-meeting brief, and a standalone meeting of
    the same size: as many actions and proposals in its file, and a background as long as the
    brief's "since the last meeting". Each meeting declares 10 actions and 3 proposals;
    the next closes 9 of those actions, takes the 10th in hand and agrees the proposals, and the
    one after closes the 10th: a brief carries one open action of the meetings before it."""
    texts: dict[str, dict] = {}  # every entry declared, by id, for the standalone file
    last = previous = current = None
    for m in range(1, LONG_MEETINGS + 1):
        tag = f"L-M{m:03}"
        when = month(date(2017, 1, 10), m - 1)
        kind = "pre-meeting" if m % 2 == 0 else "post-meeting"
        data = meeting(kind, f"Long dialogue, round {m}", when, "long-dialogue", tag)
        owners = [f"{tag}-head", f"{tag}-desk", *OWNERS]
        proposals, actions = [], []
        if m > 1:
            before = f"L-M{m - 1:03}"
            for p in range(1, LONG_PROPOSALS + 1):
                proposals.append(
                    {"id": f"{before}-P{p}", "status": "agreed", "response": "Agreed."}
                )
            for a in range(1, DECLARED):
                actions.append({"id": f"{before}-A{a}", "status": "done", "note": "Completed."})
            actions.append(
                {"id": f"{before}-A{DECLARED}", "status": "in-progress", "note": "Under way."}
            )
        if m > 2:
            ref = f"L-M{m - 2:03}-A{DECLARED}"
            actions.append({"id": ref, "status": "done", "note": "Completed."})
        for p in range(1, LONG_PROPOSALS + 1):
            ref = f"{tag}-P{p}"
            text = f"Set up a joint working group on topic {p} of round {m} ({ref})."
            proposals.append({"id": ref, "text": text, "by": f"{tag}-head", "status": "proposed"})
        for a in range(1, DECLARED + 1):
            actions.append(action(f"{tag}-A{a}", a + m, when, owners))
        for entry in proposals + actions:
            texts.setdefault(entry["id"], entry)
        data["proposals"], data["actions"] = proposals, actions
        last = folder / f"long-m{m:03}.yaml"
        write(last, data)
        previous, current = (current, data) if m > 1 else (None, data)
    # The standalone brief: the last brief's own entries, each written out in full (an update's
    # text from the meeting that declared it, its owner renamed to a participant of this file).
    tag = f"L-M{LONG_MEETINGS:03}"
    alone = meeting("pre-meeting", "Standalone dialogue", data["date"], None, tag)
    alone["proposals"] = [{**texts[p["id"]], **p, "by": f"{tag}-head"} for p in data["proposals"]]
    alone["actions"] = [
        {**texts[a["id"]], **a, "owner": OWNERS[i % len(OWNERS)]}
        for i, a in enumerate(data["actions"])
    ]
    # ...and, as its background, as much text as the series brief's "since the last meeting":
    # the proposals agreed at the meeting before, and the actions closed at it or since.
    since = [f"Last meeting: {previous['title']}, {previous['date']}"]
    since += [texts[p["id"]]["text"] for p in previous["proposals"] if p.get("status") == "agreed"]
    since += [
        f"{a['id']} {texts[a['id']]['action']} (Done; recorded in: {m['title']}). Completed."
        for m in (previous, data)
        for a in m["actions"]
        if a.get("status") == "done" and "action" not in a
    ]
    alone["background"] = "\n\n".join(since)
    write(standalone, alone)
    return last


def run(args: list[str], cwd: Path) -> tuple[float, int, str]:
    """Seconds, peak KiB and output of one run of briefgen, in a fresh process (see
    `timing.py`; every input here is valid)."""
    return timed([BRIEFGEN, *args], cwd)


def best_of(commands: dict[str, list[str]], cwd: Path) -> dict[str, tuple[float, int]]:
    """Best seconds (and the peak KiB of that run) of each command over REPEATS runs, the
    commands run in turn."""
    best: dict[str, tuple[float, int]] = {}
    for _ in range(REPEATS):
        for name, args in commands.items():
            seconds, peak, _ = run(args, cwd)
            if name not in best or seconds < best[name][0]:
                best[name] = (seconds, peak)
    return best


def brief_rows(path: Path) -> dict[str, int]:
    """What the brief of `path` shows (read as `build` reads it, its folder for its series):
    the rows of its open-actions and proposals tables, and the lines of 'since the last
    meeting', counted in the HTML the PDF is laid out from."""
    from briefgen.people import EMPTY_REGISTER
    from briefgen.pipeline import find_inputs, read
    from briefgen.render import render_html
    from briefgen.template_set import Templates

    files, contexts = read([path], find_inputs([path]), EMPTY_REGISTER)
    html = render_html(files[0].meeting, Templates(), series=contexts[path])

    def rows(table: str) -> int:
        found = re.search(rf'<table class="{table}">(.*?)</table>', html, re.S)
        return found.group(1).count("<tr>") - 1 if found else 0  # less the heading row

    since = re.search(r'<section class="since-last-meeting">(.*?)</section>', html, re.S)
    return {
        "actions": rows("actions"),
        "proposals": html.count('<div class="proposal">'),
        "since": since.group(1).count("<li>") if since else 0,
    }


def pages(pdf: Path) -> int:
    return len(PdfReader(BytesIO(pdf.read_bytes())).pages)


def main() -> int:
    table: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        meetings = root / "meetings"
        meetings.mkdir()
        expected = workspace(meetings)
        files = len(list(meetings.glob("*.yaml")))
        print(f"workspace: {files} meeting files in {SERIES} series, {files * DECLARED:,} actions")
        out_json = root / "out.json"
        best = best_of(
            {
                "check": ["check", str(meetings)],
                "actions": ["actions", str(meetings), "--format", "json", "-o", str(out_json)],
            },
            root,
        )
        listed = json.loads(out_json.read_text(encoding="utf-8"))
        statuses = {row["status"] for row in listed}
        verdict = "as expected" if len(listed) == expected else f"EXPECTED {expected:,}"
        print(f"actions JSON: {len(listed):,} rows ({verdict}), statuses {sorted(statuses)}")
        ratio = best["actions"][0] / best["check"][0]
        for name, (seconds, peak) in best.items():
            table.append((f"{name} (500 files)", f"{seconds:.2f}s", f"{peak / 1024:.0f} MiB"))
        table.append(("actions / check", f"{ratio:.2f}x", f"target <= {MAX_ACTIONS_RATIO}x"))

        long = root / "long"
        long.mkdir()
        standalone = root / "standalone" / "standalone.yaml"
        standalone.parent.mkdir()
        last = long_series(long, standalone)
        out = root / "out"
        best = best_of(
            {
                "series": ["build", str(last), "-f", "pdf", "-o", str(out), "-q"],
                "standalone": ["build", str(standalone), "-f", "pdf", "-o", str(out), "-q"],
                "series check": ["check", str(last)],
                "standalone check": ["check", str(standalone)],
            },
            root,
        )
        shown = {"series": brief_rows(last), "standalone": brief_rows(standalone)}
        sizes = {
            "series": pages(out / f"{last.stem}.pdf"),
            "standalone": pages(out / "standalone.pdf"),
        }
        own = yaml.safe_load(last.read_text(encoding="utf-8"))
        print(
            f"last brief of the {LONG_MEETINGS}-meeting series ({last.name}): "
            f"{len(own['actions'])} actions and {len(own['proposals'])} proposals in its file"
        )
        for name, counted in shown.items():
            print(
                f"  {name} PDF: {counted['actions']} rows in its action table, "
                f"{counted['proposals']} proposals in play, {counted['since']} lines of "
                f"'since the last meeting', {sizes[name]} pages"
            )
        (t_series, m_series), (t_alone, m_alone) = best["series"], best["standalone"]
        ratio_brief = t_series / t_alone
        table.append(
            ("series brief pdf (reads 100)", f"{t_series:.2f}s", f"{m_series / 1024:.0f} MiB")
        )
        table.append(("standalone brief pdf", f"{t_alone:.2f}s", f"{m_alone / 1024:.0f} MiB"))
        table.append(
            ("series / standalone", f"{ratio_brief:.2f}x", f"target <= {MAX_BRIEF_RATIO}x")
        )
        (t_read, _), (t_one, _) = best["series check"], best["standalone check"]
        table.append(("check of that brief (reads 100)", f"{t_read:.2f}s", ""))
        table.append(("check of the standalone", f"{t_one:.2f}s", ""))
        table.append(("reading the series (difference)", f"{t_read - t_one:.2f}s", ""))

    print(f"\n{'cold, best of ' + str(REPEATS):32} {'time':>8}  peak memory / target")
    for name, figure, extra in table:
        print(f"{name:32} {figure:>8}  {extra}".rstrip())
    print("\ncold: a fresh briefgen process per run, imports included; figures are reported, not")
    print("judged (the machine is shared and timings vary by a fifth from run to run).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
