"""Hostile and broken inputs through the real command: every case gets its exact error line, no
traceback, the other inputs built, previous outputs untouched, nothing written outside the
output folder and no temporary file left behind."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from briefgen.freshness import STATE_FILE

from conftest import BRIEFGEN, EXAMPLES, MINIMAL, PEOPLE, briefs, docx_text, pdf_text, write_tree

PREVIOUS = b"previous version, must survive a failed build"
MEETING = "kind: post-meeting\ntitle: {title}\ndate: 2025-01-01\n"
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}' if i > 1 else '*a'] * 9)}]\n" for i in range(1, 10)
)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    root: Path

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if ": error: " in line]


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` outside output/, with a hash of its content (or link target)."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("output/") or rel == "output":
            continue
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def build(root: Path, *args: str, previous: tuple[str, ...] = ()) -> Run:
    """Run `briefgen build` in `root` after planting a previous version of the given outputs;
    check what must hold whatever the case: no traceback, nothing new outside output/, no
    temporary file, each previous version either kept or replaced by a complete document."""
    output = root / "output"
    output.mkdir(exist_ok=True)
    for name in previous:
        (output / name).write_bytes(PREVIOUS)
    before = snapshot(root)
    result = subprocess.run(
        [str(BRIEFGEN), "build", *args], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert "Traceback" not in result.stderr
    assert snapshot(root) == before, "files appeared or changed outside the output folder"
    hidden = [p.name for p in output.iterdir() if p.name.startswith(".")]
    assert [name for name in hidden if name != STATE_FILE] == []  # no temporary left
    for path in filter(Path.is_file, output.glob("*.docx")):
        if path.read_bytes() != PREVIOUS:
            Document(str(path))
    for path in filter(Path.is_file, output.glob("*.pdf")):
        if path.read_bytes() != PREVIOUS:
            assert len(PdfReader(path).pages) >= 1
    return Run(result.returncode, result.stdout, result.stderr, root)


def hostile(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A workspace with one good meeting file and the hostile ones."""
    return write_tree(tmp_path, {"inputs/good.yaml": MINIMAL, **files})


def expect_one_failure(run: Run, line: str) -> None:
    assert run.code == 1
    assert run.errors == [line]
    assert run.stderr.splitlines()[-1] == "1 built, 1 failed"
    assert (run.root / "output" / "good.docx").is_file()
    assert (run.root / "output" / "bad.docx").read_bytes() == PREVIOUS
    assert (run.root / "output" / "bad.pdf").read_bytes() == PREVIOUS


BAD_FILES: list[tuple[str, str | bytes, str]] = [
    (
        "duplicate key",
        "kind: post-meeting\ntitle: A\ntitle: B\ndate: 2025-01-01\n",
        "inputs/bad.yaml:3:1: error: title: duplicate key 'title' (first on line 2)",
    ),
    (
        "non-text key",
        "kind: post-meeting\n[a, b]: c\ntitle: A\ndate: 2025-01-01\n",
        "inputs/bad.yaml:2:1: error: keys must be plain text",
    ),
    (
        "several documents",
        MINIMAL + "---\n" + MINIMAL,
        "inputs/bad.yaml:4:1: error: only one YAML document per file (found a second '---')",
    ),
    (
        "empty file",
        "",
        "inputs/bad.yaml:1:1: error: file is empty; expected a meeting (kind, title, date, …)",
    ),
    (
        "comments only",
        "# nothing here\n",
        "inputs/bad.yaml:1:1: error: file is empty; expected a meeting (kind, title, date, …)",
    ),
    (
        "a list",
        "- kind: post-meeting\n- title: A\n",
        "inputs/bad.yaml:1:1: error: expected a meeting (kind, title, date, …), got a list",
    ),
    (
        "a bare string",
        "a meeting, I promise\n",
        "inputs/bad.yaml:1:1: error: expected a meeting (kind, title, date, …), got text",
    ),
    (
        "invalid UTF-8",
        b"kind: post-meeting\ntitle: caf\xe9 cr\xe8me\ndate: 2025-01-01\n",
        "inputs/bad.yaml:2:11: error: file is not valid UTF-8 text",
    ),
    (
        "UTF-16",
        MINIMAL.encode("utf-16"),
        "inputs/bad.yaml:1:1: error: file is not valid UTF-8 text",
    ),
    (
        "control character in the file",
        "kind: post-meeting\ntitle: bell\x07\ndate: 2025-01-01\n",
        "inputs/bad.yaml:2:12: error: the character U+0007 is not allowed in YAML",
    ),
    (
        "control character by escape",
        'kind: post-meeting\ntitle: "null\\0byte"\ndate: 2025-01-01\n',
        "inputs/bad.yaml:2:8: error: title: contains the character U+0000, which documents "
        "cannot hold; remove it",
    ),
    (
        "non-character by escape",
        'kind: post-meeting\ntitle: "\\uFFFF"\ndate: 2025-01-01\n',
        "inputs/bad.yaml:2:8: error: title: contains the character U+FFFF, which documents "
        "cannot hold; remove it",
    ),
    (
        "lone surrogate by escape",
        'kind: post-meeting\ntitle: "\\uD800"\ndate: 2025-01-01\n',
        "inputs/bad.yaml:2:8: error: title: contains the character U+D800, which documents "
        "cannot hold; remove it",
    ),
    (
        "tab indentation",
        "kind: post-meeting\ntitle: A\ndate: 2025-01-01\nobjectives:\n\t- one\n",
        "inputs/bad.yaml:5:1: error: a tab cannot indent YAML; indent with spaces",
    ),
    (
        "alias bomb",
        ALIAS_BOMB,
        "inputs/bad.yaml:2:10: error: aliases (*name) are not supported; write the value out",
    ),
    (
        "recursive alias",
        "kind: post-meeting\ntitle: &t [*t]\ndate: 2025-01-01\n",
        "inputs/bad.yaml:2:12: error: aliases (*name) are not supported; write the value out",
    ),
    (
        "deep nesting",
        "title: " + "[" * 200_000,
        "inputs/bad.yaml:1:57: error: nested more than 50 levels deep",
    ),
    (
        "deep block nesting",
        "".join(" " * i + "- \n" for i in range(0, 400, 2)),
        "inputs/bad.yaml:51:101: error: nested more than 50 levels deep",
    ),
    (
        "python object tag",
        'kind: post-meeting\ntitle: !!python/object/apply:os.system ["touch pwned"]\n'
        "date: 2025-01-01\n",
        "inputs/bad.yaml:2:8: error: title: YAML tags (!!python/object/apply:os.system) are "
        "not supported",
    ),
    (
        "over the size limit",
        MINIMAL + "summary: " + "x" * (1024 * 1024) + "\n",
        f"inputs/bad.yaml: error: is {len(MINIMAL) + 10 + 1024 * 1024:,} bytes; meeting files "
        "are limited to 1,048,576 bytes",
    ),
]


@pytest.mark.parametrize(
    ("content", "line"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_a_broken_meeting_file_is_one_clear_error(tmp_path: Path, content, line: str) -> None:
    root = hostile(tmp_path, {"inputs/bad.yaml": content})
    run = build(root, "inputs", previous=("bad.docx", "bad.pdf"))
    expect_one_failure(run, line)
    assert not (root / "pwned").exists()


def test_a_fifo_named_like_a_meeting_file_is_refused_without_blocking(tmp_path: Path) -> None:
    root = hostile(tmp_path, {})
    os.mkfifo(root / "inputs" / "bad.yaml")  # nobody ever writes to it: reading would block
    run = build(root, "inputs", previous=("bad.docx", "bad.pdf"))
    expect_one_failure(
        run, "inputs/bad.yaml: error: is a pipe, socket or device, not a meeting file"
    )


def test_a_folder_named_like_a_meeting_file_is_refused(tmp_path: Path) -> None:
    root = hostile(tmp_path, {"inputs/bad.yaml/inside.yaml": MINIMAL})
    run = build(root, "inputs", previous=("bad.docx", "bad.pdf"))
    expect_one_failure(run, "inputs/bad.yaml: error: is a folder, not a meeting file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    root = hostile(tmp_path, {"inputs/bad.yaml": MINIMAL})
    (root / "inputs" / "bad.yaml").chmod(0)
    run = build(root, "inputs", previous=("bad.docx", "bad.pdf"))
    expect_one_failure(run, "inputs/bad.yaml: error: cannot be read: permission denied")


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    root = hostile(tmp_path, {})
    (root / "inputs" / "bad.yaml").symlink_to(root / "gone.yaml")
    run = build(root, "inputs", previous=("bad.docx", "bad.pdf"))
    expect_one_failure(run, "inputs/bad.yaml: error: cannot be read: no such file or folder")


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    root = hostile(tmp_path, {})
    os.mkfifo(root / "pipe")
    (root / "inputs" / "bad.yaml").symlink_to(root / "pipe")
    run = build(root, "inputs", previous=("bad.docx", "bad.pdf"))
    expect_one_failure(
        run, "inputs/bad.yaml: error: is a pipe, socket or device, not a meeting file"
    )


# --- Text that reaches the documents ---------------------------------------------------------

MARKUP = [
    "<script>alert(1)</script> & <b>bold</b> \"quoted\" 'single'",
    "{{ 7 * 7 }} {% for x in range(3) %}loop{% endfor %} {# comment #}",
    "]]></w:t><w:t>injected</w:t> <!-- -->",
    "‏right-to-left mark ‮ override ‬ end",
    "x" * 100,  # the longest name there may be
]


def test_text_is_shown_as_typed_never_as_markup_or_template(tmp_path: Path) -> None:
    people = "".join(f"  - name: {yaml_quoted(t)}\n    title: {yaml_quoted(t)}\n" for t in MARKUP)
    meeting = MEETING.format(title=yaml_quoted(MARKUP[0])) + "participants:\n" + people
    root = write_tree(tmp_path, {"inputs/m.yaml": meeting})
    run = build(root, "inputs", "-f", "docx,pdf,html")
    assert run.code == 0, run.stderr
    docx = docx_text(root / "output" / "m.docx")
    for text in MARKUP:
        assert text in docx
    assert "49" not in docx and "looploop" not in docx
    html = (root / "output" / "m.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    pdf = pdf_text(root / "output" / "m.pdf")
    assert "{{ 7 * 7 }}" in pdf and "<script>alert(1)</script>" in pdf
    # the 100-letter word is broken across lines instead of running off the page
    assert pdf.count("x") == 2 * sum(t.count("x") for t in MARKUP)  # every letter is printed
    assert max(len(run) for run in re.findall("x+", pdf)) < 100


def yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- Output safety ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("con.yaml", "is a name Windows reserves (CON)"),
        ("LPT1.notes.yaml", "is a name Windows reserves (LPT1)"),
        ("a:b.yaml", 'holds a control character or one of < > : " / \\ | ? *'),
        ("tab\there.yaml", 'holds a control character or one of < > : " / \\ | ? *'),
        ("line\nbreak.yaml", 'holds a control character or one of < > : " / \\ | ? *'),
        ("trailing .yaml", "starts with '-' or ends with a dot or a space"),
        ("-rf.yaml", "starts with '-' or ends with a dot or a space"),
        ("n" * 201 + ".yaml", "is longer than 200 bytes"),
    ],
    ids=["con", "lpt1", "colon", "tab", "newline", "trailing-space", "dash", "long"],
)
def test_input_names_that_cannot_name_an_output_are_refused(
    tmp_path: Path, name: str, reason: str
) -> None:
    root = hostile(tmp_path, {f"inputs/{name}": MINIMAL})
    run = build(root, "inputs")
    assert run.code == 1
    shown = name.replace("\t", "\\t").replace("\n", "\\n")  # one line per problem
    assert run.errors == [f"inputs/{shown}: error: cannot name an output file: the name {reason}"]
    assert sorted(p.name for p in briefs(root / "output")) == ["good.docx", "good.pdf"]


def test_inputs_writing_the_same_outputs_both_fail(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {"a/m.yaml": MINIMAL, "b/m.yaml": MINIMAL, "c/M.yml": MINIMAL, "c/other.yaml": MINIMAL},
    )
    run = build(root, "a", "b", "c", previous=("m.docx",))
    assert run.code == 1
    assert run.errors == [
        "a/m.yaml: error: writes the same output files as b/m.yaml, c/M.yml",
        "b/m.yaml: error: writes the same output files as a/m.yaml, c/M.yml",
        "c/M.yml: error: writes the same output files as a/m.yaml, b/m.yaml",
    ]
    assert (root / "output" / "m.docx").read_bytes() == PREVIOUS
    assert (root / "output" / "other.docx").is_file()


def test_an_output_that_is_a_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL, "victim.txt": "keep me"})
    (root / "output").mkdir()
    (root / "output" / "m.docx").symlink_to(root / "victim.txt")
    run = build(root, "inputs")
    assert run.code == 0, run.stderr
    assert (root / "victim.txt").read_text() == "keep me"
    assert not (root / "output" / "m.docx").is_symlink()
    Document(str(root / "output" / "m.docx"))


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("inputs", "-o", "inputs"),
            "inputs: error: the output folder is also a folder of inputs or templates",
        ),
        (
            ("inputs", "-o", "./inputs/"),
            "inputs: error: the output folder is also a folder of inputs or templates",
        ),
        (
            ("inputs", "-o", "templates"),
            "templates: error: the output folder is also a folder of inputs or templates",
        ),
    ],
)
def test_the_output_folder_is_never_an_input_or_template_folder(
    tmp_path: Path, args: tuple[str, ...], line: str
) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL, "templates/x.txt": "not a brief"})
    run = build(root, *args)
    assert run.code == 2
    assert run.errors == [line]
    assert sorted(p.name for p in (root / "inputs").iterdir()) == ["m.yaml"]


# --- Batches ----------------------------------------------------------------------------------


def test_k_bad_inputs_out_of_n(tmp_path: Path) -> None:
    files = {f"inputs/good{i}.yaml": MINIMAL for i in range(5)}
    files |= {"inputs/bad1.yaml": "kind: post-meeting\n", "inputs/bad2.yaml": "- a list\n"}
    root = write_tree(tmp_path, files)
    run = build(root, "inputs", "-f", "docx")
    assert run.code == 1
    assert run.errors == [
        "inputs/bad1.yaml:1:1: error: title: required field is missing",
        "inputs/bad1.yaml:1:1: error: date: required field is missing",
        "inputs/bad2.yaml:1:1: error: expected a meeting (kind, title, date, …), got a list",
    ]
    assert run.stderr.splitlines()[-1] == "5 built, 2 failed"
    assert len(list((root / "output").glob("good*.docx"))) == 5


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    files = {"inputs/a.yaml": MINIMAL, "inputs/b.yaml": "- a list\n", "inputs/c.yaml": MINIMAL}
    root = write_tree(tmp_path, files)
    run = build(root, "inputs", "-f", "docx", "--fail-fast")
    assert run.code == 1
    assert run.errors == [
        "inputs/b.yaml:1:1: error: expected a meeting (kind, title, date, …), got a list"
    ]
    assert run.stderr.splitlines()[-1] == "1 built, 1 failed, 1 not attempted (--fail-fast)"
    assert [p.name for p in briefs(root / "output")] == ["a.docx"]


# --- Bad templates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "line"),
    [
        (
            "<p>\n{% if %}\n",
            "templates/post-meeting.html.j2:2: error: template syntax error: ",
        ),
        (
            '{% extends "builtin/post-meeting.html.j2" %}\n{% block content %}\n'
            "{{ meeting.actions[0].nonsense }}\n{% endblock %}\n",
            "templates/post-meeting.html.j2:3: error: undefined: there is no item 0 in a list of 0",
        ),
        ('{% include "../../etc/passwd" %}\n', "../../etc/passwd: error: template not found"),
    ],
    ids=["syntax", "undefined", "include-outside"],
)
def test_a_bad_template_fails_before_any_output_is_written(
    tmp_path: Path, template: str, line: str
) -> None:
    files = {f"inputs/m{i}.yaml": MINIMAL for i in range(3)}
    root = write_tree(tmp_path, {**files, "templates/post-meeting.html.j2": template})
    run = build(root, "inputs", previous=("m0.docx", "m1.pdf"))
    assert run.code == 1
    # once, however many inputs use the template; a syntax error ends with Jinja's own account
    shown = [e[: len(line)] if line.endswith(": ") else e for e in run.errors]
    assert shown == [line]
    assert run.stderr.splitlines()[-1] == "nothing built: the templates have errors"
    assert sorted(p.name for p in briefs(root / "output")) == ["m0.docx", "m1.pdf"]
    assert (root / "output" / "m0.docx").read_bytes() == PREVIOUS


# --- Reproducible output ----------------------------------------------------------------------


def test_rebuilds_are_byte_identical_and_honour_source_date_epoch(tmp_path: Path) -> None:
    inputs = {f"inputs/{p.name}": p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.yaml")}
    root = write_tree(tmp_path, {**inputs, PEOPLE.name: PEOPLE.read_text(encoding="utf-8")})

    def outputs(folder: str, env: dict[str, str]) -> dict[str, bytes]:
        subprocess.run(
            [str(BRIEFGEN), "build", "inputs", "-o", folder, "-q"],
            cwd=root,
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
        return {p.name: p.read_bytes() for p in briefs(root / folder)}

    first = outputs("one", {})
    assert len(first) == 2 * len(inputs)
    assert outputs("two", {}) == first
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z
    dated = outputs("three", epoch)
    assert outputs("four", epoch) == dated != first
    pdf = PdfReader(root / "three" / "vn-uk-reception-summary.pdf").metadata
    assert pdf["/ModDate"].startswith("D:20260101000000")
    assert pdf["/CreationDate"].startswith("D:20250304")  # the meeting date, whatever the epoch
    props = Document(str(root / "three" / "vn-uk-reception-summary.docx")).core_properties
    modified = props.modified  # python-docx before 1.2 reads it back without its zone (UTC)
    assert modified.replace(tzinfo=modified.tzinfo or timezone.utc).isoformat() == (
        "2026-01-01T00:00:00+00:00"
    )


# --- Odd corners ------------------------------------------------------------------------------


def test_a_failed_write_leaves_both_formats_as_they_were(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL})
    (root / "output" / "m.pdf").mkdir(parents=True)  # the PDF cannot be written
    run = build(root, "inputs", previous=("m.docx",))
    assert run.code == 1
    assert run.errors == ["output: error: cannot write m.pdf in this folder: is a folder"]
    assert (root / "output" / "m.docx").read_bytes() == PREVIOUS  # not a new DOCX beside it


def test_odd_temporary_names_in_the_output_folder_are_left_alone(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL})
    output = root / "output"
    folder = output / ".x.docx.briefgen-999999-0123456789abcdef.tmp"  # not a temporary file
    folder.mkdir(parents=True)
    long_pid = output / ".y.docx.briefgen-99999999999999999999-0123456789abcdef.tmp"
    long_pid.write_text("not a pid")
    result = subprocess.run(
        [str(BRIEFGEN), "build", "inputs"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert folder.is_dir()
    assert long_pid.is_file()


@pytest.mark.parametrize("value", ["yesterday", "²", "99999999999999999999", "-5", "1.5"])
def test_unusable_source_date_epochs_are_usage_errors(tmp_path: Path, value: str) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL})
    result = subprocess.run(
        [str(BRIEFGEN), "build"],
        cwd=root,
        env={**os.environ, "SOURCE_DATE_EPOCH": value},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"SOURCE_DATE_EPOCH: error: expected whole seconds since 1970-01-01, got '{value}'"
    ]
    assert result.stdout == ""
    assert not (root / "output").exists()


def test_symlink_loops_are_reported_not_followed(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL})
    (root / "loop").symlink_to(root / "loop")
    run = build(root, "inputs", "-o", "loop")
    assert run.code == 2
    assert run.errors == ["loop: error: cannot be resolved: too many symbolic links (a loop?)"]
    (root / "templates" / "fonts").mkdir(parents=True)
    (root / "templates" / "fonts" / "a.ttf").symlink_to(root / "templates" / "fonts" / "a.ttf")
    run = build(root, "inputs")
    assert run.code == 1
    assert run.errors == [
        "templates/fonts/a.ttf: error: cannot be resolved: too many symbolic links (a loop?)"
    ]


def test_a_character_yaml_refuses_is_placed_in_characters_after_accented_text(
    tmp_path: Path,
) -> None:
    meeting = "kind: post-meeting\ntitle: Tiếp Đoàn Bộ Nội vụ \x01\ndate: 2025-01-01\n"
    root = hostile(tmp_path, {"inputs/bad.yaml": meeting})
    run = build(root, "inputs", previous=("bad.docx", "bad.pdf"))
    expect_one_failure(
        run, "inputs/bad.yaml:2:28: error: the character U+0001 is not allowed in YAML"
    )


def test_a_reference_docx_without_the_usual_styles_still_builds(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "inputs/m.yaml": MINIMAL.replace(
                "post-meeting", "post-meeting\nclassification: OFFICIAL\nactions: [{action: Do it}]"
            )
        },
    )
    bare = Document()
    for style in list(bare.styles.element.style_lst):
        if style.name_val.lower() in {"header", "footer", "table grid", "title", "list number"}:
            bare.styles.element.remove(style)
    (root / "templates").mkdir()
    bare.save(str(root / "templates" / "reference.docx"))
    run = build(root, "inputs", "-f", "docx")
    assert run.code == 0, run.stderr
    text = docx_text(root / "output" / "m.docx")
    assert "Budget review" in text and "Do it" in text


def test_labels_that_change_shape_are_a_template_error(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path, {"inputs/m.yaml": MINIMAL, "templates/labels/en.yaml": "statuses: Status\n"}
    )
    run = build(root, "inputs")
    assert run.code == 1
    assert run.errors == [
        "templates/labels/en.yaml: error: statuses: must be a mapping, as in the English labels"
    ]


def test_one_file_named_two_ways_is_built_once(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL})
    run = build(root, "inputs", str(root / "inputs" / "m.yaml"), "./inputs/../inputs/m.yaml")
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines() == [
        "inputs/m.yaml -> output/m.docx, output/m.pdf",
        "1 built, 0 failed",
    ]


def test_outputs_follow_the_umask(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"inputs/m.yaml": MINIMAL})
    result = subprocess.run(
        ["sh", "-c", f"umask 077 && exec {BRIEFGEN} build inputs -f docx"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (root / "output" / "m.docx").stat().st_mode & 0o777 == 0o600
