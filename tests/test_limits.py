"""Inputs at and past briefgen's limits, through the real command: the input just past each limit
is refused with its exact error line, and the largest accepted input of the heavy families
builds; links live only for web and mail addresses, in every format; language tags and output
names that are portable for real; signals and a closed standard output. (How long inputs take
is measured by `benchmarks/pathological.py`, not asserted here.)"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import unicodedata
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from pypdf import PdfReader
from test_hostile_inputs import build as hostile_build

from briefgen import limits

from conftest import (
    BRIEFGEN,
    EXAMPLES,
    MINIMAL,
    briefs,
    copy_examples,
    docx_text,
    pdf_text,
    run_cli,
    write_tree,
)

HEAD = "kind: {kind}\ntitle: Limits\ndate: 2025-03-04\n"


def meeting(kind: str = "post-meeting", **lists: list[str]) -> str:
    """A meeting file with the given lists, one flow-mapping or text entry a line."""
    text = HEAD.format(kind=kind)
    for name, entries in lists.items():
        text += f"{name}:\n" + "".join(f"  - {entry}\n" for entry in entries)
    return text


def run(tmp_path: Path, text: str, *args: str) -> tuple[int, list[str]]:
    """`briefgen ARGS inputs/m.yaml` on a meeting file; the exit status and the error lines."""
    root = write_tree(tmp_path, {"inputs/m.yaml": text})
    result = run_cli(*args, "inputs/m.yaml", cwd=root)
    assert "Traceback" not in result.stderr
    return result.returncode, [line for line in result.stderr.splitlines() if ": error: " in line]


def build(tmp_path: Path, text: str, formats: str) -> Path:
    root = write_tree(tmp_path, {"inputs/m.yaml": text})
    result = run_cli("build", "inputs/m.yaml", "-o", "out", "-f", formats, cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "out"


def links(start: int, count: int) -> str:
    return " ".join(f"[{i}](https://e.io/{i})" for i in range(start, start + count))


def test_a_field_with_too_many_links_is_refused(tmp_path: Path) -> None:
    summary = " ".join(f"[a]({i})" for i in range(limits.FIELD_MARKUP + 1))
    text = HEAD.format(kind="post-meeting") + f"summary: {json.dumps(summary)}\n"
    code, errors = run(tmp_path, text, "check")
    assert code == 1
    assert errors == [
        "inputs/m.yaml:4:10: error: summary: 1,001 markup characters (* _ ` [ <); "
        "a field holds at most 1,000"
    ]


def test_the_most_links_a_meeting_holds_become_word_hyperlinks(tmp_path: Path) -> None:
    objectives = [
        json.dumps(links(i * 4, 4)) for i in range(limits.LIST_ENTRIES)
    ]  # 2,000 distinct links
    out = build(tmp_path, meeting("pre-meeting", objectives=objectives), "docx")
    with zipfile.ZipFile(out / "m.docx") as docx:
        rels = docx.read("word/_rels/document.xml.rels").decode()
    assert rels.count('TargetMode="External"') == 2_000
    assert 'Target="https://e.io/1999"' in rels


def test_one_objective_past_the_list_limit_is_refused(tmp_path: Path) -> None:
    objectives = [f"Objective {i}" for i in range(limits.LIST_ENTRIES + 1)]
    code, errors = run(tmp_path, meeting("pre-meeting", objectives=objectives), "check")
    assert code == 1
    assert errors == ["inputs/m.yaml:5:3: error: objectives: 501 entries; a list holds at most 500"]


def test_the_longest_list_of_objectives_builds_both_formats(tmp_path: Path) -> None:
    objectives = [f"Objective number {i} of the meeting" for i in range(limits.LIST_ENTRIES)]
    out = build(tmp_path, meeting("pre-meeting", objectives=objectives), "docx,pdf")
    assert (out / "m.docx").stat().st_size > 0
    assert (out / "m.pdf").read_bytes().startswith(b"%PDF")


def test_an_entry_citing_past_the_limit_is_refused(tmp_path: Path) -> None:
    cited = ", ".join(["s1"] * (limits.INNER_ENTRIES + 1))
    text = meeting(sources=["{id: s1, title: S}"], actions=[f"{{action: A, sources: [{cited}]}}"])
    code, errors = run(tmp_path, text, "check")
    assert code == 1
    assert errors == [
        "inputs/m.yaml:7:26: error: actions[0].sources: 11 entries; a list holds at most 10"
    ]


def test_the_last_source_cited_from_every_entry_gets_its_number(tmp_path: Path) -> None:
    sources = [f"{{id: s{i}, title: S{i}}}" for i in range(limits.LIST_ENTRIES)]
    cited = ", ".join(["s499"] * limits.INNER_ENTRIES)
    actions = [f"{{action: A{i}, sources: [{cited}]}}" for i in range(limits.LIST_ENTRIES)]
    out = build(tmp_path, meeting(sources=sources, actions=actions), "html")
    html = (out / "m.html").read_text()
    # numbers joined by a no-break space: a citation never breaks inside
    assert html.count('<sup class="cite">[' + ",\u00a0".join(["500"] * 10) + "]</sup>") == 500


def test_every_unknown_by_is_reported_once_each(tmp_path: Path) -> None:
    participants = [f"{{id: person{i}, name: Person Number {i}}}" for i in range(500)]
    points = [f"{{point: P, by: Person Numbr {i}}}" for i in range(500)]
    text = meeting("pre-meeting", participants=participants, talking_points=points)
    code, errors = run(tmp_path, text, "check")
    assert code == 1
    assert len(errors) == 500
    assert errors[7] == (
        "inputs/m.yaml:513:20: error: talking_points[7].by: 'Person Numbr 7' is not a participant "
        "listed under 'participants' (did you mean 'Person Number 7'?)"
    )


def test_a_talking_point_past_all_lists_limit_is_refused(tmp_path: Path) -> None:
    participants = [f"{{id: p{i}, name: N{i}}}" for i in range(500)]
    points = [f"{{point: P, by: p{i % 500}}}" for i in range(501)]
    text = meeting("pre-meeting", participants=participants, talking_points=points)
    code, errors = run(tmp_path, text, "check")
    assert code == 1
    assert errors == [
        "inputs/m.yaml:1:1: error: 1,001 entries in all lists; a meeting holds at most 1,000",
        "inputs/m.yaml:506:3: error: talking_points: 501 entries; a list holds at most 500",
    ]


def test_a_very_long_unknown_by_is_quoted_short(tmp_path: Path) -> None:
    text = meeting("pre-meeting", participants=["{name: A}"], talking_points=["{point: P, by: X}"])
    text = text.replace("by: X", "by: " + "x" * 150_000)
    code, errors = run(tmp_path, text, "check")
    assert code == 1
    assert errors == [
        "inputs/m.yaml:1:1: error: 150,029 characters of text; a meeting holds at most 50,000",
        "inputs/m.yaml:7:20: error: talking_points[0].by: 150,000 characters; "
        "a short field holds at most 200",
        "inputs/m.yaml:7:20: error: talking_points[0].by: '" + "x" * 80 + "…' is not a "
        "participant listed under 'participants'",
    ]


def test_runs_of_markup_are_refused(tmp_path: Path) -> None:
    text = HEAD.format(kind="post-meeting") + "summary: {}\nbackground: {}\n"
    text = text.format(json.dumps("*_" * 2_000), json.dumps("**[" * 100 + "<a" * 900))
    code, errors = run(tmp_path, text, "check")
    assert code == 1
    assert errors == [
        "inputs/m.yaml:1:1: error: 5,200 markup characters (* _ ` [ <); "
        "a meeting holds at most 5,000",
        "inputs/m.yaml:4:10: error: summary: 4,000 markup characters (* _ ` [ <); "
        "a field holds at most 1,000",
        "inputs/m.yaml:5:13: error: background: 1,200 markup characters (* _ ` [ <); "
        "a field holds at most 1,000",
    ]


def test_a_field_of_markup_at_the_limit_builds(tmp_path: Path) -> None:
    summary = "*_`[<" * (limits.FIELD_MARKUP // 5)
    text = HEAD.format(kind="post-meeting") + f"summary: {json.dumps(summary)}\n"
    out = build(tmp_path, text, "docx,html")
    assert (out / "m.docx").stat().st_size > 0


def test_a_field_past_its_length_is_refused(tmp_path: Path) -> None:
    text = meeting(actions=["{action: " + "a " * 1_000 + "b}"])
    code, errors = run(tmp_path, text, "check")
    assert code == 1
    assert errors == [
        "inputs/m.yaml:5:14: error: actions[0].action: 2,001 characters; "
        "a text field holds at most 2,000"
    ]


def test_a_meeting_past_the_total_text_is_refused(tmp_path: Path) -> None:
    notes = ["{action: " + "word " * 399 + "end}"] * 26  # 1,999 characters each
    code, errors = run(tmp_path, meeting(actions=notes), "check")
    assert code == 1
    assert errors == [
        "inputs/m.yaml:1:1: error: 51,976 characters of text; a meeting holds at most 50,000"
    ]


def test_one_action_past_the_limit_is_refused(tmp_path: Path) -> None:
    actions = [f"{{action: Action {i}, owner: O}}" for i in range(limits.LIST_ENTRIES + 1)]
    code, errors = run(tmp_path, meeting(actions=actions), "build", "-f", "docx")
    assert code == 1
    assert errors == ["inputs/m.yaml:5:3: error: actions: 501 entries; a list holds at most 500"]


def test_the_most_actions_and_proposals_build(tmp_path: Path) -> None:
    actions = [f"{{action: Action {i}, owner: O, due: 2025-01-01}}" for i in range(500)]
    proposals = [f"{{text: Proposal {i}, by: p, response: R}}" for i in range(499)]
    text = meeting(participants=["{id: p, name: P}"], actions=actions, proposals=proposals)
    out = build(tmp_path, text, "docx")
    assert (out / "m.docx").stat().st_size > 0


def test_a_huge_sparse_font_is_refused_unread(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": HEAD.format(kind="post-meeting")})
    (root / "templates" / "fonts").mkdir(parents=True)
    with open(root / "templates" / "fonts" / "Huge.ttf", "wb") as f:
        f.truncate(1024**3)
    result = run_cli("build", "inputs", "-o", "out", cwd=root)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [
        "templates/fonts/Huge.ttf: error: is 1,073,741,824 bytes; "
        "a template file of this kind holds at most 33,554,432 bytes"
    ]
    assert not (root / "out").exists()


def test_a_huge_template_is_refused_unread(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": HEAD.format(kind="post-meeting")})
    (root / "templates").mkdir()
    with open(root / "templates" / "brief.css", "wb") as f:
        f.truncate(limits.TEMPLATE_TEXT_BYTES + 1)
    result = run_cli("build", "inputs", "-o", "out", "-f", "html", cwd=root)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [
        "templates/brief.css: error: is 1,048,577 bytes; "
        "a template file of this kind holds at most 1,048,576 bytes"
    ]


def test_a_date_of_digits_is_one_short_line(tmp_path: Path) -> None:
    text = HEAD.format(kind="post-meeting").replace("2025-03-04", "9" * 900_000)
    code, errors = run(tmp_path, text, "check")
    assert code == 1
    assert errors == [
        "inputs/m.yaml:1:1: error: 900,018 characters of text; a meeting holds at most 50,000",
        "inputs/m.yaml:3:7: error: date: 900,000 characters; a short field holds at most 200",
        "inputs/m.yaml:3:7: error: date: expected a date as YYYY-MM-DD, got '" + "9" * 80 + "…'",
    ]
    assert os.path.getsize(tmp_path / "inputs" / "m.yaml") < 1024 * 1024


# --- Links ------------------------------------------------------------------------------------

LIVE = [
    ("[report](https://example.org/report)", "report", "https://example.org/report"),
    ("[desk](mailto:desk@example.org)", "desk", "mailto:desk@example.org"),
    ("<https://example.org/auto>", "https://example.org/auto", "https://example.org/auto"),
    ("[caps](HTTPS://EXAMPLE.ORG/CAPS)", "caps", "HTTPS://EXAMPLE.ORG/CAPS"),
]
# What was typed, and what the reader sees instead of a link: the text as typed (Markdown's
# backslash escapes aside: `\\host` is `\host`).
DEAD = [
    ("[share](smb://host/share)", None),
    ("[unc](\\\\host\\share)", "[unc](\\host\\share)"),
    ("[word](ms-word:ofe|u|http://example.org/x.docx)", None),
    ("[file](file:///etc/passwd)", None),
    ("[js](javascript:alert(1))", None),
    ("[escaped](%66ile:///etc/passwd)", None),
    ("[tab](java%09script:alert(1))", None),
    ("[notes](notes.pdf)", None),
    ("[passwd](/etc/passwd)", None),
    ("[jump](#sources)", None),
    ("[hostless](https:///etc/passwd)", None),
    ("[nearly](//example.org/x)", None),
    ("<smb://host/auto>", None),
]


def linked_meeting() -> str:
    """A meeting whose summary has one paragraph of live links, then one per dead link."""
    paragraphs = ["Live: " + ", ".join(typed for typed, _, _ in LIVE) + "."]
    paragraphs += [f"Dead {i}: {typed}" for i, (typed, _) in enumerate(DEAD)]
    summary = "".join(f"  {p}\n\n" for p in paragraphs)
    return MINIMAL + "summary: |\n" + summary


def pdf_links(path: Path) -> list[str]:
    """The target of every link annotation on every page: its /URI, or '#' for a link within
    the document."""
    found = []
    for page in PdfReader(path).pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation["/A"].get_object() if "/A" in annotation else {}
            found.append(str(action["/URI"]) if "/URI" in action else "#")
    return found


def docx_external_targets(path: Path) -> list[str]:
    """The target of every external relationship of every part of the package."""
    targets = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith(".rels"):
                for rel in etree.fromstring(package.read(name)):
                    if rel.get("TargetMode") == "External":
                        targets.append(rel.get("Target"))
    return targets


def docx_anchors(path: Path) -> list[str]:
    """The internal targets (`w:anchor`) of the document's hyperlinks."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return [link.get(f"{w}anchor") for link in body.iter(f"{w}hyperlink") if link.get(f"{w}anchor")]


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_only_web_and_mail_links_are_live_in_every_format(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": linked_meeting()})
    run = hostile_build(root, "inputs", "-f", "docx,pdf,html")
    assert run.code == 0, run.stderr
    output = root / "output"
    live = [href for _, _, href in LIVE]
    html = lxml.html.parse(str(output / "m.html"))
    assert [a.get("href") for a in html.iter("a")] == live
    assert sorted(pdf_links(output / "m.pdf")) == sorted(live)
    assert sorted(docx_external_targets(output / "m.docx")) == sorted(live)
    assert docx_anchors(output / "m.docx") == []
    docx, pdf = one_line(docx_text(output / "m.docx")), one_line(pdf_text(output / "m.pdf"))
    shown = [f"Dead {i}: {typed if seen is None else seen}" for i, (typed, seen) in enumerate(DEAD)]
    shown.append("Live: " + ", ".join(label for _, label, _ in LIVE) + ".")
    assert [s for s in shown if s not in docx] == []
    assert [s for s in shown if s not in pdf] == []


TEMPLATE_LINKS = """\
{% extends "builtin/post-meeting.html.j2" %}
{% block content %}{{ super() }}
<h2 id="template-links">Template links</h2>
<p><a href="file:///etc/passwd">T-file</a> <a href="notes.pdf">T-relative</a>
<a href="#template-links">T-fragment</a> <a href=" java&#9;script:alert(1)">T-script</a>
<a href="smb://host/share">T-smb</a> <a href="ht tps://example.org/x">T-spaced</a>
<a href="https://example.org/template">T-web</a></p>
{% endblock %}
"""


def test_a_template_link_leads_only_to_the_web_mail_or_within_the_brief(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {"inputs/m.yaml": MINIMAL, "templates/post-meeting.html.j2": TEMPLATE_LINKS},
    )
    run = hostile_build(root, "inputs")
    assert run.code == 0, run.stderr
    output = root / "output"
    assert sorted(pdf_links(output / "m.pdf")) == ["#", "https://example.org/template"]
    assert docx_external_targets(output / "m.docx") == ["https://example.org/template"]
    assert docx_anchors(output / "m.docx") == []  # `#id` stays plain text in Word
    words = ["T-file", "T-relative", "T-fragment", "T-script", "T-smb", "T-spaced", "T-web"]
    expected = " ".join(words)
    assert expected in one_line(docx_text(output / "m.docx"))
    assert expected in one_line(pdf_text(output / "m.pdf"))


# --- Addresses that read backwards ------------------------------------------------------------

DIRECTION_CONTROLS = {
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\u061c": "arabic letter mark",
}
SOURCE = MINIMAL + 'sources:\n  - id: s\n    title: Report\n    url: "{url}"\n'


@pytest.mark.parametrize("control", list(DIRECTION_CONTROLS), ids=lambda c: f"U+{ord(c):04X}")
def test_a_direction_control_in_an_address_is_refused(tmp_path: Path, control: str) -> None:
    url = f"https://example.org/{control}gpj.exe"
    root = write_tree(tmp_path, {"m.yaml": SOURCE.format(url=url)})
    result = run_cli("check", "m.yaml", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"m.yaml:7:10: error: sources[0].url: contains the character U+{ord(control):04X} "
        f"({DIRECTION_CONTROLS[control]}), which changes the order an address is shown in; "
        "remove it",
        "0 valid, 1 failed",
    ]


def test_an_address_among_right_to_left_text_is_shown_left_to_right(tmp_path: Path) -> None:
    meeting = SOURCE.format(url="https://example.org/report/2025").replace(
        "title: Report", "title: تقرير الاجتماع\n    publisher: وكالة الأنباء"
    )
    root = write_tree(tmp_path, {"inputs/m.yaml": meeting})
    bad = meeting.replace("/report/2025", "/\u202egpj.exe")
    write_tree(root, {"inputs/bad.yaml": bad})
    run = hostile_build(root, "inputs", "-f", "docx,pdf,html")
    assert run.errors == [
        "inputs/bad.yaml:8:10: error: sources[0].url: contains the character U+202E "
        "(right-to-left override), which changes the order an address is shown in; remove it"
    ]
    html = (root / "output" / "m.html").read_text(encoding="utf-8")
    assert (
        '<bdi dir="ltr"><a href="https://example.org/report/2025">'
        "https://example.org/report/2025</a></bdi>"
    ) in html
    assert "https://example.org/report/2025" in docx_text(root / "output" / "m.docx")
    assert "https://example.org/report/2025" in pdf_text(root / "output" / "m.pdf")
    assert pdf_links(root / "output" / "m.pdf") == ["https://example.org/report/2025"]  # once
    assert not (root / "output" / "bad.pdf").exists()


# --- Language tags ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag", ["en@../../../../etc/passwd", "en_GB", "english", "en-", "en-GB-x-private", "e"]
)
def test_a_language_that_is_no_tag_is_refused(tmp_path: Path, tag: str) -> None:
    root = write_tree(tmp_path, {"m.yaml": MINIMAL + f"language: '{tag}'\n"})
    result = run_cli("check", "m.yaml", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"m.yaml:4:11: error: language: '{tag}' is not a language tag such as en, en-GB, vi, pt-BR",
        "0 valid, 1 failed",
    ]


def test_a_well_formed_tag_of_no_known_language_is_refused(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"m.yaml": MINIMAL + "language: tlh\n"})
    result = run_cli("check", "m.yaml", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "m.yaml:4:11: error: language: unknown language 'tlh' (use a code such as en, vi, fr)"
    )


def test_a_language_tag_in_any_case_is_the_same_brief(tmp_path: Path) -> None:
    meeting = MINIMAL + "participants: [{{name: An}}]\nlanguage: {tag}\n"
    root = write_tree(
        tmp_path,
        {
            "inputs/upper.yaml": meeting.format(tag="VI"),
            "inputs/lower.yaml": meeting.format(tag="vi"),
        },
    )
    run = hostile_build(root, "inputs", "-f", "docx,pdf,html")
    assert run.code == 0, run.stderr
    assert "warning" not in run.stderr
    output = root / "output"
    for suffix in ("html", "docx", "pdf"):
        upper = (output / f"upper.{suffix}").read_bytes()
        assert upper == (output / f"lower.{suffix}").read_bytes(), suffix
    assert '<html lang="vi">' in (output / "upper.html").read_text(encoding="utf-8")
    text = docx_text(output / "upper.docx")
    assert "Thành phần tham dự" in text
    assert "Thứ Ba, ngày 06 tháng 5 năm 2025" in text  # as Vietnamese official documents date


def test_a_tag_is_used_in_its_usual_case_for_labels_and_warnings(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "inputs/pt.yaml": MINIMAL + "participants: [{name: An}]\nlanguage: PT-br\n",
            "inputs/zh.yaml": MINIMAL + "language: ZH-hant-tw\n",
            "templates/labels/pt-BR.yaml": "participants: Participantes\n",
        },
    )
    result = run_cli("check", "inputs", cwd=root)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "inputs/zh.yaml:4:11: warning: language: no labels for 'zh-Hant-TW' (add "
        "labels/zh-Hant-TW.yaml to the templates); English labels are used"
    ]
    run = hostile_build(root, "inputs", "-f", "html")
    assert run.code == 0, run.stderr
    html = (root / "output" / "pt.html").read_text(encoding="utf-8")
    assert '<html lang="pt-BR">' in html and "<h2>Participantes</h2>" in html
    assert "terça-feira, 6 de maio de 2025".replace(" ", "\u00a0") in html  # one piece
    assert '<html lang="zh-Hant-TW">' in (root / "output" / "zh.html").read_text(encoding="utf-8")


# --- Output names -----------------------------------------------------------------------------

CLASH = "{0}: error: writes the same output files as {1}"


def test_names_one_file_on_macos_or_windows_clash(tmp_path: Path) -> None:
    composed, decomposed = (unicodedata.normalize(f, "café") for f in ("NFC", "NFD"))
    assert composed != decomposed
    root = write_tree(
        tmp_path,
        {
            f"a/{composed}.yaml": MINIMAL,
            f"b/{decomposed}.yaml": MINIMAL,
            "a/Brief.yaml": MINIMAL,
            "b/BRIEF.yml": MINIMAL,
        },
    )
    run = hostile_build(root, "a", "b", "-f", "docx")
    assert run.code == 1
    assert run.errors == [
        CLASH.format("a/Brief.yaml", "b/BRIEF.yml"),
        CLASH.format(f"a/{composed}.yaml", f"b/{decomposed}.yaml"),
        CLASH.format("b/BRIEF.yml", "a/Brief.yaml"),
        CLASH.format(f"b/{decomposed}.yaml", f"a/{composed}.yaml"),
    ]
    assert briefs(root / "output") == []


def test_names_that_only_full_case_folding_equates_do_not_clash(tmp_path: Path) -> None:
    names = ["straße", "strasse", "İstanbul", "i\u0307stanbul"]
    root = write_tree(tmp_path, {f"inputs/{name}.yaml": MINIMAL for name in names})
    run = hostile_build(root, "inputs", "-f", "docx")
    assert run.code == 0, run.stderr
    built = [p.name for p in briefs(root / "output")]
    assert built == sorted(f"{name}.docx" for name in names)


@pytest.mark.parametrize(
    ("name", "device"),
    [
        ("com¹.yaml", "COM¹"),
        ("COM².notes.yaml", "COM²"),
        ("lpt³.yaml", "LPT³"),
        ("LPT¹.yml", "LPT¹"),
        ("conin$.yaml", "CONIN$"),
        ("CONOUT$.draft.yaml", "CONOUT$"),
        ("nul .notes.yaml", "NUL"),
    ],
)
def test_every_windows_device_name_is_refused(tmp_path: Path, name: str, device: str) -> None:
    root = write_tree(tmp_path, {"inputs/good.yaml": MINIMAL, f"inputs/{name}": MINIMAL})
    run = hostile_build(root, "inputs", "-f", "docx")
    assert run.code == 1
    assert run.errors == [
        f"inputs/{name}: error: cannot name an output file: the name is a name Windows "
        f"reserves ({device})"
    ]
    assert [p.name for p in briefs(root / "output")] == ["good.docx"]


def test_a_clash_names_three_others_then_counts_the_rest(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {f"d{i}/m.yaml": MINIMAL for i in range(5)})
    run = hostile_build(root, *(f"d{i}" for i in range(5)), "-f", "docx")
    assert run.code == 1
    assert run.errors[0] == CLASH.format("d0/m.yaml", "d1/m.yaml, d2/m.yaml, d3/m.yaml and 1 more")
    assert run.errors[4] == CLASH.format("d4/m.yaml", "d0/m.yaml, d1/m.yaml, d2/m.yaml and 1 more")


def test_thousands_of_clashing_inputs_give_short_lines(tmp_path: Path) -> None:
    count = 3000
    folders = [f"d{i:04}" for i in range(count)]
    root = write_tree(tmp_path, {f"{folder}/m.yaml": MINIMAL for folder in folders})
    run = hostile_build(root, *folders, "-f", "docx")
    assert run.code == 1
    assert len(run.errors) == count
    assert run.errors[0] == CLASH.format(
        "d0000/m.yaml", f"d0001/m.yaml, d0002/m.yaml, d0003/m.yaml and {count - 4} more"
    )
    assert run.errors[-1] == CLASH.format(
        "d2999/m.yaml", f"d0000/m.yaml, d0001/m.yaml, d0002/m.yaml and {count - 4} more"
    )
    assert max(map(len, run.errors)) < 120
    assert run.stderr.splitlines()[-1] == f"0 built, {count} failed"
    assert len(run.stderr) < 400_000  # was every other name on every line: 126 MB


# --- Signals and streams -----------------------------------------------------------------


def test_a_closed_standard_output_changes_nothing(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    for _ in range(3):
        run = subprocess.run(
            f"{BRIEFGEN} build inputs -f html | true; echo $? >&2",
            shell=True,
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert run.stderr.splitlines() == ["0"]  # no message, and the build's own status
    assert len(list((tmp_path / "output").glob("*.html"))) == len(list(EXAMPLES.glob("*.yaml")))


def test_sigterm_ends_a_build_like_ctrl_c(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for i in range(30):
        shutil.copy(EXAMPLES / "vn-uk-reception-summary.yaml", inputs / f"m{i:02}.yaml")
    process = subprocess.Popen(
        [str(BRIEFGEN), "build", "inputs"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = tmp_path / "output" / "m00.pdf"
    deadline = time.monotonic() + 120
    while not first.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # stopped in the middle: once the first brief is written
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 143, err
    assert "Traceback" not in err
    summary = err.splitlines()[-1]
    assert summary.startswith("terminated: ") and summary.endswith(" built, 0 failed")
    built = int(summary.split()[1])
    assert 1 <= built < 30
    written = sorted(p.name for p in briefs(tmp_path / "output"))
    assert written == sorted(f"m{i:02}.{f}" for i in range(built) for f in ("docx", "pdf"))
