"""`briefgen init` and `briefgen new`: a workspace and meeting files ready to fill in, checked
with the real command, by the schema the editor reads, and never written over a file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import yaml

from conftest import EXAMPLES, PEOPLE, run_cli

SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(?P<where>\S+)\n")


def schema_of(file: Path) -> dict:
    """The schema a file's first line names, read as the editor would find it."""
    where = SCHEMA_LINE.match(file.read_text(encoding="utf-8"))["where"]
    path = (file.parent / where) if not Path(where).is_absolute() else Path(where)
    return json.loads(path.read_text(encoding="utf-8"))


class Yaml12(yaml.SafeLoader):
    """YAML as editors read it (1.2): `2025-03-04` is text, not a date."""


Yaml12.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_errors(file: Path) -> list[str]:
    """The fields an editor marks, by the schema the file names."""
    validator = jsonschema.Draft7Validator(schema_of(file))
    data = yaml.load(file.read_text(encoding="utf-8"), Loader=Yaml12)  # noqa: S506
    return sorted(".".join(map(str, e.absolute_path)) for e in validator.iter_errors(data))


def test_init_makes_a_workspace_that_checks_and_builds(tmp_path: Path) -> None:
    result = run_cli("init", "ws", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "ws"
    written = [line.removesuffix(": written") for line in result.stdout.splitlines()]
    assert sorted(written) == sorted(
        f"ws/{name}"
        for name in (
            "briefgen.yaml",
            "inputs/example-meeting.yaml",
            ".gitignore",
            ".pre-commit-config.yaml",
            ".vscode/settings.json",
            ".briefgen/meeting.schema.json",
            ".briefgen/workspace.schema.json",
        )
    )
    assert run_cli("check", cwd=root).stdout.endswith("1 valid, 0 failed\n")
    built = run_cli("build", "-f", "html", cwd=root / "inputs")  # the workspace file is found
    assert built.returncode == 0, built.stderr
    assert (root / "output" / "example-meeting.html").is_file()
    assert "output/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    hook = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hook["repos"][0]["hooks"][0]["entry"] == "briefgen check"
    # the editor maps the schemas to the files, and each file names its schema too
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema, globs in settings["yaml.schemas"].items():
        assert (root / schema).is_file() and globs
    for file in (root / "briefgen.yaml", root / "inputs" / "example-meeting.yaml"):
        assert editor_errors(file) == []
        where = SCHEMA_LINE.match(file.read_text(encoding="utf-8"))["where"]
        assert (file.parent / where).resolve().parent == (root / ".briefgen").resolve()  # its own


def test_init_never_replaces_a_file(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc\n", encoding="utf-8")
    result = run_cli("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ".gitignore: exists, left as it is" in result.stdout.splitlines()
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n"
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    again = run_cli("init", cwd=tmp_path)
    assert again.returncode == 0 and "written" not in again.stdout
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_new_file_checks_once_its_blanks_are_filled(tmp_path: Path) -> None:
    run_cli("init", cwd=tmp_path)
    for kind in ("pre-meeting", "post-meeting"):
        result = run_cli("new", kind, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        path = tmp_path / result.stdout.split(":")[0]
        assert path == tmp_path / "inputs" / f"{kind}.yaml"
        assert editor_errors(path) == ["date", "title"]  # the blanks; none for what is commented
        check = run_cli("check", str(path.relative_to(tmp_path)), cwd=tmp_path)
        errors = [line for line in check.stderr.splitlines() if ": error: " in line]
        assert [line.split(": error: ")[1] for line in errors] == [
            "title: expected text, got nothing",
            "date: expected a date as YYYY-MM-DD, got nothing",
        ]
        text = path.read_text(encoding="utf-8")
        text = text.replace("title:  #", "title: Board  #").replace(
            "date:  #", "date: 2025-05-06  #"
        )
        path.write_text(text, encoding="utf-8")
        assert run_cli("check", str(path.relative_to(tmp_path)), cwd=tmp_path).returncode == 0


def test_new_with_title_and_date_names_its_file_after_them(tmp_path: Path) -> None:
    run_cli("init", cwd=tmp_path)
    args = ("new", "post-meeting", "--title", "Hội đồng quý 2", "--date", "2025-06-30")
    result = run_cli(*args, "--series", "board", cwd=tmp_path)
    assert result.stdout == "inputs/2025-06-30-hoi-ong-quy-2.yaml: written\n"
    path = tmp_path / "inputs" / "2025-06-30-hoi-ong-quy-2.yaml"
    assert "title: Hội đồng quý 2" in path.read_text(encoding="utf-8")
    assert run_cli("check", cwd=tmp_path).stdout.endswith("2 valid, 0 failed\n")
    again = run_cli(*args, cwd=tmp_path)
    assert again.returncode == 2
    assert (
        again.stderr == f"{path.relative_to(tmp_path)}: error: exists; name another file with -o\n"
    )


def examples(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "inputs")
    shutil.copy(PEOPLE, tmp_path / PEOPLE.name)
    return tmp_path


def test_a_summary_starts_from_the_brief_of_its_meeting(tmp_path: Path) -> None:
    root = examples(tmp_path)
    brief = "inputs/vn-uk-reception-brief.yaml"
    result = run_cli("new", "post-meeting", "--from", brief, "-o", "inputs/s.yaml", cwd=root)
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((root / "inputs" / "s.yaml").read_text(encoding="utf-8"))
    source = yaml.safe_load((root / brief).read_text(encoding="utf-8"))
    for key in ("title", "location", "series", "language", "classification", "prepared_by"):
        assert written[key] == source[key], key
    assert str(written["date"]) == str(source["date"])
    assert [p["id"] for p in written["participants"]] == ["quang", "ridley"]
    assert written["agenda"] == source["agenda"]
    # the proposals in play, by id: the summary records their outcome (updates in the series)
    assert written["proposals"] == [{"id": f"PR{i}", "status": "proposed"} for i in range(1, 6)]
    check = run_cli("check", "inputs/s.yaml", cwd=root)
    assert check.returncode == 0, check.stderr


def test_the_next_brief_starts_from_the_meeting_before(tmp_path: Path) -> None:
    root = examples(tmp_path)
    summary = "inputs/vn-uk-reception-summary.yaml"
    result = run_cli(
        "new",
        "pre-meeting",
        "--from",
        summary,
        "--date",
        "2026-01-20",
        "--title",
        "5th round",
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    path = root / "inputs" / "2026-01-20-5th-round.yaml"
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert written["series"] == "vn-uk-migration-dialogue"
    assert [p["name"] for p in written["participants"]] == ["Lương Tam Quang", "Simon Ridley"]
    assert all("sources" not in p for p in written["participants"])  # the other file's sources
    assert "proposals" not in written or not written["proposals"]
    check = run_cli("check", str(path.relative_to(root)), cwd=root)
    assert check.returncode == 0, check.stderr


def test_new_from_a_broken_file_reports_it(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("kind: pre-meeting\ntitle: T\ndate: 2025-13-01\n")
    result = run_cli("new", "post-meeting", "--from", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        result.stderr == "bad.yaml:3:7: error: date: '2025-13-01' is not a date in the calendar\n"
    )
    assert not (tmp_path / "inputs").exists()


def test_the_next_brief_starts_from_a_meeting_that_names_people_from_the_register(
    tmp_path: Path,
) -> None:
    root = examples(tmp_path)
    later = "inputs/vn-uk-dialogue-4-brief.yaml"  # participants as register ids
    result = run_cli("new", "pre-meeting", "--from", later, "-o", "inputs/n.yaml", cwd=root)
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((root / "inputs" / "n.yaml").read_text(encoding="utf-8"))
    source = yaml.safe_load((root / later).read_text(encoding="utf-8"))
    assert written["participants"] == source["participants"]  # as written: ids stay ids
