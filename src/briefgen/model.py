"""The meeting model: the one definition of the input format, checked field by field."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal, TypeVar

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from .errors import did_you_mean, quoted

T = TypeVar("T")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
FIRST_YEAR = 1000  # document formats write four-digit years
# Characters that reorder the text around them (marks, embeddings, overrides, isolates).
DIRECTION_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A BCP 47 language tag: language, then optional script, region and variants (no extensions).
LANGUAGE_TAG = re.compile(
    r"(?P<language>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?P<variants>(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*)"
)


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if not ISO_DATE.fullmatch(value):
            raise ValueError(f"expected a date as YYYY-MM-DD, got {quoted(value)}")
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{quoted(value)} is not a date in the calendar") from None
        if parsed.year < FIRST_YEAR:
            raise ValueError(f"{quoted(value)} is before the year {FIRST_YEAR}")
        return parsed
    return value


def _clock_time(value: str) -> str:
    if not CLOCK.fullmatch(value):
        raise ValueError(f"expected a 24-hour time as HH:MM, got {quoted(value)}")
    return value


def _web_address(value: str) -> str:
    control = DIRECTION_CONTROLS.search(value)
    if control:  # `…/\u202egpj.exe` would show as `…/exe.jpg`
        c = control.group()
        raise ValueError(
            f"contains the character U+{ord(c):04X} ({unicodedata.name(c).lower()}), which "
            "changes the order an address is shown in; remove it"
        )
    if not re.match(r"https?://[^\s/]", value, re.IGNORECASE):
        raise ValueError(f"expected a web address (http:// or https://), got {quoted(value)}")
    return value


def _language(value: str) -> str:
    """A BCP 47 tag in its canonical case (`EN-gb` → `en-GB`), for Babel, the labels file
    names and the documents' language alike."""
    tag = LANGUAGE_TAG.fullmatch(value)
    if tag is None:
        raise ValueError(f"{quoted(value)} is not a language tag such as en, en-GB, vi, pt-BR")
    language, script, region, variants = tag.group("language", "script", "region", "variants")
    parts = [language.lower(), script and script.title(), region and region.upper()]
    canonical = "-".join(p for p in parts if p) + variants.lower()
    try:
        Locale.parse(canonical.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ValueError(
            f"unknown language {quoted(value)} (use a code such as en, vi, fr)"
        ) from None
    return canonical


def _none_to_list(value: Any) -> Any:
    return [] if value is None else value


def _wrap(key: str) -> Any:
    """Accept a bare text item as shorthand for `{key: text}`."""
    return BeforeValidator(lambda value: {key: value} if isinstance(value, str) else value)


Text = Annotated[str, Field(min_length=1)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Items = Annotated[list[T], BeforeValidator(_none_to_list)]
SourceIds = Items[Text]


class Item(BaseModel):
    """Shared settings: unknown fields are errors, surrounding blanks are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Source(Item):
    id: Text
    title: Text
    publisher: str | None = None
    url: Annotated[str, AfterValidator(_web_address)] | None = None
    date: IsoDate | None = None


class Participant(Item):
    name: Text
    id: str | None = None
    honorific: str | None = None
    title: str | None = None
    organisation: str | None = None
    side: str | None = None
    role: str | None = None
    notes: str | None = None
    sources: SourceIds = []


class TalkingPoint(Item):
    point: Text
    by: str | None = None


class AgendaItem(Item):
    item: Text
    lead: str | None = None


class Proposal(Item):
    text: Text
    by: str | None = None
    detail: str | None = None
    response: str | None = None
    status: Literal["proposed", "agreed", "declined", "deferred", "noted"] = "proposed"
    sources: SourceIds = []


class Agreement(Item):
    title: Text
    kind: str | None = None
    status: Literal["signed", "in-force", "under-negotiation", "proposed"] | None = None
    date: IsoDate | None = None
    parties: Items[Text] = []
    notes: str | None = None
    sources: SourceIds = []


class Action(Item):
    action: Text
    id: str | None = None
    owner: str | None = None
    due: IsoDate | None = None
    status: Literal["open", "in-progress", "done", "dropped"] = "open"
    sources: SourceIds = []


class Meeting(Item):
    kind: Literal["pre-meeting", "post-meeting"]
    title: Text
    date: IsoDate
    time: Annotated[str, AfterValidator(_clock_time)] | None = None
    location: str | None = None
    series: str | None = None
    language: Annotated[str, AfterValidator(_language)] = "en"
    classification: str | None = None
    prepared_by: str | None = None
    summary: str | None = None
    participants: Items[Participant] = []
    objectives: Items[Text] = []
    background: str | None = None
    talking_points: Items[Annotated[TalkingPoint, _wrap("point")]] = []
    agenda: Items[Annotated[AgendaItem, _wrap("item")]] = []
    proposals: Items[Proposal] = []
    agreements: Items[Agreement] = []
    actions: Items[Action] = []
    sources: Items[Source] = []

    def participant(self, ref: str | None) -> Participant | None:
        """The participant a `by` names, by id or by name."""
        return self._people.get(ref)

    @cached_property
    def _people(self) -> dict[str | None, Participant]:
        # built once: a brief looks a participant up for every talking point and proposal
        people: dict[str | None, Participant] = {}
        for p in self.participants:
            for ref in (p.id, p.name):
                people.setdefault(ref, p)
        return people

    def delegations(self) -> list[tuple[str, list[Participant]]]:
        """Participants grouped by side, sides in the order they first appear."""
        groups: dict[str, list[Participant]] = {}
        for p in self.participants:
            groups.setdefault(p.side or "", []).append(p)
        return list(groups.items())

    def overdue(self, action: Action) -> bool:
        """Whether an action still to be done was due before the meeting date."""
        return (
            action.due is not None
            and action.due < self.date
            and action.status in ("open", "in-progress")
        )

    def source_number(self, source_id: str) -> int:
        """The 1-based number a source is cited by, in the order sources are declared."""
        return self._source_numbers[source_id]

    @cached_property
    def _source_numbers(self) -> dict[str, int]:
        # built once: every citation of every entry is looked up here
        numbers: dict[str, int] = {}
        for i, s in enumerate(self.sources, 1):
            numbers.setdefault(s.id, i)
        return numbers


Located = list[tuple[tuple[str | int, ...], str]]


def reference_problems(data: dict[str, Any]) -> Located:
    """Cross-references in raw meeting data that point nowhere, as (location, message) pairs.

    Works on the plain data rather than the model so that these problems are reported together
    with every other problem in the file.
    """
    participants = _entries(data, "participants")
    sources = _entries(data, "sources")
    # sets to check against, tuples (in file order) to suggest from: linear in the references
    people = tuple(
        dict.fromkeys(str(p[k]) for _, p in participants for k in ("name", "id") if p.get(k))
    )
    declared = tuple(dict.fromkeys(str(s["id"]) for _, s in sources if s.get("id")))
    people_set, declared_set = set(people), set(declared)
    problems = []
    for section in ("proposals", "talking_points"):
        for i, entry in _entries(data, section):
            ref = entry.get("by")
            if isinstance(ref, str) and ref not in people_set:
                problems.append(((section, i, "by"), _unknown("participant", ref, people)))
    for section in ("participants", "proposals", "agreements", "actions"):
        for i, entry in _entries(data, section):
            refs = entry.get("sources")
            for j, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, str) and ref not in declared_set:
                    problems.append(((section, i, "sources", j), _unknown("source", ref, declared)))
    return (
        problems + _duplicate_ids("participants", participants) + _duplicate_ids("sources", sources)
    )


def _entries(data: dict[str, Any], section: str) -> list[tuple[int, dict[str, Any]]]:
    items = data.get(section)
    return (
        [(i, e) for i, e in enumerate(items) if isinstance(e, dict)]
        if isinstance(items, list)
        else []
    )


def _unknown(what: str, ref: str, known: tuple[str, ...]) -> str:
    listed = "listed under 'participants'" if what == "participant" else "declared under 'sources'"
    return f"{quoted(ref)} is not a {what} {listed}{did_you_mean(ref, known)}"


def _duplicate_ids(section: str, entries: list[tuple[int, dict[str, Any]]]) -> Located:
    seen: dict[str, int] = {}
    problems: Located = []
    for i, entry in entries:
        ref = entry.get("id")
        if not isinstance(ref, str):
            continue  # a missing or malformed id is the model's to report
        if ref in seen:
            where = f"{section}[{seen[ref]}]"
            problems.append(((section, i, "id"), f"id {quoted(ref)} is already used by {where}"))
        else:
            seen[ref] = i
    return problems
