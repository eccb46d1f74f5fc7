"""The references inside one meeting file: who a `by` names, which sources an entry
cites, ids used twice, and entries that leave out their text.

Checked on the plain data rather than the model, so that these problems are reported together
with every other problem in the file. (References across the meetings of a series, the updates
of earlier actions and proposals, are `series.py`'s.)"""

from __future__ import annotations

import re
from typing import Any

from .errors import Problem, did_you_mean, quoted
from .model import Meeting
from .yaml_source import Loc, Source

Located = list[tuple[Loc, str]]
# The field that carries an entry's text, for the lists whose entries later meetings may update.
TEXT_FIELDS = {"actions": "action", "proposals": "text"}
WHAT = {"actions": "action", "proposals": "proposal"}
# What a participant's id looks like (`quang`, `tran-thi-b`, `to_lam`): an `owner` or `lead`
# written so is meant as an id, where free text ("Ministry of Public Security") is not.
ID_LIKE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def reference_problems(source: Source) -> Located:
    """Cross-references in a meeting's raw data that point nowhere, as (location, message)."""
    data = source.data
    participants = entries(data, "participants")
    sources = entries(data, "sources")
    # sets to check against, tuples (in file order) to suggest from: linear in the references
    people = tuple(
        dict.fromkeys(str(p[k]) for _, p in participants for k in ("name", "id") if p.get(k))
    )
    declared = tuple(dict.fromkeys(str(s["id"]) for _, s in sources if s.get("id")))
    people_set, declared_set = set(people), set(declared)
    problems = []
    for section in ("proposals", "talking_points"):
        for i, entry in entries(data, section):
            ref = entry.get("by")
            if isinstance(ref, str) and ref not in people_set:
                problems.append(((section, i, "by"), _unknown("participant", ref, people)))
    for section in ("participants", "proposals", "agreements", "actions"):
        for i, entry in entries(data, section):
            refs = entry.get("sources")
            for j, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, str) and ref not in declared_set:
                    problems.append(((section, i, "sources", j), _unknown("source", ref, declared)))
    for section in ("participants", "sources", "proposals", "actions"):
        problems += duplicate_ids(source, (section,))
    return problems + _missing_texts(data)


def lookalike_ids(meeting: Meeting, source: Source) -> list[Problem]:
    """Warnings for each `owner` and `lead` that looks like a participant's id, is none, and is
    close to one: free text may name anyone, so only a likely slip is pointed out."""
    people = tuple(
        dict.fromkeys(ref for p in meeting.participants for ref in (p.id, p.name) if ref)
    )
    named = [("agenda", i, "lead", a.lead) for i, a in enumerate(meeting.agenda)]
    named += [("actions", i, "owner", a.owner) for i, a in enumerate(meeting.actions)]
    warnings = []
    for section, i, field, ref in named:
        if ref is None or not ID_LIKE.fullmatch(ref) or meeting.participant(ref):
            continue
        hint = did_you_mean(ref, people)
        if hint:
            message = f"{quoted(ref)} is not a participant's id or name{hint}"
            warnings.append(source.warning((section, i, field), message))
    return sorted(warnings, key=lambda w: (w.line or 0, w.column or 0))


def entries(data: Any, section: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings of a list in raw meeting data, with their indexes."""
    items = data.get(section) if isinstance(data, dict) else None
    return (
        [(i, e) for i, e in enumerate(items) if isinstance(e, dict)]
        if isinstance(items, list)
        else []
    )


def _unknown(what: str, ref: str, known: tuple[str, ...]) -> str:
    listed = "listed under 'participants'" if what == "participant" else "declared under 'sources'"
    return f"{quoted(ref)} is not a {what} {listed}{did_you_mean(ref, known)}"


def duplicate_ids(source: Source, loc: Loc) -> Located:
    """The entries of the list at `loc` (`()`: the file's own list) whose id an entry before
    them has, each naming the line of the first."""
    items = source.data.get(loc[0]) if loc else source.data
    seen: dict[str, int] = {}
    problems: Located = []
    for i, entry in enumerate(items if isinstance(items, list) else []):
        ref = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(ref, str):
            continue  # a missing or malformed id is the model's to report
        if ref in seen:
            line = source.position((*loc, seen[ref], "id"))[0]
            problems.append(((*loc, i, "id"), f"id {quoted(ref)} is already used on line {line}"))
        else:
            seen[ref] = i
    return problems


def _missing_texts(data: dict[str, Any]) -> Located:
    """Only an update of an earlier meeting's action or proposal (one with an id, in a series)
    may leave out its text; whether the id was declared earlier is the series' to check."""
    problems: Located = []
    for section, field in TEXT_FIELDS.items():
        for i, entry in entries(data, section):
            if field in entry:
                continue
            if not isinstance(entry.get("id"), str):
                problems.append(((section, i, field), "required field is missing"))
            elif not isinstance(data.get("series"), str):
                message = (
                    f"required field is missing (only an update of an earlier meeting's "
                    f"{WHAT[section]} may leave it out, and this meeting has no series)"
                )
                problems.append(((section, i, field), message))
    return problems
