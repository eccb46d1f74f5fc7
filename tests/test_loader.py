"""Loading a meeting: every rule of the format, checked through the exact lines a user sees."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from briefgen.errors import InputError
from briefgen.loader import load_meeting
from briefgen.model import AgendaItem, Meeting, TalkingPoint

# Three lines, so the first line of a body added after it is line 4.
HEAD = "kind: post-meeting\ntitle: Budget review\ndate: 2025-05-06\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in tmp_path so problems read `m.yaml:…`, as users see them."""
    monkeypatch.chdir(tmp_path)


def write(text: str) -> Path:
    path = Path("m.yaml")
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(text: str) -> Meeting:
    return load_meeting(write(text))


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as e:
        load(text)
    return [str(p) for p in e.value.problems]


# --- Valid meetings ----------------------------------------------------------------------------


def test_minimal_meeting_loads_with_defaults() -> None:
    meeting = load(HEAD)
    assert (meeting.kind, meeting.title, meeting.date) == (
        "post-meeting",
        "Budget review",
        date(2025, 5, 6),
    )
    assert meeting.language == "en"
    assert meeting.time is None
    assert meeting.participants == [] and meeting.proposals == [] and meeting.sources == []


def test_path_may_be_given_as_text() -> None:
    write(HEAD)
    assert load_meeting("m.yaml").title == "Budget review"


def test_every_date_becomes_a_date() -> None:
    meeting = load(
        HEAD
        + textwrap.dedent(
            """\
            agreements:
              - title: MoU on migration
                date: 2024-11-30
            actions:
              - action: Send the minutes
                due: 2025-06-01
            sources:
              - id: s1
                title: Press report
                date: '2025-05-07'
            """
        )
    )
    assert meeting.date == date(2025, 5, 6)
    assert meeting.agreements[0].date == date(2024, 11, 30)
    assert meeting.actions[0].due == date(2025, 6, 1)
    assert meeting.sources[0].date == date(2025, 5, 7)


@pytest.mark.parametrize("typed", ["10:00", "'10:00'", "00:00", "23:59"])
def test_time_stays_the_text_typed(typed: str) -> None:
    assert load(HEAD + f"time: {typed}\n").time == typed.strip("'")


@pytest.mark.parametrize(
    ("code", "canonical"),
    [("en", "en"), ("vi", "vi"), ("fr", "fr"), ("en-GB", "en-GB"), ("EN-gb", "en-GB")],
)
def test_known_languages(code: str, canonical: str) -> None:
    assert load(HEAD + f"language: {code}\n").language == canonical


def test_by_may_name_a_participant_by_name_or_by_id() -> None:
    meeting = load(
        HEAD
        + textwrap.dedent(
            """\
            participants:
              - name: Alice Smith
                id: alice
            proposals:
              - text: Open a visa desk
                by: Alice Smith
              - text: Share data
                by: alice
            talking_points:
              - point: Thanks
                by: alice
            """
        )
    )
    assert [meeting.participant(p.by).name for p in meeting.proposals] == [
        "Alice Smith",
        "Alice Smith",
    ]
    assert meeting.participant(meeting.talking_points[0].by).id == "alice"


def test_talking_points_and_agenda_accept_bare_text_or_mappings() -> None:
    meeting = load(
        HEAD
        + textwrap.dedent(
            """\
            participants:
              - name: Alice
                id: a
            talking_points:
              - Welcome the delegation
              - point: Confirm the results
                by: a
            agenda:
              - Opening
              - item: Results
                lead: a
            """
        )
    )
    assert meeting.talking_points == [
        TalkingPoint(point="Welcome the delegation"),
        TalkingPoint(point="Confirm the results", by="a"),
    ]
    assert meeting.agenda == [AgendaItem(item="Opening"), AgendaItem(item="Results", lead="a")]


def test_empty_flow_list_is_an_empty_list() -> None:
    meeting = load(HEAD + "participants: []\nobjectives: []\n")
    assert (meeting.participants, meeting.objectives) == ([], [])


def test_empty_values_mean_not_given() -> None:
    meeting = load(HEAD + "participants:\nactions: ~\nlocation:\ntime: null\n")
    assert (meeting.participants, meeting.actions) == ([], [])
    assert (meeting.location, meeting.time) == (None, None)


def test_malformed_ids_are_reported_not_crashed_on() -> None:
    text = (
        HEAD + "participants:\n  - name: A\n    id: [a]\nsources:\n  - id: {x: 1}\n    title: T\n"
    )
    assert problems(text) == [
        "m.yaml:6:9: error: participants[0].id: expected text, got a list",
        "m.yaml:8:9: error: sources[0].id: expected text, got a mapping",
    ]


def test_a_date_that_is_not_text() -> None:
    assert problems("kind: post-meeting\ntitle: T\ndate: [x]\n") == [
        "m.yaml:3:7: error: date: expected a date as YYYY-MM-DD, got a list"
    ]


def test_text_is_trimmed_and_yaml_1_1_words_stay_text() -> None:
    meeting = load(HEAD + "location: '  Hanoi  '\nclassification: NO\nseries: 0123\n")
    assert (meeting.location, meeting.classification, meeting.series) == ("Hanoi", "NO", "0123")


def test_duplicate_ids_across_sections_are_fine() -> None:
    meeting = load(
        HEAD + "participants:\n  - name: Alice\n    id: x\nsources:\n  - id: x\n    title: Report\n"
    )
    assert meeting.participants[0].id == meeting.sources[0].id == "x"


# --- Problems, one rule at a time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "title: T\ndate: 2025-05-06\n",
            ["m.yaml:1:1: error: kind: required field is missing"],
            id="kind",
        ),
        pytest.param(
            "kind: post-meeting\ndate: 2025-05-06\n",
            ["m.yaml:1:1: error: title: required field is missing"],
            id="title",
        ),
        pytest.param(
            "kind: post-meeting\ntitle: T\n",
            ["m.yaml:1:1: error: date: required field is missing"],
            id="date",
        ),
        pytest.param(
            "# Draft\n\nkind: post-meeting\ndate: 2025-05-06\n",
            ["m.yaml:3:1: error: title: required field is missing"],
            id="at-start-of-document",
        ),
        pytest.param(
            HEAD + "participants:\n  - role: host\n",
            ["m.yaml:5:5: error: participants[0].name: required field is missing"],
            id="participant-name",
        ),
        pytest.param(
            HEAD + "participants:\n  - id: a\n",
            [
                "m.yaml:5:5: error: participants[0].name: required field is missing: 'a' names "
                "no one: there is no register of people (people.yaml); give the participant's name"
            ],
            id="participant-name-or-register-id",
        ),
        pytest.param(
            HEAD + "proposals:\n  - status: agreed\n",
            ["m.yaml:5:5: error: proposals[0].text: required field is missing"],
            id="proposal-text",
        ),
        pytest.param(
            HEAD + "agreements:\n  - kind: MoU\n",
            ["m.yaml:5:5: error: agreements[0].title: required field is missing"],
            id="agreement-title",
        ),
        pytest.param(
            HEAD + "actions:\n  - owner: Alice\n",
            ["m.yaml:5:5: error: actions[0].action: required field is missing"],
            id="action-action",
        ),
        pytest.param(
            HEAD + "sources:\n  - title: Report\n",
            ["m.yaml:5:5: error: sources[0].id: required field is missing"],
            id="source-id",
        ),
        pytest.param(
            HEAD + "sources:\n  - id: s1\n    publisher: VNA\n",
            ["m.yaml:5:5: error: sources[0].title: required field is missing"],
            id="source-title",
        ),
    ],
)
def test_missing_required_field(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "titel: x\n",
            "m.yaml:4:1: error: titel: unknown field (did you mean 'title'?)",
            id="top-hint",
        ),
        pytest.param("colour: red\n", "m.yaml:4:1: error: colour: unknown field", id="top"),
        pytest.param(
            "participants:\n  - name: A\n    organization: MPS\n",
            "m.yaml:6:5: error: participants[0].organization: unknown field"
            " (did you mean 'organisation'?)",
            id="participant-hint",
        ),
        pytest.param(
            "participants:\n  - name: A\n    phone: '123'\n",
            "m.yaml:6:5: error: participants[0].phone: unknown field",
            id="participant",
        ),
        pytest.param(
            "agenda:\n  - item: Opening\n    leader: A\n",
            "m.yaml:6:5: error: agenda[0].leader: unknown field (did you mean 'lead'?)",
            id="agenda-hint",
        ),
        pytest.param(
            "talking_points:\n  - point: P\n    speaker: A\n",
            "m.yaml:6:5: error: talking_points[0].speaker: unknown field",
            id="talking-point",
        ),
        pytest.param(
            "proposals:\n  - text: P\n    stauts: agreed\n",
            "m.yaml:6:5: error: proposals[0].stauts: unknown field (did you mean 'status'?)",
            id="proposal-hint",
        ),
        pytest.param(
            "sources:\n  - id: s\n    title: S\n    publsher: VNA\n",
            "m.yaml:7:5: error: sources[0].publsher: unknown field (did you mean 'publisher'?)",
            id="source-hint",
        ),
    ],
)
def test_unknown_field_is_reported_at_its_key(body: str, expected: str) -> None:
    assert problems(HEAD + body) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "kind: pre-meting\ntitle: T\ndate: 2025-05-06\n",
            "m.yaml:1:7: error: kind: 'pre-meting' is not one of: pre-meeting, post-meeting"
            " (did you mean 'pre-meeting'?)",
            id="kind-hint",
        ),
        pytest.param(
            "kind: banana\ntitle: T\ndate: 2025-05-06\n",
            "m.yaml:1:7: error: kind: 'banana' is not one of: pre-meeting, post-meeting",
            id="kind",
        ),
        pytest.param(
            HEAD + "proposals:\n  - text: P\n    status: agred\n",
            "m.yaml:6:13: error: proposals[0].status: 'agred' is not one of:"
            " proposed, agreed, declined, deferred, noted (did you mean 'agreed'?)",
            id="proposal-status",
        ),
        pytest.param(
            HEAD + "agreements:\n  - title: MoU\n    status: singed\n",
            "m.yaml:6:13: error: agreements[0].status: 'singed' is not one of:"
            " signed, in-force, under-negotiation, proposed (did you mean 'signed'?)",
            id="agreement-status",
        ),
        pytest.param(
            HEAD + "actions:\n  - action: A\n    status: don\n",
            "m.yaml:6:13: error: actions[0].status: 'don' is not one of:"
            " open, in-progress, done, dropped (did you mean 'done'?)",
            id="action-status",
        ),
        pytest.param(
            HEAD + "actions:\n  - action: A\n    status: [done]\n",
            "m.yaml:6:13: error: actions[0].status: expected one of:"
            " open, in-progress, done, dropped; got a list",
            id="action-status-list",
        ),
    ],
)
def test_value_outside_the_choices(text: str, expected: str) -> None:
    assert problems(text) == [expected]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("4 March", "expected a date as YYYY-MM-DD, got '4 March'"),
        ("2025-02-30", "'2025-02-30' is not a date in the calendar"),
        ("NO", "expected a date as YYYY-MM-DD, got 'NO'"),
        ("2025-3-4", "expected a date as YYYY-MM-DD, got '2025-3-4'"),
    ],
)
def test_bad_meeting_date(typed: str, message: str) -> None:
    assert problems(f"kind: post-meeting\ntitle: T\ndate: {typed}\n") == [
        f"m.yaml:3:7: error: date: {message}"
    ]


def test_bad_nested_date() -> None:
    assert problems(HEAD + "actions:\n  - action: A\n    due: soon\n") == [
        "m.yaml:6:10: error: actions[0].due: expected a date as YYYY-MM-DD, got 'soon'"
    ]


@pytest.mark.parametrize("typed", ["25:00", "10h", "9:30", "10:60"])
def test_bad_time(typed: str) -> None:
    assert problems(HEAD + f"time: {typed}\n") == [
        "m.yaml:4:7: error: time: expected a 24-hour time as HH:MM or a range HH:MM–HH:MM, "
        f"got '{typed}'"
    ]


def test_unknown_language() -> None:
    assert problems(HEAD + "language: xx\n") == [
        "m.yaml:4:11: error: language: unknown language 'xx' (use a code such as en, vi, fr)"
    ]


@pytest.mark.parametrize("code", ["klingon", "en-", "en_GB"])
def test_malformed_language(code: str) -> None:
    assert problems(HEAD + f"language: {code}\n") == [
        f"m.yaml:4:11: error: language: '{code}' is not a language tag such as en, en-GB, vi, pt-BR"
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "participants: Alice\n",
            "m.yaml:4:15: error: participants: expected a list, got text",
            id="text-for-list",
        ),
        pytest.param(
            "objectives: Win\n",
            "m.yaml:4:13: error: objectives: expected a list, got text",
            id="text-for-list-of-text",
        ),
        pytest.param(
            "participants:\n  name: Alice\n",
            "m.yaml:5:3: error: participants: expected a list, got a mapping",
            id="mapping-for-list",
        ),
        pytest.param(
            "proposals:\n  - text: P\n    sources: s1\nsources:\n  - id: s1\n    title: S\n",
            "m.yaml:6:14: error: proposals[0].sources: expected a list, got text",
            id="text-for-sources",
        ),
        pytest.param(
            "participants:\n  - name: A\n    title: [Minister, Member]\n",
            "m.yaml:6:12: error: participants[0].title: expected text, got a list",
            id="list-for-text",
        ),
        pytest.param(
            "summary:\n  outcome: good\n",
            "m.yaml:5:3: error: summary: expected text or a list of paragraphs, got a mapping",
            id="mapping-for-text",
        ),
        pytest.param(
            "language: [en]\n",
            "m.yaml:4:11: error: language: expected text, got a list",
            id="list-for-language",
        ),
        pytest.param(
            "objectives:\n  - {a: 1}\n",
            "m.yaml:5:5: error: objectives[0]: expected text, got a mapping",
            id="mapping-for-text",
        ),
        pytest.param(
            "agenda:\n  - [Opening]\n",
            "m.yaml:5:5: error: agenda[0]: expected a mapping of fields, got a list",
            id="list-for-mapping",
        ),
    ],
)
def test_wrong_shape(body: str, expected: str) -> None:
    assert problems(HEAD + body) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "kind: post-meeting\ntitle: ''\ndate: 2025-05-06\n",
            "m.yaml:2:8: error: title: must not be empty",
            id="title",
        ),
        pytest.param(
            "kind: post-meeting\ntitle: '   '\ndate: 2025-05-06\n",
            "m.yaml:2:8: error: title: must not be empty",
            id="title-blank",
        ),
        pytest.param(
            HEAD + "participants:\n  - name: ''\n",
            "m.yaml:5:11: error: participants[0].name: must not be empty",
            id="participant-name",
        ),
        pytest.param(
            HEAD + "objectives:\n  - Win\n  - ''\n",
            "m.yaml:6:5: error: objectives[1]: must not be empty",
            id="list-item",
        ),
    ],
)
def test_empty_text(text: str, expected: str) -> None:
    assert problems(text) == [expected]


# --- Cross-references --------------------------------------------------------------------------

PEOPLE = "participants:\n  - name: Alice\n    id: a\n"  # lines 4-6 after HEAD


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "proposals:\n  - text: P\n    by: Alise\n",
            "m.yaml:9:9: error: proposals[0].by: 'Alise' is not a participant listed under"
            " 'participants' (did you mean 'Alice'?)",
            id="proposal-hint",
        ),
        pytest.param(
            "proposals:\n  - text: P\n    by: Zed\n",
            "m.yaml:9:9: error: proposals[0].by: 'Zed' is not a participant listed under"
            " 'participants'",
            id="proposal",
        ),
        pytest.param(
            "talking_points:\n  - Hello\n  - point: P\n    by: Bob\n",
            "m.yaml:10:9: error: talking_points[1].by: 'Bob' is not a participant listed under"
            " 'participants'",
            id="talking-point",
        ),
    ],
)
def test_by_must_name_a_participant(body: str, expected: str) -> None:
    assert problems(HEAD + PEOPLE + body) == [expected]


SOURCES = "sources:\n  - id: news1\n    title: Report\n"  # lines 4-6 after HEAD


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ("participants:\n  - name: A\n", "participants[0]"),
        ("proposals:\n  - text: P\n", "proposals[0]"),
        ("agreements:\n  - title: MoU\n", "agreements[0]"),
        ("actions:\n  - action: Call\n", "actions[0]"),
    ],
    ids=["participant", "proposal", "agreement", "action"],
)
def test_cited_sources_must_be_declared(entry: str, field: str) -> None:
    text = HEAD + SOURCES + entry + "    sources: [news1, news2, press]\n"
    assert problems(text) == [
        f"m.yaml:9:22: error: {field}.sources[1]: 'news2' is not a source declared under"
        " 'sources' (did you mean 'news1'?)",
        f"m.yaml:9:29: error: {field}.sources[2]: 'press' is not a source declared under 'sources'",
    ]


def test_duplicate_participant_ids() -> None:
    text = HEAD + PEOPLE + "  - name: Bob\n    id: b\n  - name: Carol\n    id: a\n"
    assert problems(text) == [
        "m.yaml:10:9: error: participants[2].id: id 'a' is already used on line 6"
    ]


def test_duplicate_source_ids() -> None:
    text = HEAD + SOURCES + "  - id: news1\n    title: Another report\n"
    assert problems(text) == [
        "m.yaml:7:9: error: sources[1].id: id 'news1' is already used on line 5"
    ]


# --- Whole files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "got"),
    [
        ("- kind: post-meeting\n- title: T\n", "a list"),
        ("just a sentence\n", "text"),
        ("'kind: post-meeting'\n", "text"),
    ],
)
def test_file_that_is_not_a_mapping(text: str, got: str) -> None:
    assert problems(text) == [
        f"m.yaml:1:1: error: expected a meeting (kind, title, date, …), got {got}"
    ]


def test_yaml_problems_are_reported_without_validating() -> None:
    # The duplicate key alone is reported: the missing date is not looked at.
    assert problems("kind: post-meeting\ntitle: A\ntitle: B\n") == [
        "m.yaml:3:1: error: title: duplicate key 'title' (first on line 2)"
    ]


def test_empty_file() -> None:
    assert problems("# nothing yet\n") == [
        "m.yaml:1:1: error: file is empty; expected a meeting (kind, title, date, …)"
    ]


def test_every_problem_is_reported_sorted_by_line() -> None:
    text = """\
        kind: pre-meting
        date: 2025-02-30
        proposals:
          - text: Visa desk
            by: Bob
            sources: [s1]
        participants:
          - name: Alice
            id: a
            organization: MPS
          - name: Carol
            id: a
        time: 25:00
        """
    assert problems(text) == [
        "m.yaml:1:1: error: title: required field is missing",
        "m.yaml:1:7: error: kind: 'pre-meting' is not one of: pre-meeting, post-meeting"
        " (did you mean 'pre-meeting'?)",
        "m.yaml:2:7: error: date: '2025-02-30' is not a date in the calendar",
        "m.yaml:5:9: error: proposals[0].by: 'Bob' is not a participant listed under"
        " 'participants'",
        "m.yaml:6:15: error: proposals[0].sources[0]: 's1' is not a source declared under"
        " 'sources'",
        "m.yaml:10:5: error: participants[0].organization: unknown field"
        " (did you mean 'organisation'?)",
        "m.yaml:12:9: error: participants[1].id: id 'a' is already used on line 9",
        "m.yaml:13:7: error: time: expected a 24-hour time as HH:MM or a range HH:MM–HH:MM, "
        "got '25:00'",
    ]


def test_input_error_message_lists_every_line() -> None:
    with pytest.raises(InputError) as e:
        load("kind: post-meeting\n")
    assert str(e.value) == (
        "m.yaml:1:1: error: title: required field is missing\n"
        "m.yaml:1:1: error: date: required field is missing"
    )


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "www.example.org"])
def test_source_url_must_be_a_web_address(url: str) -> None:
    text = MEETING_WITH_SOURCE.format(url=url)
    assert problems(text) == [
        f"m.yaml:6:11: error: sources[0].url: expected a web address (http:// or https://), "
        f"got '{url}'"
    ]


MEETING_WITH_SOURCE = """\
kind: post-meeting
title: T
date: 2025-01-01
sources:
  - {{id: s, title: Report,
     url: "{url}"}}
"""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "0999-12-31", "'0999-12-31' is before the year 1000"),
        ("date", "٢٠٢٥-٠٥-٠٦", "expected a date as YYYY-MM-DD, got '٢٠٢٥-٠٥-٠٦'"),
        ("time", "1٢:3٠", "expected a 24-hour time as HH:MM or a range HH:MM–HH:MM, got '1٢:3٠'"),
    ],
)
def test_dates_and_times_take_ascii_digits_and_four_digit_years(
    field: str, value: str, message: str
) -> None:
    text = "kind: post-meeting\ntitle: T\ndate: 2025-01-01\n".replace("date: 2025-01-01", "")
    text += f"date: {value if field == 'date' else '2025-01-01'}\n"
    text += f"time: '{value}'\n" if field == "time" else ""
    [line] = problems(text)
    assert line.endswith(f"error: {field}: {message}")
