"""Limits on what a brief links to and how it names things, through the real command: links
live only for web and mail addresses in every format, addresses that cannot be shown reversed,
well-formed language tags in one case, and output names that are portable for real."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from pypdf import PdfReader
from test_hostile_inputs import build

from conftest import MINIMAL, docx_text, pdf_text, run_cli, write_tree

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
    run = build(root, "inputs", "-f", "docx,pdf,html")
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
    run = build(root, "inputs")
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
    run = build(root, "inputs", "-f", "docx,pdf,html")
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
    run = build(root, "inputs", "-f", "docx,pdf,html")
    assert run.code == 0, run.stderr
    assert "warning" not in run.stderr
    output = root / "output"
    for suffix in ("html", "docx", "pdf"):
        upper = (output / f"upper.{suffix}").read_bytes()
        assert upper == (output / f"lower.{suffix}").read_bytes(), suffix
    assert '<html lang="vi">' in (output / "upper.html").read_text(encoding="utf-8")
    text = docx_text(output / "upper.docx")
    assert "Thành phần tham dự" in text and "Thứ Ba, 6 tháng 5, 2025" in text


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
    run = build(root, "inputs", "-f", "html")
    assert run.code == 0, run.stderr
    html = (root / "output" / "pt.html").read_text(encoding="utf-8")
    assert '<html lang="pt-BR">' in html and "<h2>Participantes</h2>" in html
    assert "terça-feira, 6 de maio de 2025" in html
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
    run = build(root, "a", "b", "-f", "docx")
    assert run.code == 1
    assert run.errors == [
        CLASH.format("a/Brief.yaml", "b/BRIEF.yml"),
        CLASH.format(f"a/{composed}.yaml", f"b/{decomposed}.yaml"),
        CLASH.format("b/BRIEF.yml", "a/Brief.yaml"),
        CLASH.format(f"b/{decomposed}.yaml", f"a/{composed}.yaml"),
    ]
    assert list((root / "output").iterdir()) == []


def test_names_that_only_full_case_folding_equates_do_not_clash(tmp_path: Path) -> None:
    names = ["straße", "strasse", "İstanbul", "i\u0307stanbul"]
    root = write_tree(tmp_path, {f"inputs/{name}.yaml": MINIMAL for name in names})
    run = build(root, "inputs", "-f", "docx")
    assert run.code == 0, run.stderr
    built = sorted(p.name for p in (root / "output").iterdir())
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
    run = build(root, "inputs", "-f", "docx")
    assert run.code == 1
    assert run.errors == [
        f"inputs/{name}: error: cannot name an output file: the name is a name Windows "
        f"reserves ({device})"
    ]
    assert [p.name for p in (root / "output").iterdir()] == ["good.docx"]


def test_a_clash_names_three_others_then_counts_the_rest(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {f"d{i}/m.yaml": MINIMAL for i in range(5)})
    run = build(root, *(f"d{i}" for i in range(5)), "-f", "docx")
    assert run.code == 1
    assert run.errors[0] == CLASH.format("d0/m.yaml", "d1/m.yaml, d2/m.yaml, d3/m.yaml and 1 more")
    assert run.errors[4] == CLASH.format("d4/m.yaml", "d0/m.yaml, d1/m.yaml, d2/m.yaml and 1 more")


def test_thousands_of_clashing_inputs_give_short_lines(tmp_path: Path) -> None:
    count = 3000
    folders = [f"d{i:04}" for i in range(count)]
    root = write_tree(tmp_path, {f"{folder}/m.yaml": MINIMAL for folder in folders})
    run = build(root, *folders, "-f", "docx")
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
