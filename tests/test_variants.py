"""The releasable variant (`--variant releasable`): built beside each brief from the same file,
without anything marked internal, in no byte of any output; through the real command."""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream, IndirectObject, PdfObject, StreamObject

import briefgen

from conftest import MINIMAL, docx_text, pdf_text, require, run_cli, write_tree

# Each internal thing carries a token of its own; none may reach a releasable output.
EARLIER = """\
kind: post-meeting
title: First round
date: 2025-03-01
series: round
classification: RESTRICTED
participants:
  - name: Public Person
    id: pub
  - name: Hidden Earlyman
    id: early
    internal: true
proposals:
  - id: P9
    text: Tokearlierprop proposal.
    internal: true
agreements:
  - title: Tokearlieragree accord
    status: signed
    internal: true
  - title: Open accord
    status: signed
actions:
  - id: A9
    action: Tokearlieraction first.
    internal: true
  - id: A1
    action: Publicearly task.
    owner: early
"""
LATER = """\
kind: pre-meeting
title: Second round
date: 2025-06-01
series: round
classification: RESTRICTED
release_classification: UNCLASSIFIED
summary:
  - Publicparagraph opens.
  - text: Tokparagraph stays with us.
    internal: true
participants:
  - name: Public Person
    id: pub
  - name: Zeph Tokpname
    id: tokpid
    title: Tokptitle
    organisation: Tokporg
    side: Tokpside
    notes: Tokpnotes here.
    internal: true
talking_points:
  - Publicpoint to make.
  - point: Toktalk point.
    internal: true
  - point: Publicbypoint made by a hidden person.
    by: tokpid
agenda:
  - item: Tokagenda item
    internal: true
  - item: Publicagenda item
    lead: tokpid
proposals:
  - text: Tokproptext proposal.
    by: pub
    detail: Tokpropdetail more.
    response: Tokpropresponse said.
    sources: [only-internal]
    internal: true
  - text: Publicprop proposal.
    sources: [public]
  - id: P9
    response: Tokupdateresponse given.
agreements:
  - title: Tokagreetitle accord
    parties: [Tokagreeparty]
    notes: Tokagreenotes here.
    internal: true
actions:
  - action: Tokactiontext task.
    owner: Tokactionowner
    note: Tokactionnote here.
    sources: [only-internal]
    internal: true
  - action: Publicaction owned by a hidden person.
    owner: tokpid
    sources: [secret, public]
  - id: A9
    status: in-progress
    note: Tokupdatenote progress.
sources:
  - id: only-internal
    title: Toksourcetitle report
    publisher: Toksourcepub
  - id: secret
    title: Tokinternalsource memo
    internal: true
  - id: public
    title: Publicsource report
"""
TOKENS = [
    *("Tokpname", "tokpid", "Tokptitle", "Tokporg", "Tokpside", "Tokpnotes", "Toktalk"),
    *("Tokagenda", "Tokproptext", "Tokpropdetail", "Tokpropresponse", "Tokagreetitle"),
    *("Tokagreeparty", "Tokagreenotes", "Tokactiontext", "Tokactionowner", "Tokactionnote"),
    *("Tokparagraph", "Toksourcetitle", "Toksourcepub", "Tokinternalsource"),
    *("Tokearlierprop", "Tokearlieragree", "Tokearlieraction", "Tokupdatenote"),
    *("Tokupdateresponse", "Earlyman"),
]
PUBLIC = ["Publicparagraph", "Publicpoint", "Publicbypoint", "Publicagenda", "Publicprop"]
PUBLIC += ["Publicaction", "Publicsource", "Publicearly", "Open accord", "Public Person"]
NAMES = ("earlier", "later")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both meetings of the series, built once in every format, in both variants (as tagged
    PDF/UA, so that the PDF has a structure tree and XMP metadata to leak into)."""
    root = write_tree(
        tmp_path_factory.mktemp("variants"),
        {"inputs/earlier.yaml": EARLIER, "inputs/later.yaml": LATER},
    )
    args = ("-f", "pdf,docx,html", "--variant", "releasable", "--pdf-variant", "pdf/ua-1")
    result = run_cli("build", *args, "-j", "2", cwd=root)
    assert result.returncode == 0, result.stderr
    line = "inputs/later.yaml -> output/later.releasable.pdf, output/later.releasable.docx, "
    assert line + "output/later.releasable.html\n" in result.stdout
    assert result.stdout.endswith("4 built, 0 failed\n")
    return root / "output"


def docx_parts(path: Path) -> str:
    """Every XML part of a DOCX (the body, headers, styles, document properties…), as text;
    the others are pictures and embedded fonts."""
    with zipfile.ZipFile(path) as docx:
        names = [n for n in docx.namelist() if n.endswith((".xml", ".rels"))]
        assert len(names) >= 8
        return "\n".join(docx.read(name).decode("utf-8") for name in names)


def pdf_strings(path: Path) -> str:
    """Every string, name and decoded stream of a PDF but its content streams (whose text is
    glyph ids, read by `pdftotext`): metadata, XMP, outline, structure tree, annotations."""
    reader = PdfReader(path)
    found: list[str] = [str(reader.metadata), str(reader.outline)]
    seen: set[int] = set()
    contents = {id(c.get_object()) for page in reader.pages for c in _listed(page.get("/Contents"))}

    def walk(node: PdfObject | None) -> None:
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
            node = node.get_object()
        if _readable_stream(node, contents):
            found.append(node.get_data().decode("latin-1"))
        if isinstance(node, dict):
            for key, value in node.items():
                found.append(str(key))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif node is not None:
            found.append(str(node))

    walk(reader.trailer)
    return "\n".join(found)


def _readable_stream(node: PdfObject, contents: set[int]) -> bool:
    """A stream that is neither a page's content (glyph ids) nor a font program."""
    return (
        isinstance(node, StreamObject)
        and not isinstance(node, ContentStream)
        and id(node) not in contents
        and not any(key in node for key in ("/Length1", "/Length2", "/Length3"))
        and node.get("/Subtype") not in ("/Type1C", "/CIDFontType0C", "/OpenType")
    )


def _listed(contents: PdfObject | None) -> list[PdfObject]:
    if contents is None:
        return []
    contents = contents.get_object()
    return list(contents) if isinstance(contents, list) else [contents]


def decompressed(path: Path, work: Path) -> bytes:
    """The PDF's bytes with every stream uncompressed (qpdf's QDF form)."""
    out = work / f"{path.stem}.qdf.pdf"
    qdf = [require("qpdf"), "--qdf", "--object-streams=disable", str(path), str(out)]
    subprocess.run(qdf, check=True, capture_output=True)
    return out.read_bytes()


def pdfinfo(path: Path) -> str:
    run = [require("pdfinfo"), "-meta", str(path)]
    return subprocess.run(run, check=True, capture_output=True, text=True).stdout


def readings(pdf: Path, work: Path) -> dict[str, str]:
    """A brief's outputs as each reader sees them."""
    docx, html = pdf.with_suffix(".docx"), pdf.with_suffix(".html")
    return {
        "html": html.read_bytes().decode("utf-8"),
        "docx body": docx_text(docx),
        "docx parts": docx_parts(docx),
        "pdf text": pdf_text(pdf),
        "pdf objects": pdf_strings(pdf),
        "pdfinfo": pdfinfo(pdf),
        "pdf bytes": decompressed(pdf, work).decode("latin-1"),
    }


def test_no_internal_text_reaches_any_byte_of_the_releasable_outputs(
    built: Path, tmp_path: Path
) -> None:
    for name in NAMES:
        released = readings(built / f"{name}.releasable.pdf", tmp_path)
        read = released["pdf objects"]  # XMP, the structure tree and the bookmarks among them
        assert all(part in read for part in ("xmpmeta", "/StructElem", "/Outlines")), name
        for where, text in released.items():
            leaked = [t for t in TOKENS if t.lower() in text.lower()]
            assert leaked == [], (name, where)


def test_every_token_is_in_the_internal_original(built: Path, tmp_path: Path) -> None:
    """The test above can fail: the original shows every internal thing."""
    for where, read in (("html", _html), ("docx", docx_text), ("pdf", pdf_text)):
        text = " ".join(read(built / f"{name}.{where}") for name in NAMES)
        missing = [t for t in TOKENS if t not in text]
        assert missing == ["tokpid"], where  # an id is printed as the participant's name
    # a heading is a bookmark: the readers of the PDF's objects and bytes find it
    later = readings(built / "later.pdf", tmp_path)
    assert "Tokpside" in later["pdf objects"] and "Tokpside" in later["pdf bytes"]


def _html(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_releasable_variant_keeps_everything_else(built: Path) -> None:
    for where, read in (("html", _html), ("docx", docx_text), ("pdf", pdf_text)):
        text = " ".join(read(built / f"{name}.releasable.{where}") for name in NAMES)
        assert [p for p in PUBLIC if p not in text] == [], where


def test_names_of_internal_people_leave_their_entries_blank(built: Path) -> None:
    """A point made by, an item led by and an action owned by an internal participant stay,
    without the name; the original names them."""
    original, released = pdf_text(built / "later.pdf"), pdf_text(built / "later.releasable.pdf")
    assert "Publicbypoint made by a hidden person. (Zeph Tokpname)" in original
    assert re.search(r"Publicbypoint made by a hidden person\.\n", released)
    assert "Publicagenda item (lead: Zeph Tokpname)" in original
    assert re.search(r"Publicagenda item\n", released)


def test_citations_are_numbered_again_without_the_left_out_sources(built: Path) -> None:
    original = _html(built / "later.html")
    released = _html(built / "later.releasable.html")
    assert len(re.findall(r"<li>", _sources(original))) == 3
    assert re.findall(r"<li>[^<]*", _sources(released)) == ["<li>Publicsource report"]
    assert re.search(r"Publicprop proposal\.<sup class=\"cite\">\[3\]</sup>", original)
    assert re.search(r"Publicprop proposal\.<sup class=\"cite\">\[1\]</sup>", released)
    assert re.search(
        r"Publicaction owned by a hidden person\.<sup class=\"cite\">\[1\]</sup>", released
    )


def _sources(html: str) -> str:
    return html.split('<ol class="sources">', 1)[1].split("</ol>", 1)[0]


def pages(pdf: Path) -> list[list[str]]:
    """The lines of each page of a PDF, as laid out (top to bottom)."""
    run = [require("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"]
    texts = subprocess.run(run, check=True, capture_output=True, text=True).stdout.split("\f")
    return [[line.strip() for line in t.splitlines() if line.strip()] for t in texts if t.strip()]


@pytest.mark.parametrize(
    ("name", "marking"),
    [
        ("later", "RESTRICTED"),
        ("later.releasable", "UNCLASSIFIED"),
        ("earlier", "RESTRICTED"),
        ("earlier.releasable", "RESTRICTED"),  # no release_classification: never marked lower
    ],
)
def test_the_variant_prints_its_own_marking_top_and_bottom_of_every_page(
    built: Path, name: str, marking: str
) -> None:
    other = {"RESTRICTED": "UNCLASSIFIED", "UNCLASSIFIED": "RESTRICTED"}[marking]
    for number, lines in enumerate(pages(built / f"{name}.pdf"), 1):
        assert lines[0] == marking, number
        assert marking in lines[-1], number
        assert other not in " ".join(lines), number
    info = PdfReader(built / f"{name}.pdf").metadata
    assert info["/Keywords"].endswith(marking)


def _incremental(root: Path, *args: str) -> tuple[set[str], str]:
    result = run_cli("build", "-f", "html", *args, cwd=root)
    assert result.returncode == 0, result.stderr
    written = set(re.findall(r"output/(\S+?)(?:,|\n)", result.stdout))
    return written, result.stdout.splitlines()[-1]


def test_adding_the_variant_builds_only_the_variant(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/earlier.yaml": EARLIER, "inputs/later.yaml": LATER})
    assert _incremental(root)[1] == "2 built, 0 failed"
    written, summary = _incremental(root, "--variant", "releasable")
    assert written == {"earlier.releasable.html", "later.releasable.html"}
    assert summary == "2 built, 2 up to date, 0 failed"
    assert _incremental(root, "--variant", "releasable") == (
        set(),
        "0 built, 4 up to date, 0 failed",
    )
    # an original put in the variant's place is no releasable output: built again
    (root / "output/later.releasable.html").write_bytes((root / "output/later.html").read_bytes())
    written, _ = _incremental(root, "--variant", "releasable")
    assert written == {"later.releasable.html"}
    assert "Tokpname" not in (root / "output/later.releasable.html").read_text(encoding="utf-8")


def test_variants_in_the_workspace_file_and_the_release_marking_in_its_defaults(
    tmp_path: Path,
) -> None:
    config = "formats: [html]\nvariants: [releasable]\ndefaults:\n"
    config += "  classification: RESTRICTED\n  release_classification: PUBLIC\n"
    meeting = MINIMAL + "participants:\n  - name: Tokpname\n    internal: true\n"
    root = write_tree(tmp_path, {"briefgen.yaml": config, "inputs/m.yaml": meeting})
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "output").glob("*.html")) == [
        "m.html",
        "m.releasable.html",
    ]
    released = (root / "output/m.releasable.html").read_text(encoding="utf-8")
    assert "<strong>PUBLIC</strong>" in released and "RESTRICTED" not in released
    assert "Tokpname" not in released
    assert "Tokpname" in (root / "output/m.html").read_text(encoding="utf-8")
    assert run_cli("check", cwd=root).returncode == 0


def test_the_python_api_builds_variants_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"inputs/earlier.yaml": EARLIER, "inputs/later.yaml": LATER})
    monkeypatch.chdir(tmp_path)
    report = briefgen.build("inputs", formats=("html",), variants=("releasable",))
    outputs = sorted(p.name for r in report.results for p in r.outputs)
    assert outputs == [
        "earlier.html",
        "earlier.releasable.html",
        "later.html",
        "later.releasable.html",
    ]
    settings = briefgen.Settings.resolve(formats=("html",), variants=("releasable",))
    assert settings.variants == ("releasable",)
    with pytest.raises(briefgen.ConfigError) as e:
        briefgen.build("inputs", formats=("html",), variants=("public",))
    assert e.value.problems[0].message == "unknown variant (choose from releasable)"


def test_internal_takes_true_or_false_only(tmp_path: Path) -> None:
    meeting = MINIMAL + "participants:\n  - name: A\n    internal: yes\n"
    root = write_tree(tmp_path, {"inputs/m.yaml": meeting})
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    line = len(MINIMAL.splitlines()) + 3
    assert (
        f"inputs/m.yaml:{line}:15: error: participants[0].internal: expected true or false, "
        "got 'yes'"
    ) in result.stderr


def test_an_input_named_like_a_variant_clashes_with_it(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL, "inputs/m.releasable.yaml": MINIMAL})
    assert run_cli("build", "-f", "html", cwd=root).returncode == 0  # no variant, no clash
    result = run_cli("build", "-f", "html", "--variant", "releasable", cwd=root)
    assert result.returncode == 1
    clash = "inputs/m.releasable.yaml: error: writes the same output files as inputs/m.yaml"
    assert clash in result.stderr.splitlines()
    write_tree(root, {"briefgen.yaml": "variants: [releasable]\n"})
    result = run_cli("check", cwd=root)
    assert (result.returncode, clash in result.stderr.splitlines()) == (1, True)


def test_translations_agree_on_what_is_internal(tmp_path: Path) -> None:
    marked = "  - id: A9\n    action: Tokearlieraction first.\n    internal: true\n"
    vi = EARLIER.replace(marked, marked.replace("    internal: true\n", ""))
    vi = vi.replace("series: round", "series: round\nlanguage: vi")
    root = write_tree(tmp_path, {"inputs/earlier.yaml": EARLIER, "inputs/earlier-vi.yaml": vi})
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    line = EARLIER[: EARLIER.index(marked)].count("\n") + 3
    vi_line = vi[: vi.index(marked[:12])].count("\n") + 1  # the entry that does not say
    assert result.stderr.splitlines()[0] == (
        f"inputs/earlier.yaml:{line}:15: error: actions[0].internal: 'true' here but 'false' in "
        f"inputs/earlier-vi.yaml:{vi_line}; translations of one meeting must agree"
    )


def test_a_shard_builds_the_variants_of_its_own_briefs(tmp_path: Path) -> None:
    files = {"inputs/earlier.yaml": EARLIER, "inputs/later.yaml": LATER, "inputs/m.yaml": MINIMAL}
    root = write_tree(tmp_path, files)
    written = set()
    for shard in ("1/2", "2/2"):
        found, _ = _incremental(root, "--variant", "releasable", "--shard", shard)
        assert found and not found & written
        written |= found
    assert written == {
        f"{n}{v}.html" for n in ("earlier", "later", "m") for v in ("", ".releasable")
    }


def test_a_files_warnings_are_said_once_for_it_and_its_variant(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL + "language: fr\n"})
    for _ in ("built", "up to date"):
        result = run_cli("build", "-f", "html", "--variant", "releasable", cwd=root)
        assert result.returncode == 0, result.stderr
        assert [line for line in result.stderr.splitlines() if "warning" in line] == [
            "inputs/m.yaml:4:11: warning: language: no labels for 'fr' (add labels/fr.yaml to the "
            "templates); English labels are used"
        ]


def test_an_update_can_make_an_item_internal_but_never_releasable_again(tmp_path: Path) -> None:
    earlier = EARLIER.replace(
        "    owner: early\n", "    owner: early\n  - id: A2\n    action: Laterhidden task.\n"
    )
    later = (
        MINIMAL.replace("post-meeting", "pre-meeting").replace("2025-05-06", "2025-06-01")
        + "series: round\nactions:\n"
        + "  - id: A2\n    internal: true\n"
        + "  - id: A9\n    internal: false\n    note: Tokstillhidden.\n"
    )
    root = write_tree(tmp_path, {"inputs/earlier.yaml": earlier, "inputs/later.yaml": later})
    _incremental(root, "--variant", "releasable")
    output = root / "output"
    assert "Laterhidden" in (output / "earlier.releasable.html").read_text(encoding="utf-8")
    released = (output / "later.releasable.html").read_text(encoding="utf-8")
    assert "Laterhidden" not in released  # made internal by the update
    assert "Tokstillhidden" not in released  # internal where it was first given
    assert "Publicearly task" in released
    original = (output / "later.html").read_text(encoding="utf-8")
    assert "Laterhidden" in original and "Tokstillhidden" in original


def test_serve_previews_the_briefs_as_written_only(tmp_path: Path) -> None:
    from live import serve

    meeting = MINIMAL + "participants:\n  - name: Tokpname\n    internal: true\n"
    files = {"briefgen.yaml": "variants: [releasable]\n", "inputs/m.yaml": meeting}
    root = write_tree(tmp_path, files)
    (root / "tmp").mkdir()
    running, url = serve(cwd=root, env={"TMPDIR": str(root / "tmp")})
    with running:
        index = urllib.request.urlopen(url, timeout=10).read().decode()
        assert re.findall(r'href="([^"]+)"', index) == ["m.html"]
        page = urllib.request.urlopen(f"{url}m.html", timeout=10).read().decode()
        assert "Tokpname" in page
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{url}m.releasable.html", timeout=10)
        assert running.stop() == 0
