"""End to end: the real `briefgen` command on real YAML, outputs read back as a reader would."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from briefgen import load_meeting
from briefgen.people import load_register

from conftest import (
    EXAMPLES,
    MINIMAL,
    PEOPLE,
    briefs,
    copy_examples,
    docx_text,
    pdf_text,
    reading,
    run_cli,
    write_tree,
)

SUMMARY, BRIEF = "vn-uk-reception-summary", "vn-uk-reception-brief"
VIETNAMESE = "vn-uk-reception-summary-vi"
LATER_ROUND = "vn-uk-dialogue-4-brief"  # a later meeting of the same series
READERS = [("pdf", pdf_text), ("docx", docx_text)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples, built once by the real command, in all three formats."""
    root = tmp_path_factory.mktemp("examples")
    copy_examples(root)
    result = run_cli("build", "--format", "docx,pdf,html", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"{len(list(EXAMPLES.glob('*.yaml')))} built, 0 failed\n")
    return root / "output"


def expected_texts(name: str) -> list[str]:
    """Every participant, proposal, agreement and action the brief of `name` must show."""
    meeting = load_meeting(EXAMPLES / f"{name}.yaml", load_register(PEOPLE))
    texts = [p.name for p in meeting.participants]
    texts += [p.text for p in meeting.proposals] + [a.title for a in meeting.agreements]
    texts += [a.action for a in meeting.actions] + [t.point for t in meeting.talking_points]
    texts = [t for t in texts if t]  # an update of an earlier action may leave out its text
    texts += meeting.objectives
    return [t.replace("**", "") for t in texts]  # as shown: Markdown emphasis is formatting


@pytest.mark.parametrize("name", [SUMMARY, BRIEF, VIETNAMESE, LATER_ROUND])
@pytest.mark.parametrize(("suffix", "reader"), READERS, ids=["pdf", "docx"])
def test_every_item_reaches_the_document(built: Path, name: str, suffix: str, reader) -> None:
    text = reader(built / f"{name}.{suffix}")
    expected = expected_texts(name)
    assert len(expected) > 10
    missing = [t for t in expected if reading(t) not in reading(text)]
    assert missing == []


@pytest.mark.parametrize(("suffix", "reader"), READERS, ids=["pdf", "docx"])
def test_diacritics_survive(built: Path, suffix: str, reader) -> None:
    text = reader(built / f"{SUMMARY}.{suffix}")
    assert "General Lương Tam Quang" in text
    assert "Hà Nội" in text
    assert "Viet Nam–UK" in text


@pytest.mark.parametrize("name", [SUMMARY, BRIEF, VIETNAMESE, LATER_ROUND])
def test_both_formats_carry_the_same_words_in_the_same_order(built: Path, name: str) -> None:
    html = lxml.html.parse(str(built / f"{name}.html"))
    headers = tuple(
        " ".join(th.text_content() for th in tr.iter("th")) for tr in html.iter("thead")
    )
    header = tuple(p.text_content() for p in html.xpath("//div[@class='page-header']/p"))
    pdf = reading(pdf_text(built / f"{name}.pdf"), headers, header)
    docx = reading(docx_text(built / f"{name}.docx"))
    assert len(pdf) > 2000
    assert pdf == docx


def test_title_disagreement_is_recorded(built: Path) -> None:
    text = reading(docx_text(built / f"{SUMMARY}.docx"))
    for variant in (
        "UK Home Secretary",
        "British Minister of State for the Home Office",
        "the UK Home Office's Permanent Secretary",
    ):
        assert reading(variant) in text


def test_post_meeting_in_the_order_of_minutes_pre_meeting_leads_with_objectives(
    built: Path,
) -> None:
    def headings(name: str) -> list[str]:
        return [h.text_content() for h in lxml.html.parse(str(built / f"{name}.html")).iter("h2")]

    assert headings(SUMMARY) == [
        "Participants",
        "Outcome",
        "Proposals",
        "Agreements",
        "Follow-up actions",
        "Sources",
    ]
    assert headings(BRIEF) == [
        "Objectives",
        "Summary",
        "Participants",
        "Background",
        "Agenda",
        "Talking points",
        "Proposals in play",
        "Agreements",
        "Open actions",
    ]


def test_a_bad_input_fails_alone(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "inputs/a-good.yaml": MINIMAL,
            "inputs/b-bad.yaml": MINIMAL.replace("date: 2025-05-06", "date: 6 May"),
            "inputs/c-good.yaml": MINIMAL,
        },
    )
    result = run_cli("build", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "inputs/b-bad.yaml:3:7: error: date: expected a date as YYYY-MM-DD, got '6 May'",
        "2 built, 1 failed",
    ]
    assert sorted(p.name for p in briefs(tmp_path / "output")) == ["a-good.docx", "c-good.docx"]


def test_a_failing_rebuild_keeps_the_previous_output(tmp_path: Path) -> None:
    write_tree(tmp_path, {"inputs/m.yaml": MINIMAL})
    assert run_cli("build", cwd=tmp_path).returncode == 0
    before = {p.name: p.read_bytes() for p in briefs(tmp_path / "output")}
    write_tree(tmp_path, {"inputs/m.yaml": MINIMAL + "participants: nobody\n"})
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "inputs/m.yaml:4:15: error: participants: expected a list, got text" in result.stderr
    after = {p.name: p.read_bytes() for p in briefs(tmp_path / "output")}
    assert after == before  # same files, same bytes, no temporary files left


def test_several_problems_in_one_file_are_all_reported(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "m.yaml": """\
        kind: post
        title: Review
        date: 2025-13-01
        participants:
          - name: Ana
            titel: Director
        proposals:
          - text: Cut costs
            by: Anna
    """
        },
    )
    result = run_cli("check", "m.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "m.yaml:1:7: error: kind: 'post' is not one of: pre-meeting, post-meeting",
        "m.yaml:3:7: error: date: '2025-13-01' is not a date in the calendar",
        "m.yaml:6:5: error: participants[0].titel: unknown field (did you mean 'title'?)",
        "m.yaml:9:9: error: proposals[0].by: 'Anna' is not a participant listed under"
        " 'participants' (did you mean 'Ana'?)",
        "0 valid, 1 failed",
    ]
    assert "Traceback" not in result.stderr


LOOKALIKE_IDS = f"""\
{MINIMAL}participants:
  - {{id: to_lam, name: Tô Lâm}}
  - {{id: quang, name: Lương Tam Quang}}
agenda:
  - {{item: Welcome, lead: qaung}}
  - {{item: Migration, lead: quang}}
actions:
  - {{action: Draft the plan, owner: to_lam2}}
  - {{action: Share the data, owner: Ministry of Public Security}}
  - {{action: Reply, owner: secretariat}}
"""


def test_an_owner_or_lead_close_to_a_participants_id_is_a_warning(tmp_path: Path) -> None:
    """Free text and ids far from any participant's pass; a likely slip is pointed at."""
    write_tree(tmp_path, {"inputs/m.yaml": LOOKALIKE_IDS})
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "inputs/m.yaml:8:27: warning: agenda[0].lead: 'qaung' is not a participant's id or "
        "name (did you mean 'quang'?)",
        "inputs/m.yaml:11:37: warning: actions[0].owner: 'to_lam2' is not a participant's id "
        "or name (did you mean 'to_lam'?)",
    ]
    strict = run_cli("build", "--format", "html", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1] == "1 built, 0 failed, 2 warnings (--strict)"


APOLOGIES = """\
participants:
  - quang
apologies:
  - ridley
  - Nguyễn Văn A
  - {name: Jane Roe, title: Director of Returns, organisation: UK Home Office}
background: Relations between the two ministries.
"""


@pytest.mark.parametrize(
    ("kind", "language", "heading"),
    [("post-meeting", "en", "Apologies"), ("pre-meeting", "vi", "Vắng mặt (có lý do)")],
)
@pytest.mark.parametrize(("suffix", "reader"), READERS, ids=["pdf", "docx"])
def test_apologies_follow_the_participants(
    tmp_path: Path, kind: str, language: str, heading: str, suffix: str, reader
) -> None:
    """A register id is the register's person; a name or a mapping is printed as written."""
    meeting = MINIMAL.replace("post-meeting", kind) + f"language: {language}\n" + APOLOGIES
    write_tree(tmp_path, {"inputs/m.yaml": meeting})
    shutil.copy(PEOPLE, tmp_path / PEOPLE.name)
    result = run_cli("build", "--format", suffix, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = reading(reader(tmp_path / "output" / f"m.{suffix}"))
    participant = reading("General Lương Tam Quang, Minister of Public Security")
    apologies = reading(
        f"{heading} Mr Simon Ridley, Permanent Secretary, UK Home Office Nguyễn Văn A "
        "Jane Roe, Director of Returns, UK Home Office"
    )
    assert -1 < text.find(participant) < text.find(apologies)


def test_check_validates_without_writing(tmp_path: Path) -> None:
    write_tree(tmp_path, {"inputs/m.yaml": MINIMAL})
    result = run_cli("check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "1 valid, 0 failed\n")
    assert not (tmp_path / "output").exists()


def test_format_and_output_options(tmp_path: Path) -> None:
    write_tree(tmp_path, {"notes/m.yaml": MINIMAL})
    result = run_cli("build", "notes/m.yaml", "-o", "out/briefs", "--format", "html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["notes/m.yaml -> out/briefs/m.html", "1 built, 0 failed"]
    assert [p.name for p in briefs(tmp_path / "out/briefs")] == ["m.html"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "missing"], "missing: error: no such file or folder"),
        (["build", "-f", "odt"], "'odt': give one or more of docx, pdf, html, comma-separated"),
        (["check", "empty"], "empty: error: no meeting files (*.yaml, *.yml) in this folder"),
        (["build", "--templates", "nowhere"], "nowhere: error: templates folder not found"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    write_tree(tmp_path, {"inputs/m.yaml": MINIMAL})
    (tmp_path / "empty").mkdir()
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help(tmp_path: Path) -> None:
    from briefgen import __version__

    assert run_cli("--version", cwd=tmp_path).stdout == f"briefgen, version {__version__}\n"
    help_text = run_cli("build", "--help", cwd=tmp_path).stdout
    assert "--format" in help_text and "--templates" in help_text and "--output" in help_text
