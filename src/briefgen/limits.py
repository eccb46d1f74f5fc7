"""The limits any accepted meeting stays within, so that every brief builds in seconds; each is
measured against the slowest layout (the PDF's tables), with room to spare (see the README)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .yaml_source import Loc, texts

# The PDF is what takes time: WeasyPrint lays out about four pages of tables a second here, and
# a word wider than its column (in a narrow one, any long word) costs it time that grows with
# the square of the cell's text. The worst layout measured, narrow columns of long words, runs
# at about 0.4 ms a character; these limits keep any accepted meeting within about 25 s.

# Characters of the summary or the background: a few pages of prose each.
LONG_TEXT_CHARS = 10_000
LONG_TEXT_FIELDS = {"summary", "background"}
# Characters of any other descriptive field (an objective, an action, a note): a long paragraph.
TEXT_CHARS = 2_000
# Characters of a name, id, reference, the meeting's title or another short field: they fill
# narrow table columns (and the title, the title block).
SHORT_CHARS = 200
# Characters of a web address: long enough for any link a reader could follow.
URL_CHARS = 500
# Entries of one list (actions, proposals…): a table row costs the PDF about 20 ms.
LIST_ENTRIES = 500
# Entries of all lists together, so that a meeting cannot fill every list to the brim at once.
ALL_ENTRIES = 1_000
# Entries of a list inside an entry (an agreement's parties, an entry's sources): one cell.
INNER_ENTRIES = 10
# Characters of text in the whole meeting: the proxy for the brief's length (40–50 pages of
# tables, a hundred of prose).
TOTAL_CHARS = 50_000
# Markup characters in one field: inline Markdown is parsed field by field.
FIELD_MARKUP = 1_000
# Markup characters in the whole meeting: each marked-up span is a box the PDF lays out (~1 ms).
TOTAL_MARKUP = 5_000
# Bytes of a Jinja template, stylesheet or labels file (like a meeting file).
TEMPLATE_TEXT_BYTES = 1024 * 1024
# Bytes of a font, image or reference.docx: a font with every CJK glyph is about 20 MB.
TEMPLATE_ASSET_BYTES = 32 * 1024 * 1024
# Bytes of a PDF annex, read whole to be counted and bound into a pack.
ANNEX_BYTES = 64 * 1024 * 1024

MARKUP = re.compile(r"[*_`\[<]")  # the characters that open inline Markdown
MARKUP_NAMES = "* _ ` [ <"
# Fields printed as they are (no Markdown), all short: names, ids, references, kinds, places.
SHORT_FIELDS = {"name", "id", "honorific", "organisation", "side", "role", "by", "lead", "kind"}
SHORT_FIELDS |= {"status", "date", "due", "owner", "parties", "publisher", "time", "location"}
SHORT_FIELDS |= {"series", "language", "classification", "prepared_by", "sources", "apologies"}
SHORT_FIELDS |= {"release_classification", "internal"}
SHORT_TOP = {"title"}  # the meeting's own title is a short field; an entry's title is text
LISTS = ("participants", "objectives", "talking_points", "agenda", "proposals", "agreements")
LISTS += ("actions", "sources", "apologies", "annexes")
LISTS += ("summary", "background")  # text, or paragraphs

Located = list[tuple[Loc, str]]


def limit_problems(data: dict[str, Any]) -> Located:
    """Where raw meeting data goes past a limit, as (location, message) pairs."""
    found = list(texts(data))
    problems = _list_problems(data) + _field_problems(found)
    total = sum(len(text) for _, text in found)
    if total > TOTAL_CHARS:
        message = f"{total:,} characters of text; a meeting holds at most {TOTAL_CHARS:,}"
        problems.append(((), message))
    markup = sum(_markup(loc, text) for loc, text in found)
    if markup > TOTAL_MARKUP:
        message = f"{markup:,} markup characters ({MARKUP_NAMES}); a meeting holds at most "
        problems.append(((), message + f"{TOTAL_MARKUP:,}"))
    return problems


def field_problems(data: Any) -> Located:
    """Where a text of raw data (a meeting, a register) is longer than its field holds."""
    return _field_problems(texts(data))


def _field_problems(found: Iterable[tuple[Loc, str]]) -> Located:
    return [problem for loc, text in found for problem in _text_problems(loc, text)]


def _list_problems(data: dict[str, Any]) -> Located:
    problems: Located = []
    total = 0
    for section in LISTS:
        entries = data.get(section)
        if not isinstance(entries, list):
            continue
        total += len(entries)
        problems += _too_many((section,), entries, LIST_ENTRIES)
        for i, entry in enumerate(entries):
            for key in ("parties", "sources") if isinstance(entry, dict) else ():
                problems += _too_many((section, i, key), entry.get(key), INNER_ENTRIES)
    if total > ALL_ENTRIES:
        message = f"{total:,} entries in all lists; a meeting holds at most {ALL_ENTRIES:,}"
        problems.append(((), message))
    return problems


def _too_many(loc: Loc, entries: Any, limit: int) -> Located:
    if isinstance(entries, list) and len(entries) > limit:
        return [(loc, f"{len(entries):,} entries; a list holds at most {limit:,}")]
    return []


def _text_problems(loc: Loc, text: str) -> Located:
    if loc and loc[-1] == "url":
        limit, what = URL_CHARS, "a web address"
    elif _is_short(loc):
        limit, what = SHORT_CHARS, "a short field"
    elif loc[-1] in LONG_TEXT_FIELDS:
        limit, what = LONG_TEXT_CHARS, f"the {loc[-1]}"
    else:
        limit, what = TEXT_CHARS, "a text field"
    problems: Located = []
    if len(text) > limit:
        problems.append((loc, f"{len(text):,} characters; {what} holds at most {limit:,}"))
    markup = _markup(loc, text)
    if markup > FIELD_MARKUP:
        message = f"{markup:,} markup characters ({MARKUP_NAMES}); a field holds at most "
        problems.append((loc, message + f"{FIELD_MARKUP:,}"))
    return problems


def _is_short(loc: Loc) -> bool:
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return True
    return names[-1] in SHORT_FIELDS or (len(names) == 1 and names[-1] in SHORT_TOP)


def _markup(loc: Loc, text: str) -> int:
    """Markup characters of a field that takes inline Markdown (short fields do not)."""
    return 0 if _is_short(loc) or loc[-1] == "url" else len(MARKUP.findall(text))
