"""The meeting model: the one definition of the input format, checked field by field."""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from datetime import date
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal, TypeVar

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from .errors import did_you_mean, quoted

T = TypeVar("T")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
CLOCK_RANGE = re.compile(rf"(?P<start>{CLOCK.pattern})\s*[-–]\s*(?P<end>{CLOCK.pattern})")
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


def iso_date(value: Any) -> Any:
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
    """A start time (`09:30`) or a range (`09:30–12:45`, `09:30-12:45`), written with an en
    dash."""
    if CLOCK.fullmatch(value):
        return value
    span = CLOCK_RANGE.fullmatch(value)
    if span is None:
        raise ValueError(
            f"expected a 24-hour time as HH:MM or a range HH:MM–HH:MM, got {quoted(value)}"
        )
    start, end = span.group("start", "end")
    if end <= start:
        raise ValueError(f"the meeting ends ({end}) before it starts ({start})")
    return f"{start}\u2013{end}"


def _timezone(value: str) -> str:
    """An IANA time zone name (`Europe/London`), from the zone database Python reads."""
    zones = _time_zones()
    if value not in zones:
        region = [z for z in zones if z.partition("/")[0] == value.partition("/")[0]]
        raise ValueError(
            f"{quoted(value)} is not a time zone name such as Europe/London or Asia/Ho_Chi_Minh"
            + did_you_mean(value, region or zones)
        )
    return value


@lru_cache(maxsize=1)
def _time_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


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
IsoDate = Annotated[date, BeforeValidator(iso_date)]
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
    """A proposal; with an `id`, later meetings of its series can update it (see `series.py`),
    and an update may leave out the `text`."""

    text: Text | None = None
    id: str | None = None
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
    """A follow-up action; with an `id`, later meetings of its series can update it (see
    `series.py`), and an update may leave out the `action`."""

    action: Text | None = None
    id: str | None = None
    owner: str | None = None
    due: IsoDate | None = None
    status: Literal["open", "in-progress", "done", "dropped"] = "open"
    note: str | None = None
    sources: SourceIds = []

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "in-progress")


class Meeting(Item):
    kind: Literal["pre-meeting", "post-meeting"]
    title: Text
    date: IsoDate
    time: Annotated[str, AfterValidator(_clock_time)] | None = None
    timezone: Annotated[str, AfterValidator(_timezone)] | None = None
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

    @property
    def start(self) -> str:
        """The start time (`09:30`), or "" when the meeting gives no time."""
        return (self.time or "")[:5]

    def overdue(self, action: Action) -> bool:
        """Whether an action still to be done was due before the meeting date."""
        return action.is_open and action.due is not None and action.due < self.date

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
