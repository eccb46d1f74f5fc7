"""A brief per meeting file with docxtpl, from a Word template of the same sections as briefgen's.

Usage: python docxtpl_script.py OUTPUT_FOLDER MEETING.yaml...  (one DOCX after another, in one
process). The template, brief-template.docx, is made here with python-docx the first time (and
again after any change to this script), so that the repository carries no binary. A peer
`benchmarks/workspace.py` times briefgen against.
"""

import os
import sys
from pathlib import Path

import docx
import jinja2
import yaml
from docxtpl import DocxTemplate

TEMPLATE = Path(__file__).resolve().parent / "brief-template.docx"
COLUMNS = {
    "participants": ["Name", "Title", "Organisation", "Side", "Role"],
    "agreements": ["Agreement", "Kind", "Status", "Date", "Parties"],
    "actions": ["Ref.", "Action", "Owner", "Due", "Status"],
}
NOTE = " ~ (' (' ~ r.notes ~ ')' if r.notes else '')"  # a row's notes, after its first field
CELLS = {  # the fields of a row, one per cell
    "participants": ("names[r.id]", "r.title", "r.organisation", "r.side", "r.role" + NOTE),
    "agreements": (
        "r.title" + NOTE,
        "r.kind",
        "r.status",
        "r.date or ''",
        "r.parties | join('; ')",
    ),
    "actions": ("r.id", "r.action | plain", "r.owner", "r.due or ''", "r.status"),
}


def repeated(d: docx.document.Document, name: str, style: str, item: str, field: str) -> None:
    """A heading, then a paragraph of `style` per entry of the meeting's list `name`."""
    d.add_paragraph(f"{{%p if m.{name} %}}")
    d.add_heading(name.replace("_", " ").capitalize(), 1)
    d.add_paragraph(f"{{%p for {item} in m.{name} %}}")
    d.add_paragraph(field, style)
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p endif %}")


def table(d: docx.document.Document, name: str) -> None:
    """A heading and a table with a row per entry of the meeting's list `name`."""
    d.add_paragraph(f"{{%p if m.{name} %}}")
    d.add_heading(name.capitalize(), 1)
    t = d.add_table(rows=4, cols=5, style="Table Grid")
    for cell, text in zip(t.rows[0].cells, COLUMNS[name], strict=True):
        cell.text = text
    t.rows[1].cells[0].text = f"{{%tr for r in m.{name} %}}"
    for cell, field in zip(t.rows[2].cells, CELLS[name], strict=True):
        cell.text = f"{{{{ {field} }}}}"
    t.rows[3].cells[0].text = "{%tr endfor %}"
    d.add_paragraph("{%p endif %}")


def make_template() -> None:
    d = docx.Document()
    d.add_paragraph("{{ kind }}")
    d.add_heading("{{ m.title }}", 0)
    d.add_paragraph("{{ m.date }}{% if m.time %} · {{ m.time }}{% endif %} · {{ m.location }}")
    d.add_paragraph("Prepared by: {{ m.prepared_by }}")
    repeated(d, "objectives", "List Number", "o", "{{ o | plain }}")
    for name in ("summary", "background"):
        d.add_paragraph(f"{{%p if m.{name} %}}")
        d.add_heading(name.capitalize(), 1)
        d.add_paragraph(f"{{%p for para in m.{name}.split('\\n\\n') %}}")
        d.add_paragraph("{{ para | plain }}")
        d.add_paragraph("{%p endfor %}")
        d.add_paragraph("{%p endif %}")
    table(d, "participants")
    lead = "{% if a.lead %} (lead: {{ names[a.lead] }}){% endif %}"
    repeated(d, "agenda", "List Number", "a", "{{ a.item | plain }}" + lead)
    point = "{% if t is mapping %}{{ t.point | plain }}{% if t.by %} ({{ names[t.by] }}){% endif %}"
    repeated(
        d, "talking_points", "List Bullet", "t", point + "{% else %}{{ t | plain }}{% endif %}"
    )
    proposal = "{{ p.id or '' }} {{ p.text | plain }} (Proposed by: {{ names[p.by] }}; Status: "
    proposal += "{{ p.status }}){% if p.response %} Response: {{ p.response | plain }}{% endif %}"
    repeated(d, "proposals", "Normal", "p", proposal)
    table(d, "agreements")
    table(d, "actions")
    partial = TEMPLATE.with_suffix(f".{os.getpid()}.part")
    d.save(partial)
    os.replace(partial, TEMPLATE)  # whole or absent, should two runs make it at once


def main(out: str, *paths: str) -> None:
    if not TEMPLATE.exists() or TEMPLATE.stat().st_mtime < Path(__file__).stat().st_mtime:
        make_template()  # made again when this script changes, so it never goes stale
    env = jinja2.Environment()
    env.filters["plain"] = lambda text: " ".join(str(text).replace("**", "").split())
    for path in paths:
        m = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        people = m.get("participants", [])
        names = {p["id"]: f"{p.get('honorific', '')} {p['name']}".strip() for p in people}
        kind = "Pre-meeting brief" if m["kind"] == "pre-meeting" else "Meeting summary"
        document = DocxTemplate(TEMPLATE)
        context = {"m": m, "names": names, "kind": kind}
        document.render(context, env, autoescape=True)
        document.save(Path(out) / f"{Path(path).stem}.docx")


if __name__ == "__main__":
    main(*sys.argv[1:])
