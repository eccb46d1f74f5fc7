"""A brief per meeting file through pandoc: the meeting written out as Markdown of the same
sections as briefgen's, then `pandoc -o NAME.docx`, one pandoc run per file.

Usage: python pandoc_script.py OUTPUT_FOLDER MEETING.yaml...  A peer `benchmarks/workspace.py`
times briefgen against.
"""

import subprocess
import sys
from pathlib import Path

import yaml

KINDS = {"pre-meeting": "Pre-meeting brief", "post-meeting": "Meeting summary"}


def cell(value: object) -> str:
    return " ".join(str(value or "").replace("|", "\\|").split())


def table(heading: str, columns: str, rows: list[list[object]]) -> list[str]:
    """A pipe table under a heading; `columns` separated by commas."""
    names = columns.split(", ")
    lines = [f"## {heading}", "", "| " + " | ".join(names) + " |", "|---" * len(names) + "|"]
    return lines + ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows] + [""]


def markdown(m: dict) -> str:
    people = m.get("participants", [])
    names = {p["id"]: f"{p.get('honorific', '')} {p['name']}".strip() for p in people}

    def by(entry: dict, key: str = "by") -> str:
        return f" ({names.get(entry[key], entry[key])})" if entry.get(key) else ""

    lines = [KINDS[m["kind"]], "", f"# {m['title']}", "", f"{m['date']} · {m.get('location')}"]
    lines += ["", f"Prepared by: {m.get('prepared_by')}", "", "## Objectives", ""]
    lines += [f"1. {o}" for o in m.get("objectives", [])] + [""]
    for heading in ("summary", "background"):
        lines += [f"## {heading.capitalize()}", "", m.get(heading, ""), ""]
    rows = [[names[p["id"]], p.get("title"), p.get("organisation"), p.get("side"), p.get("role")]
            for p in people]  # fmt: skip
    lines += table("Participants", "Name, Title, Organisation, Side, Role", rows)
    lines += ["## Agenda", ""] + [f"1. {a['item']}{by(a, 'lead')}" for a in m.get("agenda", [])]
    points = [t if isinstance(t, dict) else {"point": t} for t in m.get("talking_points", [])]
    lines += ["", "## Talking points", ""] + [f"- {t['point']}{by(t)}" for t in points]
    lines += ["", "## Proposals", ""]
    for p in m.get("proposals", []):
        lines += [f"**{p.get('id', '')}.** {p['text']}{by(p)}; status: {p['status']}", ""]
    rows = [[a["title"], a.get("kind"), a.get("status"), a.get("date"), "; ".join(a["parties"])]
            for a in m.get("agreements", [])]  # fmt: skip
    lines += table("Agreements", "Agreement, Kind, Status, Date, Parties", rows)
    rows = [[a.get("id"), a["action"], a.get("owner"), a.get("due"), a.get("status")]
            for a in m.get("actions", [])]  # fmt: skip
    return "\n".join(lines + table("Actions", "Ref., Action, Owner, Due, Status", rows))


def main(out: str, *paths: str) -> None:
    for path in paths:
        m = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        target = Path(out) / f"{Path(path).stem}.docx"
        pandoc = ["pandoc", "-f", "markdown", "-o", str(target)]
        subprocess.run(pandoc, input=markdown(m), text=True, check=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
