"""The meeting model: the one definition of the input format, checked field by field."""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from datetime import date
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal, TypeVar

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

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


def _flag(value: Any) -> Any:
    """`true` or `false` as YAML 1.2 writes them; YAML 1.1's `yes`, `on`, `y` are refused, not
    read as true."""
    if isinstance(value, str):
        if value in TRUE_FALSE:
            return value.lower() == "true"
        raise ValueError(f"expected true or false, got {quoted(value)}")
    return value


def _prose(value: Any) -> Any:
    """Text (its paragraphs parted by blank lines) as a list of one entry; a list as it is."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        got = "a mapping" if isinstance(value, dict) else type(value).__name__
        raise ValueError(f"expected text or a list of paragraphs, got {got}")
    return value


def _wrap(key: str) -> Any:
    """Accept a bare text item as shorthand for `{key: text}`."""
    return BeforeValidator(lambda value: {key: value} if isinstance(value, str) else value)


Text = Annotated[str, Field(min_length=1)]


def _text_matching(*patterns: str) -> WithJsonSchema:
    """The JSON Schema of text matching one of `patterns` (whole), for editors; validation stays
    the validators' own. Named groups become plain ones (JSON Schema's regexes are ECMA-262)."""
    whole = "|".join(f"^{re.sub(r'[(][?]P<[a-z]+>', '(', p)}$" for p in patterns)
    return WithJsonSchema({"type": "string", "pattern": whole})


IsoDate = Annotated[date, BeforeValidator(iso_date), _text_matching(ISO_DATE.pattern)]
ClockTime = Annotated[
    str, AfterValidator(_clock_time), _text_matching(CLOCK.pattern, CLOCK_RANGE.pattern)
]
WebAddress = Annotated[
    str, AfterValidator(_web_address), _text_matching(r"[Hh][Tt][Tt][Pp][Ss]?://[^\s/].*")
]
LanguageTag = Annotated[str, AfterValidator(_language), _text_matching(LANGUAGE_TAG.pattern)]
TimeZone = Annotated[str, AfterValidator(_timezone)]
Items = Annotated[list[T], BeforeValidator(_none_to_list)]
SourceIds = Items[Text]
TRUE_FALSE = ("true", "True", "TRUE", "false", "False", "FALSE")
# An editor reads `true` as a boolean (YAML 1.2); briefgen reads it as the text typed.
Flag = Annotated[
    bool,
    BeforeValidator(_flag),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": list(TRUE_FALSE)}]}),
]

SOURCES = "Ids of the sources it comes from, each declared under `sources`."
INTERNAL = "true: left out of the releasable variant of the brief (`--variant releasable`)."
INTERNAL_TRACKED = INTERNAL[:-1] + ", in this meeting and, with its updates, in later ones."


class Item(BaseModel):
    """Shared settings: unknown fields are errors, surrounding blanks are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Source(Item):
    """A report or document the brief cites, numbered in the order declared."""

    id: Text = Field(description="Required. The id entries cite it by.", examples=["vna"])
    title: Text = Field(description="Required.", examples=["Report of the reception"])
    publisher: str | None = Field(None, examples=["Vietnam News Agency"])
    url: WebAddress | None = Field(
        None,
        description="A web address (http:// or https://).",
        examples=["https://example.org/report"],
    )
    date: IsoDate | None = Field(None, description="YYYY-MM-DD.", examples=["2025-03-04"])
    internal: Flag = Field(False, description=INTERNAL[:-1] + ", with its citations.")


def _local_path(value: str) -> str:
    """A path, never an address: annexes are read from the workspace only, never fetched."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", value):
        raise ValueError(
            f"{quoted(value)} is an address; an annex is a file of the workspace (a PDF or a "
            "meeting file)"
        )
    return value


LocalPath = Annotated[str, Field(min_length=1), AfterValidator(_local_path)]


class Annex(Item):
    """A file that travels with the brief: a PDF, or another meeting file (its brief)."""

    file: LocalPath = Field(
        description="Required. A PDF or a meeting file, relative to this meeting file's folder.",
        examples=["annexes/joint-statement.pdf"],
    )
    title: str | None = Field(
        None,
        description="Default: the PDF's own title, else its file name; a meeting's title.",
        examples=["Joint statement"],
    )


class Participant(Item):
    """A participant. With an `id` from the register of people (people.yaml), the register's
    entry with these fields laid over it."""

    name: Text = Field(description="Required (but for an id from the register of people).")
    id: str | None = Field(
        None, description="A short name to refer to them by (`by`, `lead`, `owner`)."
    )
    honorific: str | None = Field(None, examples=["General"])
    title: str | None = Field(None, examples=["Minister of Public Security"])
    organisation: str | None = Field(None, examples=["Ministry of Public Security"])
    side: str | None = Field(
        None, description="Delegation; participants are grouped by it.", examples=["Viet Nam"]
    )
    role: str | None = Field(None, examples=["host"])
    notes: str | None = Field(None, description="Anything the reader should know.")
    sources: SourceIds = Field([], description=SOURCES)
    internal: Flag = Field(False, description=INTERNAL)

    @property
    def addressed(self) -> str:
        """The name as a brief prints it: with the honorific ("General Lương Tam Quang")."""
        return " ".join(filter(None, (self.honorific, self.name)))


class Apology(Item):
    """Someone invited who sent apologies: a name, an id from the register of people
    (people.yaml), or {name, title, organisation}."""

    name: Text = Field(description="Required (but for an id from the register of people).")
    id: str | None = Field(None, description="An id from the register of people.")
    honorific: str | None = Field(None, examples=["Mr"])
    title: str | None = Field(None, examples=["Deputy Minister"])
    organisation: str | None = Field(None, examples=["UK Home Office"])

    addressed = Participant.addressed  # printed as a participant's name is


class TalkingPoint(Item):
    """A talking point: text, or {point, by}."""

    point: Text = Field(description="Required. The point to make.")
    by: str | None = Field(None, description="Who makes it: a participant's id or name.")
    internal: Flag = Field(False, description=INTERNAL)


class AgendaItem(Item):
    """An agenda item: text, or {item, lead}."""

    item: Text = Field(description="Required.", examples=["Welcome"])
    lead: str | None = Field(None, description="Who leads it: a participant's id or name.")
    internal: Flag = Field(False, description=INTERNAL)


class Proposal(Item):
    """A proposal. With an `id`, later meetings of its series can update it, and an update may
    leave out the `text`."""

    text: Text | None = Field(
        None,
        description="Required (but in an update).",
        examples=["Increase exchanges of experts."],
    )
    id: str | None = Field(
        None, description="Lets later meetings of the series update it.", examples=["PR2"]
    )
    by: str | None = Field(None, description="Who proposed it: a participant's id or name.")
    detail: str | None = Field(None, description="More about it.")
    response: str | None = Field(None, description="What the other side said.")
    status: Literal["proposed", "agreed", "declined", "deferred", "noted"] = Field(
        "proposed", description="proposed (default) | agreed | declined | deferred | noted"
    )
    sources: SourceIds = Field([], description=SOURCES)
    internal: Flag = Field(False, description=INTERNAL_TRACKED)


class Agreement(Item):
    """An agreement, signed or in the making."""

    title: Text = Field(
        description="Required.", examples=["MoU on sharing immigration information"]
    )
    kind: str | None = Field(None, examples=["MoU"])
    status: Literal["signed", "in-force", "under-negotiation", "proposed"] | None = None
    date: IsoDate | None = Field(None, description="YYYY-MM-DD.", examples=["2025-03-04"])
    parties: Items[Text] = Field([], examples=[["Ministry of Public Security", "UK Home Office"]])
    notes: str | None = None
    sources: SourceIds = Field([], description=SOURCES)
    internal: Flag = Field(False, description=INTERNAL)


class Action(Item):
    """A follow-up action. With an `id`, later meetings of its series can update it, and an
    update may leave out the `action`."""

    action: Text | None = Field(
        None,
        description="Required (but in an update).",
        examples=["Draw up an implementation plan."],
    )
    id: str | None = Field(
        None, description="Lets later meetings of the series update it.", examples=["A1"]
    )
    owner: str | None = Field(
        None,
        description="Who does it: text, or a participant's id or name.",
        examples=["Ministry of Public Security"],
    )
    due: IsoDate | None = Field(None, description="YYYY-MM-DD.", examples=["2025-04-30"])
    status: Literal["open", "in-progress", "done", "dropped"] = Field(
        "open", description="open (default) | in-progress | done | dropped"
    )
    note: str | None = Field(None, examples=["Plan adopted by letter on 2 May."])
    sources: SourceIds = Field([], description=SOURCES)
    internal: Flag = Field(False, description=INTERNAL_TRACKED)

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "in-progress")


class Paragraph(Item):
    """A paragraph of the summary or the background: text, or {text, internal}."""

    text: Text = Field(description="Required.")
    internal: Flag = Field(False, description=INTERNAL)


PROSE = (
    "Text (a blank line starts a new paragraph), or a list of paragraphs, each text or "
    "{text, internal}."
)
Prose = Annotated[list[Annotated[Paragraph, _wrap("text")]], BeforeValidator(_prose)]


class Meeting(Item):
    """A briefgen meeting file: one meeting, for a pre-meeting brief or a post-meeting
    summary."""

    kind: Literal["pre-meeting", "post-meeting"] = Field(
        description="Required: pre-meeting (a brief) | post-meeting (a summary)."
    )
    title: Text = Field(
        description="Required.", examples=["Reception of the UK Home Office delegation"]
    )
    date: IsoDate = Field(description="Required. YYYY-MM-DD.", examples=["2025-03-04"])
    time: ClockTime | None = Field(
        None,
        description="HH:MM, or a range HH:MM–HH:MM (hyphen or en dash).",
        examples=["09:30", "09:30–12:45"],
    )
    timezone: TimeZone | None = Field(
        None,
        description='An IANA time zone name; shown with the time ("Vietnam Time").',
        examples=["Asia/Ho_Chi_Minh", "Europe/London"],
    )
    location: str | None = Field(None, examples=["Hà Nội, Viet Nam"])
    series: str | None = Field(
        None,
        description="Meetings with the same series are read together.",
        examples=["vn-uk-migration-dialogue"],
    )
    series_title: str | None = Field(
        None,
        description="The series' name as briefs print it (instead of `series`), in the "
        "meeting's language; later meetings of the series in that language inherit it.",
        examples=["Viet Nam–UK Migration Dialogue"],
    )
    language: LanguageTag = Field(
        "en",
        description="Default en; the labels and dates of the brief.",
        examples=["en", "en-GB", "vi"],
    )
    classification: str | None = Field(
        None,
        description="Marking printed at the top and bottom of every page.",
        examples=["OFFICIAL"],
    )
    release_classification: str | None = Field(
        None,
        description="The marking of the releasable variant (`--variant releasable`) "
        "[default: the classification].",
        examples=["OFFICIAL"],
    )
    prepared_by: str | None = Field(
        None,
        description="Author / office; goes into the document properties.",
        examples=["Secretariat"],
    )
    summary: Prose = Field(
        [], description="The outcome (post-meeting) or the summary (pre-meeting). " + PROSE
    )
    participants: Items[Participant] = Field(
        [], description="Each {name, …}, or an id from the register of people (people.yaml)."
    )
    apologies: Items[Annotated[Apology, _wrap("name")]] = Field(
        [],
        description="Invited but not present: each a name, an id from the register of people "
        "(people.yaml), or {name, title, organisation}.",
    )
    objectives: Items[Text] = Field([], description="Pre-meeting.")
    background: Prose = Field([], description="Pre-meeting. The history so far. " + PROSE)
    talking_points: Items[Annotated[TalkingPoint, _wrap("point")]] = Field(
        [], description="Each text, or {point, by}."
    )
    agenda: Items[Annotated[AgendaItem, _wrap("item")]] = Field(
        [], description="Each text, or {item, lead}."
    )
    proposals: Items[Proposal] = []
    agreements: Items[Agreement] = []
    actions: Items[Action] = Field([], description="Follow-up actions.")
    sources: Items[Source] = Field([], description="The reports and documents entries cite.")
    annexes: Items[Annotated[Annex, _wrap("file")]] = Field(
        [],
        description="Each a path, or {file, title}: PDFs and meeting files that travel with "
        "the brief (`--pack` binds them into one PDF).",
    )

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
