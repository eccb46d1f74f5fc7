"""Inputs at and past briefgen's limits, through the real command: the input just past each limit
is refused with its exact error line, and the largest accepted input of the heavy families
builds. (How long they take is measured by `benchmarks/pathological.py`, not asserted here.)"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from briefgen import limits

from conftest import run_cli, write_tree

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
    assert html.count('<sup class="cite">[' + ", ".join(["500"] * 10) + "]</sup>") == 500


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
