"""The action tracker: every action of every series read, in its latest state, as rows to
filter and export (see `exports.py`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import Problem
from .people import find_register
from .pipeline import PathLike, Paths, as_paths, find_inputs, read
from .series import Tracked, latest

OPEN = ("open", "in-progress")


@dataclass(frozen=True)
class Row:
    """One action in its latest state; `origin` the meeting file that declared it, `updated`
    the last that changed it (None when none has)."""

    series: str
    id: str | None
    name: str  # the id, or `<file>#<n>` for the n-th action of a file that gave it none
    action: str
    owner: str | None
    due: date | None
    status: str
    overdue: bool
    note: str | None
    origin: Path
    origin_date: date
    updated: Path | None
    updated_date: date | None

    @property
    def uid(self) -> str:
        """A name for the action that stays the same from run to run (`<series>/<id>`)."""
        return f"{self.series or self.origin.stem}/{self.name}"


@dataclass
class Tracker:
    """The rows asked for, and the problems of the files read (reported as `check` does)."""

    rows: list[Row]
    problems: list[Problem] = field(default_factory=list)
    as_of: date = field(default_factory=date.today)

    @property
    def overdue(self) -> list[Row]:
        return [r for r in self.rows if r.overdue]


def actions(
    paths: Paths = ("inputs",),
    series: str | None = None,
    statuses: Sequence[str] = OPEN,
    overdue: bool = False,
    owner: str | None = None,
    as_of: date | None = None,
    people: PathLike | None = None,
    defaults: Mapping[str, str] | None = None,
) -> Tracker:
    """The actions of every series in `paths`, in their latest state, ordered by due date: by
    default the open and in-progress ones. `overdue`: only those due before `as_of` (default
    today); `owner`: only those whose owner contains this text (any case)."""
    as_of = as_of or date.today()
    paths = as_paths(paths)
    inputs = find_inputs(paths)
    files, _ = read(paths, inputs, find_register(people), defaults=defaults)
    problems = [p for f in files for p in f.problems]
    rows = [_row(name, key, t, as_of) for name, key, t in latest(files)]
    wanted = [
        r
        for r in rows
        if r.status in statuses
        and (series is None or r.series == series)
        and (not overdue or r.overdue)
        and (owner is None or owner.casefold() in (r.owner or "").casefold())
    ]
    wanted.sort(key=lambda r: (r.due is None, r.due or date.min, r.series, r.id or ""))
    return Tracker(wanted, problems, as_of)


def _row(series: str | None, key: Any, t: Tracked, as_of: date) -> Row:
    action, meeting = t.item, t.origin.meeting
    name = action.id or f"{t.origin.path.name}#{key[2] + 1}"  # an action without an id: its place
    person = meeting.participant(action.owner)
    owner = person.addressed if person else action.owner
    updated = t.updated_in
    return Row(
        series=series or "",
        id=action.id,
        name=name,
        action=action.action,
        owner=owner,
        due=action.due,
        status=action.status,
        overdue=action.is_open and action.due is not None and action.due < as_of,
        note=action.note,
        origin=t.origin.path,
        origin_date=meeting.date,
        updated=updated.path if updated else None,
        updated_date=updated.meeting.date if updated else None,
    )
