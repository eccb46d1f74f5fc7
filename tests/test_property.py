"""Arbitrary meeting data in: valid DOCX and PDF out, or errors naming the field (Hypothesis).

Every example is a real YAML file (written by `yaml.safe_dump`, so characters YAML cannot carry
raw arrive as escapes) loaded with `load_meeting`:

- a meeting generated without faults (any text in every field, lists of any length) must load;
  its HTML must render, its DOCX must reopen and show the text of every field the brief prints,
  and, in the PDF test, its PDF must reopen and carry the title;
- a meeting with faults put into it (a character documents cannot hold, a list where text
  belongs, a date not in the calendar, a missing or unknown field, a reference to nobody, ...)
  must be refused with an InputError whose problems name every one of those fields, each problem
  located in the file and naming a field that is really there. No other exception may escape.

Runs are repeatable: examples are derandomised and no example database is kept.
"""

from __future__ import annotations

import copy
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import briefgen
from briefgen import limits
from briefgen.docx_writer import write_docx
from briefgen.pdf_writer import write_pdf
from briefgen.render import inline_markdown, paragraphs

from conftest import docx_text, pdf_text

TEMPLATES = briefgen.Templates()


def repeatable(examples: int) -> settings:
    """The same `examples` examples on every run, none remembered between runs."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


Path_ = tuple[str | int, ...]  # a place in the data: ("participants", 0, "name")

# --- Text ---------------------------------------------------------------------------------------

# Characters no XML document can hold (C0 controls but tab and line ends, lone surrogates,
# U+FFFE/U+FFFF): the policy is that the loader refuses them, naming the field.
FORBIDDEN = "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\ufffe\uffff\ud800\udfff"
FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SURROGATE_RE = re.compile("[\ud800-\udfff]")
# More than four combining marks on one character (briefgen's limit; no script stacks more).
MARKS = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Mn", "Me"))
STACKED_MARKS = re.compile(f"[{re.escape(MARKS)}]{{5,}}")
# Characters likely to trip a document writer, drawn more often than `st.characters` would
# draw them: markup, template and Markdown syntax, white space of every kind, direction marks
# and overrides, combining marks, invisible characters, C1 controls and noncharacters (which
# XML can hold), and letters of several scripts.
SPECIAL = (
    "<>&\"'{}%#*_[]()`\\!|~-=+:;,./@$^?"
    " \t\n\r\u00a0\u0085\u2028\u2029\u3000"
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u0301\u0308\u0323\u20dd\u200b\u200c\u200d\u00ad\ufeff\u2060"
    "\x7f\x80\x9f\ufdd0\ufffd\U0001fffe"
    "ĐđƯươạếỗữßﬁ中文字會議한국어עבריתالعربية😀👩\U0001f3fb🇻🇳"
)
FRAGMENTS = (
    "{{ meeting.title }}",
    "{% if true %}x{% endif %}",
    "{# note #}",
    "<b>bold</b>",
    "</p></body>",
    "<script>alert(1)</script>",
    "&amp;",
    "&#0;",
    "**bold**",
    "_it_",
    "`code`",
    "[link](http://example.org)",
    "[x](javascript:alert(1))",
    "<http://example.org/a?b=1&c=2>",
    "![image](x.png)",
    "\\*",
    "]]>",
    "<!--",
    "\n\n",
)
ANY_CHARACTER = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff"
)
CHARS = st.one_of(ANY_CHARACTER, st.sampled_from(SPECIAL))
VISIBLE = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), exclude_characters="\ufffe"
)
# Words longer than a narrow table column's line; a text is cut to half of what a short field
# holds, so that every generated meeting stays within briefgen's limits.
SHORT_TEXT = limits.SHORT_CHARS // 2 - 1
LONG_WORDS = st.builds(lambda c, n: c * n, st.sampled_from("wḾ中😀"), st.integers(30, SHORT_TEXT))
TEXT = st.lists(
    st.one_of(
        st.text(ANY_CHARACTER, max_size=10),
        st.text(st.sampled_from(SPECIAL), max_size=6),
        st.sampled_from(FRAGMENTS),
        LONG_WORDS,
    ),
    max_size=4,
).map(lambda parts: "".join(parts)[:SHORT_TEXT])
# Text for fields that must not be empty: something visible among the arbitrary text.
REQUIRED = st.builds(lambda a, b, c: a + b + c, TEXT, VISIBLE, TEXT)
OPTIONAL = st.one_of(st.none(), TEXT)
# Web addresses (the only links a source may give): a scheme and a host, then any text but
# the direction controls an address may not hold (they would reorder it on the page).
DIRECTION_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ADDRESSES = st.builds(
    lambda scheme, host, rest: DIRECTION_CONTROLS.sub("", scheme + host + rest),
    st.sampled_from(["https://", "http://", "HTTPS://"]),
    VISIBLE.filter(lambda c: c != "/" and not DIRECTION_CONTROLS.match(c)),
    TEXT,
)
# Every date the loader accepts (YYYY-MM-DD, years 1000 to 9999: four-digit years).
DATES = st.dates(min_value=date(1000, 1, 1)).map(date.isoformat)
TIMES = st.times().map(lambda t: t.strftime("%H:%M"))
LANGUAGES = st.sampled_from(["en", "en-GB", "vi", "fr", "de-CH", "zh-Hant", "ar"])
PROPOSAL_STATUSES = ("proposed", "agreed", "declined", "deferred", "noted")
AGREEMENT_STATUSES = ("signed", "in-force", "under-negotiation", "proposed")
ACTION_STATUSES = ("open", "in-progress", "done", "dropped")


def norm(text: str) -> str:
    """Text as a reader compares it: NFC, white space runs as single spaces, none at the ends."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def markdown_text(text: str) -> str:
    """The visible text of a Markdown-bearing field: its inline Markdown rendered as the
    templates render it (`*`, backticks and link syntax gone), tags left out."""
    html = str(inline_markdown(text.strip()))
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content() if html else ""


def dotted(path: Path_) -> str:
    """A place in the data written as problems name fields: `participants[1].title`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# --- Meetings -----------------------------------------------------------------------------------


def maybe(draw: Callable, entry: dict, key: str, strategy: st.SearchStrategy) -> None:
    if draw(st.booleans()):
        entry[key] = draw(strategy)


@st.composite
def meetings(draw: Callable, size: int = 3) -> dict[str, Any]:
    """Meeting data that must load: any text in every field, lists of up to `size` entries,
    references that point at declared participants and sources."""
    data: dict[str, Any] = {
        "kind": draw(st.sampled_from(["pre-meeting", "post-meeting"])),
        "title": draw(REQUIRED),
        "date": draw(DATES),
    }
    maybe(draw, data, "time", TIMES)
    for key in ("location", "series", "classification", "prepared_by", "summary", "background"):
        maybe(draw, data, key, OPTIONAL)
    maybe(draw, data, "language", LANGUAGES)

    few = st.integers(0, size)
    source_ids = draw(st.lists(REQUIRED, max_size=size, unique=True))
    cited = st.lists(st.sampled_from(source_ids), max_size=2) if source_ids else st.just([])
    sources = []
    for sid in source_ids:
        source = {"id": sid, "title": draw(REQUIRED)}
        maybe(draw, source, "publisher", OPTIONAL)
        maybe(draw, source, "url", st.one_of(st.none(), ADDRESSES))
        maybe(draw, source, "date", DATES)
        sources.append(source)

    participants = []
    for i in range(draw(few)):
        person = {"name": draw(REQUIRED)}
        maybe(draw, person, "id", st.just(f"p{i}"))
        for key in ("honorific", "title", "organisation", "role", "notes"):
            maybe(draw, person, key, OPTIONAL)
        maybe(draw, person, "side", st.one_of(st.sampled_from(["Host", "Guests"]), TEXT))
        maybe(draw, person, "sources", cited)
        participants.append(person)
    people = [p[k] for p in participants for k in ("name", "id") if k in p]
    by = st.sampled_from(people) if people else st.none()

    def talking_point() -> Any:
        if draw(st.booleans()):
            return draw(REQUIRED)  # the shorthand: a bare text
        point = {"point": draw(REQUIRED)}
        maybe(draw, point, "by", by)
        return point

    def agenda_item() -> Any:
        if draw(st.booleans()):
            return draw(REQUIRED)
        item = {"item": draw(REQUIRED)}
        maybe(draw, item, "lead", st.one_of(by, TEXT))
        return item

    def proposal() -> dict[str, Any]:
        entry = {"text": draw(REQUIRED)}
        maybe(draw, entry, "by", by)
        maybe(draw, entry, "detail", OPTIONAL)
        maybe(draw, entry, "response", OPTIONAL)
        maybe(draw, entry, "status", st.sampled_from(PROPOSAL_STATUSES))
        maybe(draw, entry, "sources", cited)
        return entry

    def agreement() -> dict[str, Any]:
        entry = {"title": draw(REQUIRED)}
        maybe(draw, entry, "kind", OPTIONAL)
        maybe(draw, entry, "status", st.sampled_from(AGREEMENT_STATUSES))
        maybe(draw, entry, "date", DATES)
        maybe(draw, entry, "parties", st.lists(REQUIRED, max_size=size))
        maybe(draw, entry, "notes", OPTIONAL)
        maybe(draw, entry, "sources", cited)
        return entry

    def action(i: int) -> dict[str, Any]:
        entry = {"action": draw(REQUIRED)}
        maybe(draw, entry, "id", st.just(f"A{i}"))  # ids name one action: two are a fault
        maybe(draw, entry, "owner", OPTIONAL)
        maybe(draw, entry, "due", DATES)
        maybe(draw, entry, "status", st.sampled_from(ACTION_STATUSES))
        maybe(draw, entry, "sources", cited)
        return entry

    lists = {
        "participants": lambda: participants,
        "objectives": lambda: draw(st.lists(REQUIRED, max_size=size)),
        "talking_points": lambda: [talking_point() for _ in range(draw(few))],
        "agenda": lambda: [agenda_item() for _ in range(draw(few))],
        "proposals": lambda: [proposal() for _ in range(draw(few))],
        "agreements": lambda: [agreement() for _ in range(draw(few))],
        "actions": lambda: [action(i) for i in range(draw(few))],
        "sources": lambda: sources,
    }
    for key, make in lists.items():
        entries = make()
        if entries or draw(st.booleans()):
            data[key] = entries
    return data


# --- Faults -------------------------------------------------------------------------------------
# Each fault changes the data in place and returns the field a problem must name, with the places
# whose change would undo it (None when it does not apply to this meeting). Every change replaces,
# removes or adds the value at the field it returns.

Fault = tuple[Path_, list[Path_]] | None
SECTIONS = ("participants", "talking_points", "agenda", "proposals", "agreements", "actions")
REQUIRED_KEYS = {
    "participants": "name",
    "talking_points": "point",
    "agenda": "item",
    "proposals": "text",
    "agreements": "title",
    "actions": "action",
    "sources": "id",
}
NOT_DATES = [
    "2025-02-30",
    "2025-13-01",
    "0000-01-01",
    "0999-12-31",
    "2025-5-6",
    "06/05/2025",
    "tomorrow",
    "",
]
NOT_DATES += ["2025-05-06T10:00", "20250506", " "]
NOT_CHOICES = ["", "Agreed", "finished", "post meeting", "maybe", "pre_meeting"]
NOT_TIMES = ["24:00", "9:30", "09:60", "noon", "09:30:00", "", "0930"]
NOT_LANGUAGES = ["xx-YY-zz", "english", "", "e", "../en", "en--GB", "12", "en@../../etc/passwd"]
NOT_ADDRESSES = ["example.org", "ftp://example.org", "https:// example.org", "https:///x", ""]
NOT_ADDRESSES += ["javascript:alert(1)", "file:///etc/passwd", "//example.org"]
NOT_ADDRESSES += ["https://example.org/\u202egpj.exe", "\u2067https://example.org"]
BLANKS = ["", " ", "\t\n", "\u3000\u00a0 "]
UNKNOWN_KEYS = ["titel", "dates", "agenda_item", "comment"]
NOBODY = "Nobody listed"


def values(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every value below the top, with its place."""
    children = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in children:
        yield (*path, key), value
        if isinstance(value, dict | list):
            yield from values(value, (*path, key))


def entries(data: dict[str, Any], *sections: str) -> list[tuple[Path_, dict[str, Any]]]:
    """The mapping entries of the given list sections, with their places."""
    return [
        ((section, i), entry)
        for section in sections
        if isinstance(data.get(section), list)
        for i, entry in enumerate(data[section])
        if isinstance(entry, dict)
    ]


def at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def put(data: Any, path: Path_, value: Any) -> None:
    at(data, path[:-1])[path[-1]] = value


def forbidden_character(draw: Callable, data: dict[str, Any]) -> Fault:
    texts = [(path, v) for path, v in values(data) if isinstance(v, str)]
    path, text = draw(st.sampled_from(texts))
    where = draw(st.integers(0, len(text)))
    put(data, path, text[:where] + draw(st.sampled_from(FORBIDDEN)) + text[where:])
    return path, [path]


def wrong_shape(draw: Callable, data: dict[str, Any]) -> Fault:
    """Text where a list or mapping belongs, a list or mapping where text belongs."""
    path, value = draw(st.sampled_from([(p, v) for p, v in values(data) if v is not None]))
    if isinstance(value, str):
        other = draw(st.sampled_from([[value], {"text": value}]))
    elif isinstance(value, dict) and path[0] in ("talking_points", "agenda"):
        other = ["a list"]  # bare text is a valid talking point or agenda item
    else:
        other = draw(st.sampled_from(["some text", ["a list"] if isinstance(value, dict) else {}]))
    put(data, path, other)
    return path, [path]


def bad_date(draw: Callable, data: dict[str, Any]) -> Fault:
    places = [("date",)] + [
        (*where, "due" if where[0] == "actions" else "date")
        for where, _ in entries(data, "agreements", "actions", "sources")
    ]
    path = draw(st.sampled_from(places))
    put(data, path, draw(st.sampled_from(NOT_DATES)))
    return path, [path]


def bad_choice(draw: Callable, data: dict[str, Any]) -> Fault:
    places = [("kind",)] + [
        (*where, "status") for where, _ in entries(data, "proposals", "agreements", "actions")
    ]
    path = draw(st.sampled_from(places))
    put(data, path, draw(st.sampled_from(NOT_CHOICES)))
    return path, [path]


def bad_time(draw: Callable, data: dict[str, Any]) -> Fault:
    data["time"] = draw(st.sampled_from(NOT_TIMES))
    return ("time",), [("time",)]


def bad_language(draw: Callable, data: dict[str, Any]) -> Fault:
    data["language"] = draw(st.sampled_from(NOT_LANGUAGES))
    return ("language",), [("language",)]


def bad_address(draw: Callable, data: dict[str, Any]) -> Fault:
    sources = data.setdefault("sources", [])
    if not isinstance(sources, list):
        return None
    places = [where for where, _ in entries(data, "sources")]
    if not places:
        sources.append({"id": "web-source", "title": "A web page"})
        places = [("sources", len(sources) - 1)]
    path = (*draw(st.sampled_from(places)), "url")
    put(data, path, draw(st.sampled_from(NOT_ADDRESSES)))
    return path, [path]


def missing_field(draw: Callable, data: dict[str, Any]) -> Fault:
    places = [(), (), ()] + [where for where, _ in entries(data, *REQUIRED_KEYS)]
    where = draw(st.sampled_from(places))
    key = draw(st.sampled_from(["kind", "title", "date"])) if not where else None
    key = key or REQUIRED_KEYS[where[0]]
    mapping = at(data, where)
    if key not in mapping:
        return None
    del mapping[key]
    return (*where, key), [(*where, key)]


def blank_text(draw: Callable, data: dict[str, Any]) -> Fault:
    """Required text left empty (or only white space)."""
    places = [("title",)] + [
        (*where, REQUIRED_KEYS[where[0]]) for where, _ in entries(data, *REQUIRED_KEYS)
    ]
    for section in ("objectives", "talking_points", "agenda"):
        items = data.get(section)
        places += [(section, i) for i, v in enumerate(items or ()) if isinstance(v, str)]
    path = draw(st.sampled_from(places))
    put(data, path, draw(st.sampled_from(BLANKS)))
    return path, [path]


def unknown_field(draw: Callable, data: dict[str, Any]) -> Fault:
    places = [()] + [where for where, _ in entries(data, *SECTIONS, "sources")]
    where = draw(st.sampled_from(places))
    key = draw(st.sampled_from(UNKNOWN_KEYS))
    mapping = at(data, where)
    if key in mapping:
        return None
    mapping[key] = draw(TEXT)
    return (*where, key), [(*where, key)]


def dangling_reference(draw: Callable, data: dict[str, Any]) -> Fault:
    """A proposal by someone not among the participants, or citing an undeclared source."""
    proposals = data.setdefault("proposals", [])
    if not isinstance(proposals, list):
        return None
    path: Path_ = ("proposals", len(proposals))
    if draw(st.booleans()):
        people = [str(v) for _, p in entries(data, "participants") for v in p.values()]
        if NOBODY in people:
            return None
        proposals.append({"text": "Raise the budget", "by": NOBODY})
        return (*path, "by"), [(*path, "by")]
    ids = [str(s.get("id")) for _, s in entries(data, "sources")]
    if "no-such-source" in ids:
        return None
    proposals.append({"text": "Raise the budget", "sources": ["no-such-source"]})
    return (*path, "sources", 0), [(*path, "sources", 0)]


def duplicate_id(draw: Callable, data: dict[str, Any]) -> Fault:
    section = draw(st.sampled_from(["participants", "sources", "proposals", "actions"]))
    items = data.setdefault(section, [])
    if not isinstance(items, list):
        return None
    first, second = len(items), len(items) + 1
    key = {"participants": "name", "sources": "title", "proposals": "text"}.get(section, "action")
    items += [{key: "A", "id": "same-id"}, {key: "B", "id": "same-id"}]
    return (section, second, "id"), [(section, first, "id"), (section, second, "id")]


FAULTS = [
    forbidden_character,
    wrong_shape,
    bad_date,
    bad_choice,
    bad_time,
    bad_language,
    bad_address,
    missing_field,
    blank_text,
    unknown_field,
    dangling_reference,
    duplicate_id,
]


def within(place: Path_, field: Path_) -> bool:
    """Whether `place` is `field` or inside it."""
    return place[: len(field)] == field


@st.composite
def cases(draw: Callable) -> tuple[dict[str, Any], dict[Path_, str]]:
    """A meeting, and in about two cases out of five the faults put into it: {field: fault}.

    Characters documents cannot hold are looked for in the final data rather than tracked here:
    a value may carry one into a new shape."""
    data = draw(meetings())
    faults: dict[Path_, tuple[str, list[Path_]]] = {}
    if draw(st.sampled_from([False, False, False, True, True])):
        for _ in range(draw(st.integers(1, 3))):
            fault = draw(st.sampled_from(FAULTS))
            found = fault(draw, data)
            if found is None:
                continue
            field, places = found
            # A change at or above a place an earlier fault relies on undoes that fault.
            faults = {
                f: (name, before)
                for f, (name, before) in faults.items()
                if not any(within(p, field) for p in before)
            }
            # Inside a value already of the wrong shape, only that value is named.
            if fault is not forbidden_character and not any(within(field, f) for f in faults):
                faults[field] = (fault.__name__, places)
    return data, {field: name for field, (name, _) in faults.items()}


# --- Checks -------------------------------------------------------------------------------------


class _Writing:
    """yaml.safe_dump's representation, writing repeated values out rather than as aliases
    (which meeting files may not use), and text holding a line break other than LF in double
    quotes, where it is escaped (PyYAML reads some of those back as spaces from other styles)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_str(self, data: str) -> yaml.ScalarNode:
        if any(c in data for c in "\x85\u2028\u2029"):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return yaml.SafeDumper.represent_str(self, data)


class _FastDumper(_Writing, yaml.CSafeDumper):
    """libyaml's emitter (which cannot take lone surrogates)."""


class _Dumper(_Writing, yaml.SafeDumper):
    """PyYAML's own emitter, which writes lone surrogates as escapes."""


for _dumper in (_FastDumper, _Dumper):
    _dumper.add_representer(str, _dumper.represent_str)


def write_meeting(folder: Path, data: dict[str, Any]) -> Path:
    """The data as a meeting file, as `yaml.safe_dump(data, allow_unicode=True)` writes it."""
    surrogates = any(isinstance(v, str) and SURROGATE_RE.search(v) for _, v in values(data))
    dumper, loader = (_Dumper, yaml.SafeLoader) if surrogates else (_FastDumper, yaml.CSafeLoader)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)
    assert yaml.load(text, Loader=loader) == data, "PyYAML does not read back its own text"
    path = folder / "meeting.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def person(data: dict[str, Any], ref: str) -> str:
    """How the brief names a participant reference: honorific and name, else the text itself."""
    for p in data.get("participants", []):
        if ref in ((p.get("id") or "").strip() if "id" in p else None, p["name"].strip()):
            return " ".join(x for x in ((p.get("honorific") or "").strip(), p["name"].strip()) if x)
    return ref


def printed(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, text) for every text the brief's body shows, as the reader sees it.

    Plain fields (the meeting's title, location, series, author and time; participants' names,
    honorifics, organisations, sides and roles; agreement kinds and parties; action ids and
    owners; source publishers and URLs) must appear verbatim. Fields the templates render as
    inline Markdown (summary, background, objectives, talking points, agenda items, proposal
    texts, details and responses, agreement titles and notes, action texts, participants'
    titles and notes, source titles) lose their `*`, backticks and link syntax, so for those the
    text their Markdown renders to must appear. White space is compared collapsed, as in HTML.
    What a brief leaves out is not looked for: pre-meeting briefs show only the proposals still
    open and the actions still to do; objectives and talking points only they show. Dates and
    statuses are printed as labels in the brief's language and are not compared.
    """
    shown: list[tuple[str, str]] = []
    pre = data["kind"] == "pre-meeting"

    def plain(field: str, value: Any) -> None:
        if isinstance(value, str):
            shown.append((field, norm(value)))

    def markdown(field: str, value: Any) -> None:
        if isinstance(value, str):
            shown.append((field, norm(markdown_text(value))))

    for key in ("title", "time", "location", "series", "prepared_by"):
        plain(key, data.get(key))
    for key in ("summary", "background"):
        for i, paragraph in enumerate(paragraphs((data.get(key) or "").strip())):
            markdown(f"{key} paragraph {i + 1}", paragraph)
    for i, p in enumerate(data.get("participants", [])):
        for key in ("name", "honorific", "organisation", "side", "role"):
            plain(f"participants[{i}].{key}", p.get(key))
        for key in ("title", "notes"):
            markdown(f"participants[{i}].{key}", p.get(key))
    for i, text in enumerate(data.get("objectives", []) if pre else []):
        markdown(f"objectives[{i}]", text)
    for i, tp in enumerate(data.get("talking_points", []) if pre else []):
        tp = tp if isinstance(tp, dict) else {"point": tp}
        markdown(f"talking_points[{i}]", tp["point"])
        plain(f"talking_points[{i}].by", person(data, tp["by"].strip()) if tp.get("by") else None)
    for i, entry in enumerate(data.get("agenda", [])):
        entry = entry if isinstance(entry, dict) else {"item": entry}
        markdown(f"agenda[{i}]", entry["item"])
        lead = (entry.get("lead") or "").strip()
        plain(f"agenda[{i}].lead", person(data, lead) if lead else None)
    for i, pr in enumerate(data.get("proposals", [])):
        if pre and pr.get("status") in ("agreed", "declined"):
            continue
        for key in ("text", "detail", "response"):
            markdown(f"proposals[{i}].{key}", pr.get(key))
        plain(f"proposals[{i}].by", person(data, pr["by"].strip()) if pr.get("by") else None)
    for i, ag in enumerate(data.get("agreements", [])):
        for key in ("title", "notes"):
            markdown(f"agreements[{i}].{key}", ag.get(key))
        plain(f"agreements[{i}].kind", ag.get("kind"))
        for j, party in enumerate(ag.get("parties", [])):
            plain(f"agreements[{i}].parties[{j}]", party)
    for i, ac in enumerate(data.get("actions", [])):
        if pre and ac.get("status") in ("done", "dropped"):
            continue
        markdown(f"actions[{i}].action", ac["action"])
        for key in ("id", "owner"):
            plain(f"actions[{i}].{key}", ac.get(key))
    for i, source in enumerate(data.get("sources", [])):
        markdown(f"sources[{i}].title", source["title"])
        for key in ("publisher", "url"):
            plain(f"sources[{i}].{key}", source.get(key))
    return shown


FIELD = re.compile(r"[a-z_]+(\.[a-z_]+|\[\d+\])*")
PART = re.compile(r"\.?([a-z_]+)|\[(\d+)\]")


def names_real_place(data: dict[str, Any], problem: briefgen.Problem) -> bool:
    """Whether a problem's field is a place in the data: one that is there, a required field
    missing from a mapping that is there, or the text of a talking point or agenda item given
    as bare text (`talking_points[0].point`)."""
    assert FIELD.fullmatch(problem.field), problem
    parts: list[str | int] = [
        key if key else int(index) for key, index in PART.findall(problem.field)
    ]
    node: Any = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            node = node[part]
        elif last and isinstance(node, dict):
            return problem.message.startswith("required field is missing")
        else:
            return last and isinstance(node, str) and part in ("point", "item")
    return True


def unholdable(data: dict[str, Any]) -> list[Path_]:
    """The places of text holding a character documents cannot hold, or combining marks
    stacked higher than briefgen accepts."""
    return [
        p
        for p, v in values(data)
        if isinstance(v, str) and (FORBIDDEN_RE.search(v) or STACKED_MARKS.search(v))
    ]


def check_refused(
    path: Path, data: dict[str, Any], faults: dict[Path_, str], error: briefgen.InputError
) -> None:
    """Every problem located in the file and naming a real field; every fault named."""
    problems = error.problems
    assert problems, "an InputError with no problems"
    # A lone surrogate reaches the file as an escape (\uD800) that the YAML reader refuses
    # itself: that problem is located in the file but names no field.
    surrogate = any(isinstance(v, str) and SURROGATE_RE.search(v) for _, v in values(data))
    for problem in problems:
        assert problem.path == path and problem.severity == "error", problem
        assert problem.line and problem.column, problem
        assert str(problem).startswith(f"{path}:{problem.line}:{problem.column}: error: "), problem
        if problem.field or not surrogate:
            assert names_real_place(data, problem), f"{problem} names no field of {data!r}"
    named = {p.field for p in problems}
    # Characters documents cannot hold are refused while reading, before any other check: then
    # only those fields are named (a surrogate's escape stops the reading at once).
    held = unholdable(data)
    expected = ([] if surrogate else held) if held else list(faults)
    for field in expected:
        wanted = dotted(field)
        assert any(n == wanted or n.startswith((f"{wanted}.", f"{wanted}[")) for n in named), (
            f"{faults[field]} at {wanted} not named in:\n{error}"
        )


def check_docx(folder: Path, data: dict[str, Any], document: bytes) -> None:
    """The DOCX reopens, its body shows every printed field and its running lines the title
    and the classification."""
    assert zipfile.ZipFile(BytesIO(document)).testzip() is None
    reopened = Document(BytesIO(document))
    path = folder / "meeting.docx"
    path.write_bytes(document)
    body = norm(docx_text(path))
    for field, text in printed(data):
        assert text in body, f"{field}: {text!r} not in the DOCX body:\n{body!r}"
    section = reopened.sections[0]
    footer = norm(" ".join(p.text for p in section.footer.paragraphs))
    header = norm(" ".join(p.text for p in section.header.paragraphs))
    title = data["title"].strip()  # the footer shows at most 80 characters of it
    assert norm(title if len(title) <= 80 else title[:79] + "…") in footer
    assert norm(data.get("classification") or "") in header
    # Word's title property holds at most 255 characters, the rest cut to '…'
    kept = title if len(title) <= 255 else title[:254] + "…"
    assert norm(reopened.core_properties.title) == norm(kept)


def letters(text: str) -> str:
    """The ASCII letters and digits of a text, case folded: what any PDF text extraction
    gives back whatever the fonts (the shipped ones lack CJK and emoji) and the line breaks."""
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFC", text).casefold())


BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def check_pdf(folder: Path, data: dict[str, Any], document: bytes) -> None:
    """The PDF reopens, its metadata carries the title and its text the title's letters (in
    order, unless right-to-left text or direction controls reorder them on the page); and no
    text is lost: the letters of every field the brief prints are all on its pages (counted,
    since tables and page breaks interleave fields in the extracted text)."""
    reader = PdfReader(BytesIO(document))
    assert len(reader.pages) >= 1
    assert reader.metadata is not None and norm(reader.metadata.title or "") == norm(data["title"])
    path = folder / "meeting.pdf"
    path.write_bytes(document)
    text, title = letters(pdf_text(path)), letters(data["title"])
    if BIDI.search(data["title"]) or len(title) > 200:  # reordered, or broken across pages
        assert not Counter(title) - Counter(text), f"{title!r} not in {text!r}"
    else:
        assert title in text, f"{title!r} not in {text!r}"
    shown = Counter(letters("".join({t for _, t in printed(data)})))  # a side heads its group once
    lost = shown - Counter(text)
    assert not lost, f"letters missing from the PDF: {dict(lost)}"


# --- Properties ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("property")


def test_any_meeting_gives_a_docx_or_errors_naming_its_faults(folder: Path) -> None:
    """1,000 meetings through validation; those that load through HTML and DOCX."""
    outcomes: Counter[str] = Counter()

    @repeatable(1000)
    @given(cases())
    @example(  # a participant with an id and no name: a register entry, here without a register
        (
            {
                "kind": "pre-meeting",
                "title": "0",
                "date": "2000-01-01",
                "participants": [{"name": "0"}, {"id": "p1"}],
            },
            {("participants", 1, "name"): "missing_field"},
        )
    )
    def run(case: tuple[dict[str, Any], dict[Path_, str]]) -> None:
        data, faults = case
        path = write_meeting(folder, data)
        try:
            meeting = briefgen.load_meeting(path)
        except briefgen.InputError as e:
            assert faults or unholdable(data), f"meeting data without faults refused:\n{e}"
            check_refused(path, data, faults, e)
            outcomes["refused"] += 1
            return
        assert not faults and not unholdable(data), f"faults not refused: {faults}"
        html = briefgen.render_html(meeting, TEMPLATES)
        check_docx(folder, data, write_docx(html, TEMPLATES))
        outcomes["built"] += 1

    run()
    assert outcomes.total() >= 1000, outcomes
    assert outcomes["built"] >= 500 and outcomes["refused"] >= 150, outcomes


# Where a single unbroken word may stand, and the longest word each place accepts.
WORD_PLACES = {
    "summary": limits.LONG_TEXT_CHARS,
    "actions": limits.TEXT_CHARS,  # a table cell
    "agreements": limits.SHORT_CHARS,  # a party, in a narrow column
    "participants": limits.SHORT_CHARS,
}


@st.composite
def one_word_meetings(draw: Callable) -> dict[str, Any]:
    """A meeting whose one field is a single word of any accepted length, part of it marked up
    (bold across the word's inside), in a place the brief prints it."""
    place = draw(st.sampled_from(sorted(WORD_PLACES)))
    longest = WORD_PLACES[place] - 4  # room for the markup
    size = draw(st.one_of(st.just(longest), st.integers(1, longest)))
    pattern = draw(st.text(st.sampled_from("w0Mi"), min_size=1, max_size=20))
    letters_ = (pattern * (size // len(pattern) + 1))[:size]
    cut = sorted(draw(st.lists(st.integers(0, size), min_size=2, max_size=2)))
    word = letters_[: cut[0]] + "**" + letters_[cut[0] : cut[1]] + "**" + letters_[cut[1] :]
    word = word if cut[0] < cut[1] else letters_
    data: dict[str, Any] = {"kind": "post-meeting", "title": "T", "date": "2025-01-01"}
    if place == "summary":
        data["summary"] = word
    elif place == "actions":
        data["actions"] = [{"action": word}]
    elif place == "agreements":
        data["agreements"] = [{"title": "A", "parties": [letters_]}]
    else:
        data["participants"] = [{"name": letters_}]
    return data


def test_a_word_of_any_accepted_length_reaches_the_pdf_whole(folder: Path) -> None:
    """No text may be lost: WeasyPrint once cut off a long word that crossed markup, and
    dropped most of a word of hundreds of thousands of characters."""

    @repeatable(30)
    @given(one_word_meetings())
    def run(data: dict[str, Any]) -> None:
        meeting = briefgen.load_meeting(write_meeting(folder, data))
        html = briefgen.render_html(meeting, TEMPLATES)
        check_pdf(folder, data, write_pdf(html, TEMPLATES))

    run()


def test_any_meeting_gives_a_pdf(folder: Path) -> None:
    """100 meetings that must load, through HTML and PDF."""
    built = 0

    @repeatable(100)
    @given(meetings(size=2))
    def run(data: dict[str, Any]) -> None:
        nonlocal built
        meeting = briefgen.load_meeting(write_meeting(folder, data))
        html = briefgen.render_html(meeting, TEMPLATES)
        check_pdf(folder, data, write_pdf(html, TEMPLATES))
        built += 1

    run()
    assert built >= 100


BASE = {
    "kind": "post-meeting",
    "title": "Budget review",
    "date": "2025-05-06",
    "proposals": [{"text": "Raise the budget"}],
    "agreements": [{"title": "Memorandum"}],
    "actions": [{"action": "Send the minutes"}],
    "sources": [{"id": "s1", "title": "Minutes"}],
}
CHECKED: list[Path_] = [
    ("kind",),
    ("date",),
    ("time",),
    ("language",),
    ("proposals", 0, "status"),
    ("agreements", 0, "status"),
    ("agreements", 0, "date"),
    ("actions", 0, "due"),
    ("actions", 0, "status"),
    ("sources", 0, "date"),
    ("sources", 0, "url"),
]
NEAR_MISSES = [
    "pre-meeting",
    "Pre-meeting",
    "agreed",
    "in-force",
    "in progress",
    "2024-02-29",
    "2025-02-29",
    "٢٠٢٥-٠٥-٠٦",
    "1٢:3٠",
    "23:59",
    "00:00",
    "7:05",
    "vi-VN",
    "EN",
    "en_US",
    "zh-Hans-CN",
    "root",
    "und",
    "en-US-POSIX",
    "i-klingon",
    "https://example.org/a?b=1&c=2",
    "HTTP://X",
    "ftp://example.org",
    "https:///x",
    "mailto:someone@example.org",
]
# Lone surrogates left out: the YAML reader refuses their escapes before any field is known.
UNHOLDABLE = st.sampled_from([c for c in FORBIDDEN if not SURROGATE_RE.match(c)])
FREE_TEXT = st.one_of(
    st.text(st.one_of(CHARS, UNHOLDABLE)),
    st.sampled_from(NEAR_MISSES),
    DATES,
    TIMES,
    LANGUAGES,
)


def test_any_text_in_a_checked_field_loads_or_is_refused_by_name(folder: Path) -> None:
    """Dates, times, languages, kinds, statuses and web addresses: any text either gives a
    document or is refused with problems that all name that field."""

    @repeatable(300)
    @given(st.sampled_from(CHECKED), FREE_TEXT)
    def run(field: Path_, value: str) -> None:
        data = copy.deepcopy(BASE)
        put(data, field, value)
        path = write_meeting(folder, data)
        try:
            meeting = briefgen.load_meeting(path)
        except briefgen.InputError as e:
            assert {p.field for p in e.problems} == {dotted(field)}, str(e)
            return
        html = briefgen.render_html(meeting, TEMPLATES)
        Document(BytesIO(write_docx(html, TEMPLATES)))

    run()
