"""Rendering to HTML: golden files for the examples, Markdown, escaping, dates."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date

from briefgen import TemplateError, Templates, render_html
from briefgen.model import Meeting
from briefgen.render import NBSP, inline_markdown, long_date, page_number

from golden import EXAMPLES, GOLDEN, rendered


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_golden_files(example: Path) -> None:
    for name, text in rendered(example).items():
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True)))
        assert not diff, f"{name} changed (run `make golden` if intended):\n{diff}"


def meeting(**fields: object) -> Meeting:
    data = {"kind": "post-meeting", "title": "Review", "date": "2025-05-06"} | fields
    return Meeting.model_validate(data)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**bold** and *italic*", "<strong>bold</strong> and <em>italic</em>"),
        ("[report](https://example.org/r)", '<a href="https://example.org/r">report</a>'),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("# not a heading", "# not a heading"),
        ("{{ 7 * 7 }} & {% raw %}", "{{ 7 * 7 }} &amp; {% raw %}"),
        ("(**Ministry**).", "(<strong>Ministry</strong>)."),
        # a long word crossing markup may break at its edges: WeasyPrint could not wrap it
        ("**blo**" + "w" * 30, "<wbr><strong>blo</strong><wbr>" + "w" * 30),
        ("(*" + "w" * 25 + "*)", "(<wbr><em>" + "w" * 25 + "</em><wbr>)"),
        ("*a*" * 15, "<em>a<strong>a</strong>" + "a<strong>a</strong>" * 6 + "a</em>"),
    ],
)
def test_inline_markdown(text: str, html: str) -> None:
    assert inline_markdown(text) == html


def test_data_is_never_markup_or_template() -> None:
    html = render_html(
        meeting(title="<b>A & B</b> {{ meeting }}", participants=[{"name": "O'Neil <x>"}]),
        Templates(),
    )
    assert "<title>&lt;b&gt;A &amp; B&lt;/b&gt; {{ meeting }}</title>" in html
    assert "<strong>O&#39;Neil &lt;x&gt;</strong>" in html


@pytest.mark.parametrize(("language", "locale"), [("en", "en"), ("en-GB", "en_GB")])
def test_dates_follow_the_language(language: str, locale: str) -> None:
    # the words are Babel's (CLDR's); what is briefgen's is asking in the meeting's language,
    # and keeping the date on one line (no-break spaces); Vietnamese: see below
    expected = format_date(date(2025, 5, 6), "full", locale=locale).replace(" ", "\u00a0")
    assert expected in render_html(meeting(language=language), Templates())
    assert (
        len({format_date(date(2025, 5, 6), "full", locale=x) for x in ("en", "en_GB", "vi")}) == 3
    )


def test_participants_grouped_by_side_in_order_of_appearance() -> None:
    people = [
        {"name": "Ana", "side": "Host"},
        {"name": "Bo", "side": "Guest"},
        {"name": "Cy", "side": "Host"},
    ]
    html = render_html(meeting(participants=people), Templates())
    order = [html.index(s) for s in ("<h3>Host</h3>", ">Ana<", ">Cy<", "<h3>Guest</h3>", ">Bo<")]
    assert order == sorted(order)


def test_sources_are_numbered_where_cited() -> None:
    html = render_html(
        meeting(
            sources=[{"id": "a", "title": "First"}, {"id": "b", "title": "Second"}],
            actions=[{"action": "Write", "sources": ["b", "a"]}],
        ),
        Templates(),
    )
    assert 'Write<sup class="cite">[2,\u00a01]</sup>' in html  # one piece: no line break
    assert html.index("First") < html.index("Second")


def test_labels_fall_back_from_variant_to_language_to_english(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "fr.yaml").write_text(
        "participants: Participants\nactions: Actions de suivi\nstatuses:\n  open: Ouverte\n",
        encoding="utf-8",
    )
    (tmp_path / "labels" / "en.yaml").write_text("agenda: Order of business\n", encoding="utf-8")
    templates = Templates((tmp_path,))
    labels = templates.labels("fr-CA")
    assert labels["actions"] == "Actions de suivi"  # from fr.yaml
    assert labels["statuses"]["open"] == "Ouverte"
    assert labels["statuses"]["done"] == "Done"  # a key fr.yaml leaves out: English
    assert labels["agenda"] == "Order of business"  # the override's English wins over the default
    assert labels["outcome"] == "Outcome"
    assert templates.has_labels("fr-CA") and templates.has_labels("en-GB")
    assert not templates.has_labels("de") and not Templates().has_labels("fr")
    assert Templates().labels("vi-VN")["participants"] == "Thành phần tham dự"


def test_a_malformed_labels_file_is_a_template_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "de.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        Templates((tmp_path,)).labels("de")
    assert str(caught.value) == (
        f"{tmp_path}/labels/de.yaml:1:1: error: a labels file maps each key to text "
        "(or to a mapping of texts)"
    )


def test_page_number_pattern_becomes_escaped_text_and_number_spans() -> None:
    html = str(page_number("<b>Trang</b> {page}/{pages}"))
    assert html == (
        '&lt;b&gt;Trang&lt;/b&gt; <span class="page"></span>/<span class="pages"></span>'
    )


def test_actions_due_before_the_meeting_and_still_open_are_overdue() -> None:
    actions = [
        {"action": "a", "due": "2025-05-05", "status": "open"},
        {"action": "b", "due": "2025-05-05", "status": "done"},
        {"action": "c", "due": "2025-05-06", "status": "open"},
        {"action": "d", "status": "in-progress"},
        {"action": "e", "due": "2025-01-01", "status": "in-progress"},
    ]
    m = meeting(actions=actions)
    assert [m.overdue(a) for a in m.actions] == [True, False, False, False, True]


@pytest.mark.parametrize(
    ("day", "long", "full"),
    [
        (date(2025, 3, 4), "ngày 04 tháng 3 năm 2025", "Thứ Ba, ngày 04 tháng 3 năm 2025"),
        (date(2026, 1, 15), "ngày 15 tháng 01 năm 2026", "Thứ Năm, ngày 15 tháng 01 năm 2026"),
        (date(2026, 2, 9), "ngày 09 tháng 02 năm 2026", "Thứ Hai, ngày 09 tháng 02 năm 2026"),
        (date(2025, 10, 1), "ngày 01 tháng 10 năm 2025", "Thứ Tư, ngày 01 tháng 10 năm 2025"),
    ],
)
def test_vietnamese_dates_are_written_as_the_decree_writes_them(
    day: date, long: str, full: str
) -> None:
    """Decree 30/2020/NĐ-CP: a leading zero for days below 10 and for January and February;
    the only place a line may break is before the year."""
    assert long_date(day, "vi").replace(NBSP, " ") == long
    assert long_date(day, "vi-VN", "full").replace(NBSP, " ") == full
    assert long_date(day, "vi").count(" ") == 1 and long_date(day, "vi").endswith(
        f" năm{NBSP}{day.year}"
    )
    assert " " not in long_date(day, "en-GB")  # other languages: never broken
