"""The action tracker's formats: aligned text for a terminal, CSV, JSON and iCalendar. Each
turns the rows (see `tracker.py`) into the bytes of one file."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable
from datetime import datetime, time, timezone
from typing import Any

from .tracker import Row, Tracker

COLUMNS = ("series", "id", "action", "owner", "due", "status", "overdue", "note")
COLUMNS += ("from", "from_date", "updated_in", "updated_date")
TABLE_COLUMNS = ("series", "id", "action", "owner", "due", "status", "overdue", "from")
TABLE_TEXT = 60  # characters of a long field shown in the terminal table
ICS_STATUS = {
    "open": "NEEDS-ACTION",
    "in-progress": "IN-PROCESS",
    "done": "COMPLETED",
    "dropped": "CANCELLED",
}


def _fields(row: Row) -> dict[str, Any]:
    return {
        "series": row.series,
        "id": row.id,
        "action": row.action,
        "owner": row.owner,
        "due": row.due.isoformat() if row.due else None,
        "status": row.status,
        "overdue": row.overdue,
        "note": row.note,
        "from": str(row.origin),
        "from_date": row.origin_date.isoformat(),
        "updated_in": str(row.updated) if row.updated else None,
        "updated_date": row.updated_date.isoformat() if row.updated_date else None,
    }


def as_json(tracker: Tracker) -> bytes:
    """A list of objects, one per action (dates as YYYY-MM-DD)."""
    text = json.dumps([_fields(r) for r in tracker.rows], ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def as_csv(tracker: Tracker) -> bytes:
    """RFC 4180: a header row, CRLF line ends; UTF-8 with a byte-order mark, by which Excel
    knows the text is UTF-8 (LibreOffice Calc reads it either way)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in tracker.rows:
        writer.writerow(["" if v is None else _cell(v) for v in _fields(row).values()])
    return out.getvalue().encode("utf-8-sig")


def _cell(value: Any) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def as_ics(tracker: Tracker) -> bytes:
    """An iCalendar file with a VTODO per action, whose UID (`<series>/<id>`) stays the same
    from run to run, so that importing it again updates the tasks rather than adding them."""
    from icalendar import Calendar, Todo

    calendar = Calendar()
    calendar.add("prodid", "-//briefgen//action tracker//EN")
    calendar.add("version", "2.0")
    stamp = datetime.combine(tracker.as_of, time(), timezone.utc)  # the same on every run
    for row in tracker.rows:
        todo = Todo()
        todo.add("uid", row.uid)
        todo.add("dtstamp", stamp)
        todo.add("summary", row.action)
        todo.add("status", ICS_STATUS[row.status])
        if row.due:
            todo.add("due", row.due)
        todo.add("description", _description(row))
        if row.series:
            todo.add("categories", [row.series])
        calendar.add_component(todo)
    return calendar.to_ical()


def _description(row: Row) -> str:
    lines = [f"Owner: {row.owner}"] if row.owner else []
    lines.append(f"From: {row.origin} ({row.origin_date.isoformat()})")
    if row.updated and row.updated_date:
        lines.append(f"Last updated: {row.updated} ({row.updated_date.isoformat()})")
    if row.note:
        lines.append(f"Note: {row.note}")
    return "\n".join(lines)


def as_table(tracker: Tracker) -> bytes:
    """Aligned columns for a terminal; long texts are cut (the other formats keep them whole)."""
    header = [c.replace("_", " ") for c in TABLE_COLUMNS]
    rows = [_fields(r) for r in tracker.rows]
    cells = [header] + [
        [_short("" if f[c] is None else _cell(f[c])) for c in TABLE_COLUMNS] for f in rows
    ]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(t + " " * (w - _width(t)) for t, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    summary = f"{len(tracker.rows)} actions, {len(tracker.overdue)} overdue as of "
    return ("\n".join(lines) + f"\n{summary}{tracker.as_of.isoformat()}\n").encode("utf-8")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TABLE_TEXT else text[: TABLE_TEXT - 1] + "…"


def _width(text: str) -> int:
    """Columns a text takes in a terminal: combining marks take none, wide characters two."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


EXPORTS: dict[str, Callable[[Tracker], bytes]] = {
    "table": as_table,
    "csv": as_csv,
    "json": as_json,
    "ics": as_ics,
}
