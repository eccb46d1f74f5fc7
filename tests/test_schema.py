"""The JSON Schema of meeting files: made from the model, shipped in the package, and agreeing
with `briefgen check` on what a meeting file may hold."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefgen.schema import schema_text, shipped
from briefgen.yaml_source import read_yaml

from conftest import EXAMPLES, MINIMAL, ROOT, run_cli, write_tree

VALID_FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
PEOPLE = """\
- id: quang
  name: Lương Tam Quang
- id: ridley
  name: Simon Ridley
"""


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(shipped().read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(validator: jsonschema.Draft7Validator, path: Path) -> list[str]:
    """The schema's complaints about a meeting file, read as briefgen reads it."""
    source = read_yaml(path)
    assert not source.problems
    return [e.message for e in validator.iter_errors(source.data)]


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert shipped().read_text(encoding="utf-8") == schema_text(), "run `make schema`"


def test_the_schema_is_draft_07_and_describes_the_fields(
    validator: jsonschema.Draft7Validator,
) -> None:
    schema = validator.schema
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["kind", "title", "date"]
    action = schema["definitions"]["Action"]
    assert action["additionalProperties"] is False
    assert action["properties"]["status"]["enum"] == ["open", "in-progress", "done", "dropped"]
    assert schema["properties"]["time"]["examples"] == ["09:30", "09:30–12:45"]
    assert "HH:MM" in schema["properties"]["time"]["description"]


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_every_example_and_fixture_is_valid(
    validator: jsonschema.Draft7Validator, path: Path
) -> None:
    assert errors(validator, path) == []


def test_the_shorthand_is_valid(validator: jsonschema.Draft7Validator, workspace: Path) -> None:
    """Bare text for a talking point or agenda item, a bare register id for a participant, a
    register id with this meeting's fields, an empty list: valid to both."""
    body = (
        "participants:\n  - quang\n  - id: ridley\n    title: Permanent Secretary\n"
        "talking_points:\n  - Thank the UK side.\n"
        "agenda:\n  - Welcome\n"
        "actions:\n"
        "sources: ~\n"
    )
    write_tree(workspace, {"m.yaml": MINIMAL + body, "people.yaml": PEOPLE})
    assert run_cli("check", "m.yaml", cwd=workspace).returncode == 0
    assert errors(validator, workspace / "m.yaml") == []


def test_paragraphs_and_internal_entries_are_valid(
    validator: jsonschema.Draft7Validator, workspace: Path
) -> None:
    """The summary as a list of paragraphs, one of them internal; entries marked internal."""
    body = (
        "summary:\n  - Said.\n  - text: Kept to ourselves.\n    internal: true\n"
        "background: One paragraph.\n"
        "participants:\n  - name: A\n    internal: false\n"
        "actions:\n  - action: Do it.\n    internal: true\n"
        "release_classification: OFFICIAL\n"
    )
    write_tree(workspace, {"m.yaml": MINIMAL + body})
    assert run_cli("check", "m.yaml", cwd=workspace).returncode == 0
    assert errors(validator, workspace / "m.yaml") == []


def test_plain_values_an_editor_reads_as_numbers_are_valid(
    validator: jsonschema.Draft7Validator, workspace: Path
) -> None:
    """An editor reads YAML 1.2: `2025` is a number, `true` a boolean; briefgen keeps the text."""
    body = "location: true\nseries: 2025\nobjectives: [12]\nactions:\n  - action: 1\n    id: 7\n"
    write_tree(workspace, {"m.yaml": MINIMAL + body})
    assert run_cli("check", "m.yaml", cwd=workspace).returncode == 0
    as_an_editor_reads_it = {**read_yaml(workspace / "m.yaml").data, **yaml.safe_load(body)}
    assert as_an_editor_reads_it["series"] == 2025
    assert list(validator.iter_errors(as_an_editor_reads_it)) == []


INVALID = {
    "unknown field": MINIMAL + "venue: Hà Nội\n",
    "unknown field in an entry": MINIMAL
    + "actions:\n  - action: Plan.\n    due_date: 2025-06-01\n",
    "bad status": MINIMAL + "actions:\n  - action: Plan.\n    status: finished\n",
    "bad kind": MINIMAL.replace("post-meeting", "debrief"),
    "bad date format": MINIMAL.replace("2025-05-06", "06/05/2025"),
    "bad date format in an entry": MINIMAL + "actions:\n  - action: Plan.\n    due: 1 June\n",
    "wrong type: text for a list": MINIMAL + "objectives: Agree the budget.\n",
    "wrong type: a list for text": MINIMAL + "location: [Hà Nội, Huế]\n",
    "wrong type: a mapping for a list entry": MINIMAL + "objectives:\n  - {a: b}\n",
    "missing required field": MINIMAL.replace("title: Budget review\n", ""),
    "missing required field in an entry": MINIMAL + "agreements:\n  - kind: MoU\n",
    "participant without name or id": MINIMAL + "participants:\n  - role: host\n",
    "talking point without its point": MINIMAL + "talking_points:\n  - by: quang\n",
    "bad time": MINIMAL + "time: 9.30\n",
    "bad time: no such hour": MINIMAL + "time: 25:00\n",
    "bad time: range": MINIMAL + "time: 09:30 to 12:45\n",
    "bad language": MINIMAL + "language: English\n",
    "bad web address": MINIMAL + "sources:\n  - id: a\n    title: A\n    url: example.org\n",
}


@pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
def test_invalid_inputs_fail_the_schema_and_check(
    validator: jsonschema.Draft7Validator, workspace: Path, text: str
) -> None:
    write_tree(workspace, {"m.yaml": text})
    result = run_cli("check", "m.yaml", cwd=workspace)
    assert result.returncode == 1, result.stderr
    assert "m.yaml:" in result.stderr and "error:" in result.stderr
    assert errors(validator, workspace / "m.yaml") != []


def test_the_command_prints_the_shipped_schema(workspace: Path) -> None:
    result = run_cli("schema", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(shipped().read_text(encoding="utf-8"))
    assert result.stdout == shipped().read_text(encoding="utf-8")


def test_the_command_writes_the_schema_to_a_file(workspace: Path) -> None:
    result = run_cli("schema", "-o", "meeting.schema.json", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert (workspace / "meeting.schema.json").read_bytes() == shipped().read_bytes()
