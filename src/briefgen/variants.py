"""Variants of a brief, made from the same meeting file: the releasable variant leaves out every
entry marked `internal`, and what only internal entries cite or name.

It is made once, here, from the linked meeting (see `series.py`), so that the templates see a
meeting and a series with nothing internal left in them:

- an internal participant, talking point, agenda item, proposal, agreement, action, source or
  paragraph is left out; a `by`, `lead` or `owner` naming an internal participant is left blank
  (the entry stays, without the name);
- an action or proposal internal where its series first gave it (or made internal by an update)
  stays out of every later brief, with its updates;
- a source is left out when it is internal, or when only left-out entries cite it; the others
  are numbered again in their order;
- the marking is the meeting's `release_classification`, else its `classification` (a variant
  is never marked lower than the original)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import BaseModel

from .model import Meeting
from .series import Context, MeetingFile, Tracked

CITING = ("participants", "proposals", "agreements", "actions")  # the entries with `sources`
NAMING = ("by", "lead", "owner")  # the fields that may name a participant
UPDATABLE = ("actions", "proposals")  # their ids name items across a series

M = TypeVar("M", bound=BaseModel)


def release(meeting: Meeting, context: Context) -> tuple[Meeting, Context]:
    """The releasable variant of a brief: its meeting and what it knows of its series."""
    hidden = {
        s: {t.item.id for t in getattr(context, s) if t.item.internal and t.item.id is not None}
        for s in UPDATABLE
    }
    released = _Release(hidden, _internal_people(context))
    series = released.context(context)
    return released.meeting(meeting), series


@dataclass
class _Release:
    """One brief's release: each meeting and file of its series released once (the memos)."""

    hidden: dict[str, set[str]]  # the ids of internal actions and proposals
    people: set[str]  # the ids and names of internal participants, in any meeting of the series
    files: dict[int, MeetingFile] = field(default_factory=dict)
    meetings: dict[int, Meeting] = field(default_factory=dict)

    def context(self, context: Context) -> Context:
        return replace(
            context,
            file=self.file(context.file),
            actions=self.tracked(context.actions),
            proposals=self.tracked(context.proposals),
            own={section: self.tracked(items) for section, items in context.own.items()},
            previous=self.file(context.previous),
            closed_since=self.tracked(context.closed_since),
            agreed_at_previous=self.tracked(context.agreed_at_previous),
            agreements_at_previous=[a for a in context.agreements_at_previous if not a.internal],
        )

    def file(self, file: MeetingFile | None) -> Any:
        """A file of the series with its meeting released, one copy for each file (briefs
        compare files by identity)."""
        if file is None or file.meeting is None:
            return file
        if id(file) not in self.files:
            self.files[id(file)] = replace(file, meeting=self.meeting(file.meeting))
        return self.files[id(file)]

    def tracked(self, items: list[Tracked]) -> list[Tracked]:
        kept = []
        for t in items:
            if t.item.internal:
                continue
            cited = self.file(t.sources_in)
            sources = {s.id for s in cited.meeting.sources} if cited is not None else set()
            kept.append(
                replace(
                    t,
                    item=self.entry(t.item, sources),
                    origin=self.file(t.origin),
                    updated_in=self.file(t.updated_in),
                    status_in=self.file(t.status_in),
                    sources_in=cited,
                )
            )
        return kept

    def meeting(self, meeting: Meeting) -> Meeting:
        if id(meeting) in self.meetings:
            return self.meetings[id(meeting)]
        kept = {
            section: [e for e in getattr(meeting, section) if self.keeps(section, e)]
            for section in ("participants", "talking_points", "agenda", *UPDATABLE, "agreements")
        }
        sources = _sources(meeting, kept)
        changes: dict[str, Any] = {
            section: [self.entry(e, sources) for e in entries] for section, entries in kept.items()
        }
        changes["sources"] = [s for s in meeting.sources if s.id in sources]
        changes["summary"] = [p for p in meeting.summary if not p.internal]
        changes["background"] = [p for p in meeting.background if not p.internal]
        changes["classification"] = meeting.release_classification or meeting.classification
        released = _copy(meeting, **changes)
        self.meetings[id(meeting)] = released
        return released

    def keeps(self, section: str, entry: Any) -> bool:
        return not entry.internal and not (
            section in UPDATABLE and entry.id in self.hidden[section]
        )

    def entry(self, entry: M, sources: set[str]) -> M:
        """An entry kept, without citations of sources left out, nor names of internal
        participants."""
        changes: dict[str, Any] = {}
        if "sources" in type(entry).model_fields:
            changes["sources"] = [s for s in entry.sources if s in sources]
        for name in (n for n in NAMING if n in type(entry).model_fields):
            if getattr(entry, name) in self.people:
                changes[name] = None
        return _copy(entry, **changes) if changes else entry


def _internal_people(context: Context) -> set[str]:
    """The ids and names of the internal participants of the meetings a brief reads."""
    files = [context.file, context.previous]
    for t in context.actions + context.proposals:
        files += [t.origin, t.updated_in, t.status_in]
    meetings = {id(f.meeting): f.meeting for f in files if f is not None and f.meeting is not None}
    return {
        ref
        for m in meetings.values()
        for p in m.participants
        if p.internal
        for ref in (p.id, p.name)
        if ref is not None
    }


def _sources(meeting: Meeting, kept: dict[str, list[Any]]) -> set[str]:
    """The ids of the sources the variant lists: not internal, and cited by an entry it keeps
    or by none it leaves out."""
    cited_by_kept = {s for section in CITING for e in kept[section] for s in e.sources}
    cited = {s for section in CITING for e in getattr(meeting, section) for s in e.sources}
    return {
        s.id
        for s in meeting.sources
        if not s.internal and (s.id in cited_by_kept or s.id not in cited)
    }


def _copy(model: M, **changes: Any) -> M:
    """A copy with `changes`, built afresh: a meeting's cached lookups (its participants by name,
    its sources' numbers) must not outlive the lists they were made of."""
    fields = {name: getattr(model, name) for name in type(model).model_fields} | changes
    return type(model).model_construct(model.model_fields_set, **fields)
