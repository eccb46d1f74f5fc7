"""The library API: building batches, template overrides, atomic writes, clashing outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefgen
from briefgen.atomic_files import write_atomically

from conftest import MINIMAL, briefs, run_cli, write_tree


def test_build_reports_each_input(workspace: Path) -> None:
    write_tree(workspace, {"inputs/a.yaml": MINIMAL, "inputs/b.yml": "kind: [x]\n"})
    report = briefgen.build(formats=["html"])
    assert [r.input for r in report.results] == [Path("inputs/a.yaml"), Path("inputs/b.yml")]
    assert report.succeeded[0].outputs == [Path("output/a.html")]
    assert [str(p) for p in report.failed[0].problems] == [
        "inputs/b.yml:1:1: error: title: required field is missing",
        "inputs/b.yml:1:1: error: date: required field is missing",
        "inputs/b.yml:1:7: error: kind: expected one of: pre-meeting, post-meeting; got a list",
    ]


def test_api_and_cli_write_the_same_bytes(workspace: Path) -> None:
    write_tree(workspace, {"inputs/m.yaml": MINIMAL})
    briefgen.build(output_dir="api", formats=["html", "docx"])
    assert run_cli("build", "-o", "cli", "-f", "html,docx", cwd=workspace).returncode == 0
    for name in ("m.html", "m.docx"):
        assert (workspace / "api" / name).read_bytes() == (workspace / "cli" / name).read_bytes()


def test_one_path_is_taken_whole_and_formats_in_any_case(workspace: Path) -> None:
    """`briefgen.build("inputs/m.yaml")` builds that file (a string is not a list of paths);
    `-f PDF,Html` is `-f pdf,html`."""
    write_tree(workspace, {"inputs/m.yaml": MINIMAL, "inputs/n.yaml": MINIMAL})
    report = briefgen.build("inputs/m.yaml", formats=["html"])
    assert [r.input for r in report.results] == [Path("inputs/m.yaml")]
    assert [r.input for r in briefgen.check(Path("inputs/n.yaml")).results] == [
        Path("inputs/n.yaml")
    ]
    assert briefgen.actions("inputs/m.yaml").problems == []
    result = run_cli("build", "inputs/n.yaml", "-o", "cli", "-f", "PDF,Html", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in briefs(workspace / "cli")) == ["n.html", "n.pdf"]


def test_workspace_template_extends_the_builtin_one(workspace: Path) -> None:
    write_tree(
        workspace,
        {
            "inputs/m.yaml": MINIMAL + "summary: Costs are down.\n",
            "templates/post-meeting.html.j2": """\
            {% extends "builtin/post-meeting.html.j2" %}
            {% block content %}<p class="stamp">Reviewed copy</p>{{ super() }}{% endblock %}
        """,
            "templates/brief.css": "p.stamp { color: red; }\n",
        },
    )
    html = (workspace / briefgen.build(formats=["html"]).results[0].outputs[0]).read_text()
    assert '<p class="stamp">Reviewed copy</p>' in html
    assert "<h2>Outcome</h2>" in html and "Costs are down." in html
    assert "p.stamp { color: red; }" in html and "@page" not in html


def test_extra_css_adds_to_the_stylesheet_and_verbose_names_the_templates(
    workspace: Path,
) -> None:
    write_tree(
        workspace,
        {"inputs/m.yaml": MINIMAL, "templates/extra.css": "h1 { color: rgb(1, 2, 3); }\n"},
    )
    result = run_cli("build", "-f", "html", "-v", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "templates: templates: extra.css; briefgen's own for the rest"
    )
    html = (workspace / "output" / "m.html").read_text(encoding="utf-8")
    assert html.index("@page") < html.index("h1 { color: rgb(1, 2, 3); }") < html.index("</style>")


def test_templates_export_copies_the_defaults_as_a_starting_point(workspace: Path) -> None:
    write_tree(workspace, {"inputs/m.yaml": MINIMAL, "mine/brief.css": "/* mine */\n"})
    result = run_cli("templates", "export", "mine", cwd=workspace)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "mine/brief.css: exists, left as it is" in lines
    assert "mine/base.html.j2: written" in lines and "mine/reference.docx: written" in lines
    assert (workspace / "mine" / "brief.css").read_text() == "/* mine */\n"
    (workspace / "mine" / "brief.css").unlink()
    assert run_cli("templates", "export", "mine", cwd=workspace).returncode == 0
    # the copy builds what briefgen's own templates build
    assert run_cli("build", "-o", "own", "-f", "docx", cwd=workspace).returncode == 0
    result = run_cli("build", "-o", "copy", "-f", "docx", "--templates", "mine", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert (workspace / "own/m.docx").read_bytes() == (workspace / "copy/m.docx").read_bytes()


def test_templates_option_names_the_override_folder(workspace: Path) -> None:
    write_tree(
        workspace,
        {
            "inputs/m.yaml": MINIMAL,
            "house/base.html.j2": "<html><body><h1>{{ meeting.title }} (house)</h1></body></html>",
        },
    )
    report = briefgen.build(formats=["html"], templates="house")
    assert "<h1>Budget review (house)</h1>" in report.results[0].outputs[0].read_text()


def test_template_error_names_template_and_line_and_writes_nothing(workspace: Path) -> None:
    write_tree(
        workspace,
        {
            "inputs/m.yaml": MINIMAL,
            "templates/post-meeting.html.j2": '{% extends "builtin/post-meeting.html.j2" %}\n'
            "{% block content %}\n{{ meeting.no_such_field }}\n{% endblock %}\n",
        },
    )
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.build(formats=["html", "docx"])
    assert [str(p) for p in caught.value.problems] == [
        "templates/post-meeting.html.j2:3: error: undefined: Meeting has no field or key"
        " 'no_such_field'"
    ]
    assert not Path("output").exists()


def test_template_syntax_error(workspace: Path) -> None:
    write_tree(
        workspace,
        {
            "inputs/m.yaml": MINIMAL,
            "templates/post-meeting.html.j2": "<p>\n{% if %}\n",
        },
    )
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.build(formats=["html"])
    [problem] = caught.value.problems  # briefgen's words, then Jinja's own account
    assert str(problem).startswith(
        "templates/post-meeting.html.j2:2: error: template syntax error: "
    )


def test_inputs_that_would_write_the_same_files_both_fail(workspace: Path) -> None:
    write_tree(workspace, {"a/m.yaml": MINIMAL, "b/m.yaml": MINIMAL, "c/n.yaml": MINIMAL})
    report = briefgen.build(["a", "b", "c"], formats=["html"])
    assert [str(p) for r in report.failed for p in r.problems] == [
        "a/m.yaml: error: writes the same output files as b/m.yaml",
        "b/m.yaml: error: writes the same output files as a/m.yaml",
    ]
    assert [p.name for p in briefs(Path("output"))] == ["n.html"]


def test_hidden_files_of_a_folder_are_no_meetings(tmp_path: Path) -> None:
    """Editors leave hidden files beside the one being edited (Emacs: `.#m.yaml`); a file
    named on the command line is read whatever its name."""
    write_tree(tmp_path, {"inputs/m.yaml": MINIMAL, "inputs/.#m.yaml": "", "inputs/.n.yaml": "x"})
    result = run_cli("check", "inputs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 valid, 0 failed\n"
    result = run_cli("check", "inputs/.n.yaml", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.startswith("inputs/.n.yaml:1:1: error:")


def test_unknown_format_is_a_config_error(workspace: Path) -> None:
    write_tree(workspace, {"inputs/m.yaml": MINIMAL})
    with pytest.raises(briefgen.ConfigError, match="odt: error: unknown format"):
        briefgen.build(formats=["odt"])


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_write_atomically_leaves_no_temporary_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"previous")

    def fail(fd: int) -> None:
        raise error

    monkeypatch.setattr("briefgen.atomic_files.os.fsync", fail)
    with pytest.raises(type(error)):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_write_atomically_replaces_the_file(tmp_path: Path) -> None:
    target = write_atomically(tmp_path / "sub" / "brief.docx", b"new")
    assert target.read_bytes() == b"new"
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_every_format_the_command_line_offers_has_a_writer() -> None:
    from briefgen.options import FORMATS
    from briefgen.writers import WRITERS

    assert tuple(WRITERS) == FORMATS
