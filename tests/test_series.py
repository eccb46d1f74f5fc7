"""Meeting series end to end: three meetings of one series, a register of people, the briefs
they make, the errors a series can have, and the action tracker in every format."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar

from conftest import MINIMAL, briefs, docx_text, pdf_text, reading, run_cli, write_tree

PEOPLE = """\
    - id: nga
      name: Nguyễn Thị Ngà
      honorific: Ms
      title: Director
      organisation: Ministry of Foreign Affairs
      side: Viet Nam
    - id: smith
      name: John Smith
      honorific: Mr
      title: Counsellor
      organisation: Foreign Office
      side: United Kingdom
"""

M1 = """\
    kind: post-meeting
    title: First Round Talks
    date: 2025-01-10
    series: talks
    participants:
      - nga
      - id: smith
        title: Deputy Director
    proposals:
      - id: P1
        text: Open a joint liaison office
        by: nga
        status: proposed
    agreements:
      - title: Memorandum on consular cooperation
        status: signed
    actions:
      - id: A1
        action: Draft the terms of reference
        owner: nga
        due: 2025-02-01
      - id: A2
        action: Share the visa statistics
        owner: smith
        due: 2025-06-01
      - id: A3
        action: Book the venue for round two
        owner: Secretariat
"""

M2 = """\
    kind: pre-meeting
    title: Second Round Preparation
    date: 2025-03-05
    time: "10:00"
    series: talks
    participants:
      - nga
      - smith
    actions:
      - id: A1
        status: done
        note: Adopted by exchange of letters
      - id: A4
        action: Circulate the draft agenda
        owner: nga
        due: 2025-03-01
"""

M3 = """\
    kind: post-meeting
    title: Second Round Talks
    date: 2025-03-05
    time: "10:00"
    series: talks
    participants:
      - nga
      - smith
    proposals:
      - id: P1
        status: agreed
    actions:
      - id: A2
        status: in-progress
        note: Half of the figures sent
"""

SERIES = {"people.yaml": PEOPLE, "inputs/m1.yaml": M1, "inputs/m2.yaml": M2, "inputs/m3.yaml": M3}
M1_DATE, M2_DATE = "January 10, 2025", "March 5, 2025"  # Babel's long English dates
A2_OWNER, NGA = "Mr John Smith", "Ms Nguyễn Thị Ngà"


def at(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """The (line, column) of the `nth` occurrence of `needle` in a fixture as written to disk."""
    found = 0
    for number, line in enumerate(textwrap.dedent(text).splitlines(), 1):
        if needle in line:
            found += 1
            if found == nth:
                return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in the fixture")


def series_tree(root: Path, **changes: str) -> Path:
    """The series fixture under `root`, with files replaced or added ({name: text})."""
    files = dict(SERIES)
    files.update({f"inputs/{name}": text for name, text in changes.items()})
    return write_tree(root, files)


def broken_lines(lines: list[str], broken: str) -> list[str]:
    """The files told that the earlier meeting `inputs/<broken>` has errors."""
    message = f": error: series 'talks': the earlier meeting inputs/{broken} has errors"
    return [line.removesuffix(message) for line in lines if line.endswith(message)]


# ---------------------------------------------------------------------------------------------
# The briefs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = series_tree(tmp_path_factory.mktemp("series"))
    result = run_cli("build", "-f", "pdf,docx", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("3 built, 0 failed\n")
    assert result.stderr == ""
    return root / "output"


READERS = [("pdf", pdf_text), ("docx", docx_text)]


@pytest.mark.parametrize(("suffix", "reader"), READERS, ids=["pdf", "docx"])
def test_pre_meeting_brief_carries_the_open_actions_of_the_series(
    built: Path, suffix: str, reader
) -> None:
    text = reading(reader(built / f"m2.{suffix}"))
    from_m1 = f"From: First Round Talks, {M1_DATE}"
    # A2 and A3, declared at m1, still open: each with where it came from, owner, due, status
    a2 = f"A2 Share the visa statistics {from_m1} {A2_OWNER} June 1, 2025 Open"
    a3 = f"A3 Book the venue for round two {from_m1} Secretariat Open"
    # A4 is this meeting's own (no "From"), due 1 March: overdue at a meeting of 5 March
    a4 = f"A4 Circulate the draft agenda {NGA} March 1, 2025 Open Overdue"
    open_actions = reading(f"Open actions Ref. Action Owner Due Status {a2} {a3} {a4}")
    assert open_actions in text
    # A2 (June) and A3 (no due date) are not overdue; A1 was overdue but is done
    assert text.count(reading("Overdue")) == 1
    assert reading("Draft the terms of reference") not in text[text.index(open_actions) :]


@pytest.mark.parametrize(("suffix", "reader"), READERS, ids=["pdf", "docx"])
def test_pre_meeting_brief_says_what_happened_since_the_last_meeting(
    built: Path, suffix: str, reader
) -> None:
    text = reading(reader(built / f"m2.{suffix}"))
    since = (
        f"Since the last meeting Last meeting: First Round Talks, {M1_DATE} "
        "Agreed there Memorandum on consular cooperation (Signed) "
        "Actions closed since A1 Draft the terms of reference "
        f"(Done; recorded in: Second Round Preparation, {M2_DATE}). "
        "Note: Adopted by exchange of letters"
    )
    assert reading(since) in text
    in_play = (
        f"Proposals in play P1. Open a joint liaison office From: First Round Talks, {M1_DATE} "
        f"Proposed by: {NGA} · Status: Proposed"
    )
    assert reading(in_play) in text


@pytest.mark.parametrize(("suffix", "reader"), READERS, ids=["pdf", "docx"])
def test_post_meeting_summary_shows_its_updates(built: Path, suffix: str, reader) -> None:
    text = reading(reader(built / f"m3.{suffix}"))
    a2 = (
        f"A2 Share the visa statistics From: First Round Talks, {M1_DATE} "
        f"Note: Half of the figures sent {A2_OWNER} June 1, 2025 In progress"
    )
    assert reading(f"Follow-up actions Ref. Action Owner Due Status {a2}") in text
    p1 = f"P1. Open a joint liaison office From: First Round Talks, {M1_DATE}"
    assert reading(f"Proposals {p1} Proposed by: {NGA} · Status: Agreed") in text
    # only its own entries: not the actions it did not touch
    for other in ("Book the venue for round two", "Circulate the draft agenda", "Since the last"):
        assert reading(other) not in text


@pytest.mark.parametrize(("suffix", "reader"), READERS, ids=["pdf", "docx"])
def test_first_summary_shows_its_actions_and_register_people(
    built: Path, suffix: str, reader
) -> None:
    text = reading(reader(built / f"m1.{suffix}"))
    a1 = f"A1 Draft the terms of reference {NGA} February 1, 2025 Open"
    assert reading(a1) in text
    assert "from:" not in text  # nothing in the first meeting comes from an earlier one
    # the register's entry, with the meeting's own title laid over it
    assert reading(f"{A2_OWNER}, Deputy Director, Foreign Office") in text
    assert reading("Counsellor") not in text
    assert reading(f"{NGA}, Director, Ministry of Foreign Affairs") in text


# ---------------------------------------------------------------------------------------------
# Errors


def test_update_of_an_unknown_id_suggests_the_close_one(tmp_path: Path) -> None:
    m2 = M2 + "      - id: A22\n        status: done\n"
    series_tree(tmp_path, **{"m2.yaml": m2})
    line, column = at(m2, "A22")
    result = run_cli("check", "inputs", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"inputs/m2.yaml:{line}:{column}: error: actions[2].id: 'A22' is the id of no "
        "action of an earlier meeting of series 'talks', so this entry needs its 'action' "
        "(did you mean 'A2'?)",
        "inputs/m3.yaml: error: series 'talks': the earlier meeting inputs/m2.yaml has errors",
        "1 valid, 2 failed",
    ]


def test_unknown_proposal_update_says_a_proposal(tmp_path: Path) -> None:
    m3 = M3.replace("- id: P1", "- id: P11")
    series_tree(tmp_path, **{"m3.yaml": m3})
    line, column = at(m3, "P11")
    result = run_cli("check", "inputs", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"inputs/m3.yaml:{line}:{column}: error: proposals[0].id: 'P11' is the id of no "
        "proposal of an earlier meeting of series 'talks', so this entry needs its 'text' "
        "(did you mean 'P1'?)",
        "2 valid, 1 failed",
    ]


def test_one_id_twice_in_one_file(tmp_path: Path) -> None:
    m1 = M1.replace("- id: A3", "- id: A1")
    series_tree(tmp_path, **{"m1.yaml": m1})
    first, _ = at(m1, "- id: A1", 1)
    line, column = at(m1, "- id: A1", 2)
    result = run_cli("check", "inputs/m1.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"inputs/m1.yaml:{line}:{column + 6}: error: actions[2].id: id 'A1' is already used "
        f"on line {first}",
        "0 valid, 1 failed",
    ]


def test_unknown_register_id_suggests_the_close_one(tmp_path: Path) -> None:
    m2 = M2.replace("  - smith", "  - smyth")
    series_tree(tmp_path, **{"m2.yaml": m2})
    line, column = at(m2, "smyth")
    result = run_cli("check", "inputs", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"inputs/m2.yaml:{line}:{column}: error: participants[1]: 'smyth' is not an id in the "
        "register of people (people.yaml) (did you mean 'smith'?)",
        "inputs/m3.yaml: error: series 'talks': the earlier meeting inputs/m2.yaml has errors",
        "1 valid, 2 failed",
    ]


def test_register_given_by_option(tmp_path: Path) -> None:
    series_tree(tmp_path)
    (tmp_path / "people.yaml").rename(tmp_path / "register.yaml")
    result = run_cli("check", "inputs", "--people", "register.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "3 valid, 0 failed\n", "")
    without = run_cli("check", "inputs/m1.yaml", cwd=tmp_path)
    line, column = at(M1, "- nga")
    assert without.returncode == 1
    assert without.stderr.splitlines()[0] == (
        f"inputs/m1.yaml:{line}:{column + 2}: error: participants[0]: 'nga' names no one: "
        "there is no register of people (people.yaml); give the participant's name"
    )


BROKEN_M1 = M1.replace("owner: Secretariat", "ower: Secretariat")  # an unknown field


def test_a_broken_earlier_meeting_fails_the_later_briefs_only(tmp_path: Path) -> None:
    m1 = BROKEN_M1
    series_tree(tmp_path, **{"m1.yaml": m1, "other.yaml": MINIMAL + "series: elsewhere\n"})
    line, column = at(m1, "ower:")
    result = run_cli("build", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "inputs/other.yaml -> output/other.docx\n"
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"inputs/m1.yaml:{line}:{column}: error: actions[2].ower: unknown field "
        "(did you mean 'owner'?)"
    )
    assert lines[-1] == "1 built, 3 failed"
    assert broken_lines(lines, "m1.yaml") == ["inputs/m2.yaml", "inputs/m3.yaml"]
    # (m3 is also told that m2 "has errors", though m2 has none of its own: see
    # test_only_the_broken_meeting_is_named below)
    assert [p.name for p in briefs(tmp_path / "output")] == ["other.docx"]


def test_building_one_later_file_names_the_broken_earlier_one(tmp_path: Path) -> None:
    m1 = BROKEN_M1
    series_tree(tmp_path, **{"m1.yaml": m1})
    line, column = at(m1, "ower:")
    result = run_cli("check", "inputs/m3.yaml", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    # the file asked for, then the broken file it depends on, with its own error
    assert lines[0] == (
        "inputs/m3.yaml: error: series 'talks': the earlier meeting inputs/m1.yaml has errors"
    )
    assert (
        f"inputs/m1.yaml:{line}:{column}: error: actions[2].ower: unknown field "
        "(did you mean 'owner'?)"
    ) in lines
    assert lines[-1].endswith(" failed") and lines[-1].startswith("0 valid, ")


@pytest.mark.parametrize(
    ("target", "summary"),
    [("inputs", "0 valid, 3 failed"), ("inputs/m3.yaml", "0 valid, 2 failed")],
)
def test_only_the_broken_meeting_is_named(tmp_path: Path, target: str, summary: str) -> None:
    series_tree(tmp_path, **{"m1.yaml": BROKEN_M1})
    result = run_cli("check", target, cwd=tmp_path)
    lines = result.stderr.splitlines()
    assert [line for line in lines if "the earlier meeting" in line] == [
        f"inputs/{name}.yaml: error: series 'talks': the earlier meeting inputs/m1.yaml has errors"
        for name in (("m2", "m3") if target == "inputs" else ("m3",))
    ]
    assert lines[-1] == summary


M3_VI = (
    M3.replace("title: Second Round Talks", "title: Vòng đàm phán thứ hai")
    .replace("series: talks", "series: talks\n    language: vi")
    .replace("note: Half of the figures sent", "note: Đã gửi một nửa số liệu")
)


def test_translations_agree_on_statuses(tmp_path: Path) -> None:
    assert (
        run_cli("check", "inputs", cwd=series_tree(tmp_path, **{"m3-vi.yaml": M3_VI})).returncode
        == 0
    )
    vi = M3_VI.replace("status: in-progress", "status: open")
    series_tree(tmp_path, **{"m3-vi.yaml": vi})
    # the files of one step are taken in name order: m3-vi.yaml first, m3.yaml checked against it
    vi_line, _ = at(vi, "status: open")
    line, column = at(M3, "in-progress")
    result = run_cli("check", "inputs", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"inputs/m3.yaml:{line}:{column}: error: actions[0].status: 'in-progress' here but "
        f"'open' in inputs/m3-vi.yaml:{vi_line}; translations of one meeting must agree",
        "3 valid, 1 failed",
    ]


def test_translations_agree_on_due_dates(tmp_path: Path) -> None:
    vi = (
        M1.replace("title: First Round Talks", "title: Vòng đàm phán thứ nhất")
        .replace("series: talks", "series: talks\n    language: vi")
        .replace("due: 2025-02-01", "due: 2025-02-02")
    )
    series_tree(tmp_path, **{"m1-vi.yaml": vi})
    vi_line, _ = at(vi, "2025-02-02")
    line, column = at(M1, "2025-02-01")
    result = run_cli("check", "inputs", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"inputs/m1.yaml:{line}:{column}: error: actions[0].due: '2025-02-01' here but "
        f"'2025-02-02' in inputs/m1-vi.yaml:{vi_line}; translations of one meeting must agree"
    )
    # the later meetings of the series depend on the English file, now broken
    assert broken_lines(lines, "m1.yaml") == ["inputs/m2.yaml", "inputs/m3.yaml"]
    assert lines[-1] == "1 valid, 3 failed"  # m1-vi.yaml itself is valid


# ---------------------------------------------------------------------------------------------
# A single file is read with its folder's files


def test_check_of_one_file_reads_its_series_from_the_folder(tmp_path: Path) -> None:
    series_tree(tmp_path)
    result = run_cli("check", "inputs/m2.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "1 valid, 0 failed\n", "")
    # alone in a folder, its update of A1 updates nothing
    (tmp_path / "alone").mkdir()
    shutil.copy(tmp_path / "inputs/m2.yaml", tmp_path / "alone/m2.yaml")
    line, column = at(M2, "- id: A1")
    alone = run_cli("check", "alone/m2.yaml", cwd=tmp_path)
    assert alone.returncode == 1
    assert alone.stderr.splitlines() == [
        f"alone/m2.yaml:{line}:{column + 6}: error: actions[0].id: 'A1' is the id of no "
        "action of an earlier meeting of series 'talks', so this entry needs its 'action'",
        "0 valid, 1 failed",
    ]


# ---------------------------------------------------------------------------------------------
# The action tracker

# The latest state of each action, worked out from the fixture: A1 done at m2, A2 in progress
# at m3, A3 and A4 open. Default: open and in progress, by due date (none last).
OPEN_ROWS = [
    {
        "series": "talks",
        "id": "A4",
        "action": "Circulate the draft agenda",
        "owner": NGA,
        "due": "2025-03-01",
        "status": "open",
        "note": None,
        "from": "inputs/m2.yaml",
        "from_date": "2025-03-05",
        "updated_in": None,
        "updated_date": None,
    },
    {
        "series": "talks",
        "id": "A2",
        "action": "Share the visa statistics",
        "owner": A2_OWNER,
        "due": "2025-06-01",
        "status": "in-progress",
        "note": "Half of the figures sent",
        "from": "inputs/m1.yaml",
        "from_date": "2025-01-10",
        "updated_in": "inputs/m3.yaml",
        "updated_date": "2025-03-05",
    },
    {
        "series": "talks",
        "id": "A3",
        "action": "Book the venue for round two",
        "owner": "Secretariat",
        "due": None,
        "status": "open",
        "note": None,
        "from": "inputs/m1.yaml",
        "from_date": "2025-01-10",
        "updated_in": None,
        "updated_date": None,
    },
]


@pytest.fixture(scope="module")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return series_tree(tmp_path_factory.mktemp("tracker"))


def actions_cli(root: Path, *args: str) -> tuple[int, bytes]:
    """Run `briefgen actions inputs ARGS -o out`; the exit status and the file written."""
    out = root / "out"
    out.unlink(missing_ok=True)
    result = run_cli("actions", "inputs", *args, "-o", str(out), cwd=root)
    assert result.stderr == ""
    return result.returncode, out.read_bytes()


def test_actions_json(tracked: Path) -> None:
    code, data = actions_cli(tracked, "--format", "json", "--as-of", "2025-04-01")
    assert code == 0
    rows = json.loads(data)
    overdue = {"A4": True, "A2": False, "A3": False}  # only A4 was due before 1 April
    assert rows == [{**r, "overdue": overdue[r["id"]]} for r in OPEN_ROWS]


def test_actions_csv(tracked: Path) -> None:
    code, data = actions_cli(tracked, "--format", "csv", "--as-of", "2025-04-01")
    assert code == 0
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
    assert b"\r\n" in data
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [
        "series", "id", "action", "owner", "due", "status", "overdue", "note",
        "from", "from_date", "updated_in", "updated_date",
    ]  # fmt: skip
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["id"] for r in records] == ["A4", "A2", "A3"]
    assert records[0]["owner"] == "Ms Nguyễn Thị Ngà"
    assert [r["overdue"] for r in records] == ["yes", "no", "no"]
    assert [r["due"] for r in records] == ["2025-03-01", "2025-06-01", ""]
    assert records[1]["updated_in"] == "inputs/m3.yaml"
    assert records[1]["note"] == "Half of the figures sent"


def test_actions_ics_read_by_two_libraries(tracked: Path) -> None:
    code, data = actions_cli(tracked, "--format", "ics", "--as-of", "2025-04-01")
    assert code == 0
    expected = [
        ("talks/A4", date(2025, 3, 1), "NEEDS-ACTION", "Circulate the draft agenda"),
        ("talks/A2", date(2025, 6, 1), "IN-PROCESS", "Share the visa statistics"),
        ("talks/A3", None, "NEEDS-ACTION", "Book the venue for round two"),
    ]
    calendar = Calendar.from_ical(data)
    todos = calendar.walk("VTODO")
    assert [
        (
            str(t["UID"]),
            t.decoded("DUE") if "DUE" in t else None,
            str(t["STATUS"]),
            str(t["SUMMARY"]),
        )
        for t in todos
    ] == expected
    assert f"Owner: {NGA}" in str(todos[0]["DESCRIPTION"])
    assert "Last updated: inputs/m3.yaml (2025-03-05)" in str(todos[1]["DESCRIPTION"])

    parsed = vobject.readOne(data.decode("utf-8"))
    assert [
        (
            t.uid.value,
            t.due.value if hasattr(t, "due") else None,
            t.status.value,
            t.summary.value,
        )
        for t in parsed.vtodo_list
    ] == expected


def test_actions_overdue_as_of(tracked: Path) -> None:
    code, data = actions_cli(tracked, "--format", "json", "--overdue", "--as-of", "2025-04-01")
    assert (code, [r["id"] for r in json.loads(data)]) == (0, ["A4"])
    code, data = actions_cli(tracked, "--format", "json", "--overdue", "--as-of", "2025-07-01")
    assert (code, [r["id"] for r in json.loads(data)]) == (0, ["A4", "A2"])
    # on the due date itself an action is not yet overdue
    code, data = actions_cli(tracked, "--format", "json", "--overdue", "--as-of", "2025-03-01")
    assert (code, json.loads(data)) == (0, [])


def test_actions_fail_on_overdue(tracked: Path) -> None:
    # A1 was due on 1 February but is done; A4 falls due on 1 March
    code, data = actions_cli(tracked, "--fail-on-overdue", "--as-of", "2025-02-15")
    assert code == 0
    assert data.decode().endswith("3 actions, 0 overdue as of 2025-02-15\n")
    code, data = actions_cli(tracked, "--fail-on-overdue", "--as-of", "2025-04-01")
    assert code == 1
    assert data.decode().endswith("3 actions, 1 overdue as of 2025-04-01\n")


def test_actions_status_and_owner_filters(tracked: Path) -> None:
    _, data = actions_cli(tracked, "--format", "json", "--status", "done", "--as-of", "2025-04-01")
    assert json.loads(data) == [
        {
            "series": "talks",
            "id": "A1",
            "action": "Draft the terms of reference",
            "owner": NGA,
            "due": "2025-02-01",
            "status": "done",
            "overdue": False,
            "note": "Adopted by exchange of letters",
            "from": "inputs/m1.yaml",
            "from_date": "2025-01-10",
            "updated_in": "inputs/m2.yaml",
            "updated_date": "2025-03-05",
        }
    ]
    _, data = actions_cli(tracked, "--format", "json", "--owner", "NGÀ")
    assert [r["id"] for r in json.loads(data)] == ["A4"]
    _, data = actions_cli(tracked, "--format", "json", "--owner", "smith", "--status", "open")
    assert json.loads(data) == []  # A2 is in progress
    _, data = actions_cli(tracked, "--format", "json", "--status", "open,done")
    assert [r["id"] for r in json.loads(data)] == ["A1", "A4", "A3"]
    _, data = actions_cli(tracked, "--format", "json", "--series", "elsewhere")
    assert json.loads(data) == []


def test_actions_python_api_gives_the_same_rows(tracked: Path, monkeypatch) -> None:
    from briefgen.tracker import actions

    monkeypatch.chdir(tracked)  # the register in the working folder, paths as the CLI gives them
    tracker = actions(["inputs"], as_of=date(2025, 4, 1))
    assert tracker.problems == []
    got = [
        {
            "id": r.id,
            "owner": r.owner,
            "due": r.due.isoformat() if r.due else None,
            "status": r.status,
            "note": r.note,
            "from": str(r.origin),
            "updated_in": str(r.updated) if r.updated else None,
        }
        for r in tracker.rows
    ]
    assert got == [{k: row[k] for k in got[0]} for row in OPEN_ROWS]
    assert [r.uid for r in tracker.rows] == ["talks/A4", "talks/A2", "talks/A3"]
    assert [r.id for r in tracker.overdue] == ["A4"]
    done = actions(["inputs"], statuses=("done",), owner="ngà", as_of=date(2025, 4, 1))
    assert [(r.id, r.updated, r.updated_date) for r in done.rows] == [
        ("A1", Path("inputs/m2.yaml"), date(2025, 3, 5))
    ]


def test_actions_without_ids_get_distinct_uids(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "inputs/a.yaml": MINIMAL
            + "series: s\nactions:\n  - action: Write the minutes\n  - action: Book a room\n"
        },
    )
    result = run_cli("actions", "inputs", "--format", "ics", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    todos = Calendar.from_ical(result.stdout.encode()).walk("VTODO")
    assert sorted(str(t["SUMMARY"]) for t in todos) == ["Book a room", "Write the minutes"]
    assert len({str(t["UID"]) for t in todos}) == 2


def test_series_title_prints_instead_of_the_id_and_later_meetings_inherit_it(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "inputs/m1.yaml": """\
                kind: post-meeting
                title: First round
                date: 2025-03-04
                series: round-table
                series_title: The Round Table
                """,
            "inputs/m2.yaml": """\
                kind: pre-meeting
                title: Second round
                date: 2025-06-04
                series: round-table
                """,
            "inputs/m2-vi.yaml": """\
                kind: pre-meeting
                title: Vòng hai
                date: 2025-06-04
                series: round-table
                language: vi
                series_title: Bàn tròn
                """,
            "inputs/other.yaml": """\
                kind: pre-meeting
                title: Elsewhere
                date: 2025-06-04
                series: other-talks
                """,
        },
    )
    result = run_cli("build", "inputs", "-f", "html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = {
        name: re.findall(r'<p class="brief-meta">([^<]*: [^<]*)</p>', html)
        for name in ("m1", "m2", "m2-vi", "other")
        for html in [(tmp_path / "output" / f"{name}.html").read_text(encoding="utf-8")]
    }
    assert shown == {
        "m1": ["Series: The Round Table"],
        "m2": ["Series: The Round Table"],  # inherited from the meeting before, in English
        "m2-vi": ["Chuỗi cuộc họp: Bàn tròn"],  # its own, in Vietnamese
        "other": ["Series: other-talks"],  # no title given: the id
    }
