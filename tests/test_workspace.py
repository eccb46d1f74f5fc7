"""The workspace file, `briefgen.yaml`: found in the current folder or a parent, read strictly,
its settings laid under the flags given; through the real command and the Python API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import briefgen

from conftest import MINIMAL, briefs, run_cli, write_tree

WORKSPACE = """\
inputs: [meetings]
output: briefs
formats: [html]
paper: letter
defaults:
  classification: OFFICIAL-SENSITIVE
  prepared_by: Board secretariat
"""
OWN_MARKING = MINIMAL + "classification: PUBLIC\n"


def workspace(tmp_path: Path, config: str = WORKSPACE) -> Path:
    return write_tree(
        tmp_path,
        {
            "briefgen.yaml": config,
            "meetings/plain.yaml": MINIMAL,
            "meetings/marked.yaml": OWN_MARKING,
            "notes/.keep": "",
        },
    )


def page_size(html: str) -> str:
    return re.search(r"size: ([a-z0-9]+);", html).group(1)


def test_the_file_is_found_from_a_subfolder_and_its_paths_are_its_folders(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    result = run_cli("build", cwd=root / "notes")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in briefs(root / "briefs")] == ["marked.html", "plain.html"]
    plain = (root / "briefs" / "plain.html").read_text(encoding="utf-8")
    marked = (root / "briefs" / "marked.html").read_text(encoding="utf-8")
    # the defaults are the meetings' unless a meeting says otherwise
    assert "OFFICIAL-SENSITIVE" in plain and "Board secretariat" in plain
    assert "PUBLIC" in marked and "OFFICIAL-SENSITIVE" not in marked
    assert page_size(plain) == "letter"


def test_a_flag_given_wins_and_a_flag_not_given_never_overrides(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    result = run_cli("build", "meetings/plain.yaml", "-o", "elsewhere", "--paper", "a4", cwd=root)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in briefs(root / "elsewhere")] == ["plain.html"]  # formats: file's
    assert page_size((root / "elsewhere" / "plain.html").read_text(encoding="utf-8")) == "a4"
    assert not (root / "briefs").exists()


def test_config_names_a_workspace_file_anywhere(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws")
    (root / "briefgen.yaml").rename(tmp_path / "other.yaml")
    write_tree(tmp_path, {"other.yaml": WORKSPACE.replace("meetings", "ws/meetings")})
    result = run_cli("check", "--config", str(tmp_path / "other.yaml"), cwd=root / "notes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("2 valid, 0 failed\n")


def test_the_file_is_read_as_strictly_as_a_meeting(tmp_path: Path) -> None:
    config = "inputs: [meetings]\nouptut: briefs\nformats: [odt]\ndefaults:\n  languge: vi\n"
    root = workspace(tmp_path, config + "paper: a5\n")
    result = run_cli("check", cwd=root)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "briefgen.yaml:2:1: error: ouptut: unknown field (did you mean 'output'?)",
        "briefgen.yaml:3:11: error: formats[0]: 'odt' is not one of: docx, pdf, html",
        "briefgen.yaml:5:3: error: defaults.languge: unknown field (did you mean 'language'?)",
        "briefgen.yaml:6:8: error: paper: 'a5' is not one of: a4, letter",
    ]


def test_a_default_is_checked_like_the_field_it_fills(tmp_path: Path) -> None:
    root = workspace(tmp_path, "defaults:\n  language: en@x\n  timezone: Europe/Londn\n")
    result = run_cli("check", "meetings", cwd=root)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "briefgen.yaml:2:13: error: defaults.language: 'en@x' is not a language tag such as "
        "en, en-GB, vi, pt-BR",
        "briefgen.yaml:3:13: error: defaults.timezone: 'Europe/Londn' is not a time zone name "
        "such as Europe/London or Asia/Ho_Chi_Minh (did you mean 'Europe/London'?)",
    ]


def test_an_empty_file_marks_a_workspace_of_the_defaults(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"briefgen.yaml": "# the defaults\n", "inputs/m.yaml": MINIMAL})
    result = run_cli("build", "-f", "html", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "output" / "m.html").is_file()


def test_the_api_takes_the_same_settings_as_one_object(tmp_path: Path, monkeypatch) -> None:
    root = workspace(tmp_path)
    monkeypatch.chdir(root / "notes")
    settings = briefgen.Settings.resolve()
    assert settings.config == Path("../briefgen.yaml")
    assert settings.inputs == (Path("../meetings"),) and settings.output == Path("../briefs")
    assert settings.options.paper == "letter" and settings.formats == ("html",)
    report = settings.build()
    assert [r.outputs for r in report.results] == [
        [Path("../briefs/marked.html")],
        [Path("../briefs/plain.html")],
    ]
    assert briefgen.Settings.resolve(output="x", paper="a4").output == Path("x")


def test_the_workspace_schema_ships_and_agrees_with_the_reader(tmp_path: Path) -> None:
    import jsonschema
    import yaml

    from briefgen.schema import schema_text, shipped

    assert shipped("workspace").read_text(encoding="utf-8") == schema_text("workspace")
    schema = json.loads(schema_text("workspace"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(yaml.safe_load(WORKSPACE))) == []
    for wrong in ("ouptut: briefs\n", "formats: [odt]\n", "defaults:\n  languge: vi\n"):
        assert list(validator.iter_errors(yaml.safe_load(wrong))), wrong
        root = write_tree(tmp_path / str(abs(hash(wrong))), {"briefgen.yaml": wrong})
        assert run_cli("check", cwd=root).returncode == 2, wrong
    result = run_cli("schema", "workspace", cwd=tmp_path)
    assert result.returncode == 0 and json.loads(result.stdout) == schema
