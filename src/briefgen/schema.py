"""The JSON Schemas of meeting files and of the workspace file (`briefgen.yaml`), made from the
models, for editors to complete and check them.

The model describes a meeting once it is read; the schema describes what a user writes in the
YAML file, which allows a little more: shorthand the model converts before validation, and plain
values an editor reads by YAML 1.2 rules (`id: 12`, a number to an editor) that briefgen keeps as
the text typed. It is draft-07, the version editors support best (VS Code's YAML extension)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import Meeting

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SHIPPED = Path(__file__).parent / "schemas"
# YAML 1.2 reads `12` as a number and `true` as a boolean; briefgen reads both as text.
PLAIN_TEXT = ["string", "number", "boolean"]
# Lists whose entries may be written as bare text, by the definition and field holding them:
# talking points, agenda items and annexes (see `model._wrap`), participants by a register id (see
# `people.Register.resolve`); what that text means.
SHORTHAND = {
    ("Meeting", "talking_points"): "The point, as text.",
    ("Meeting", "agenda"): "The item, as text.",
    ("Meeting", "participants"): "An id from the register of people (people.yaml).",
    ("Meeting", "apologies"): "A name, or an id from the register of people (people.yaml).",
    ("Meeting", "annexes"): "The path of a PDF or a meeting file.",
    ("Meeting", "summary"): "A paragraph, as text.",
    ("Meeting", "background"): "A paragraph, as text.",
}
PROSE = ("summary", "background")  # text, or a list of paragraphs (see `model._prose`)


def meeting_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a meeting file."""
    schema = Meeting.model_json_schema(mode="validation", ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    for name, definition in [("Meeting", schema), *definitions.items()]:
        for field, prop in definition["properties"].items():
            shorthand = SHORTHAND.get((name, field))
            if shorthand:
                text = {"type": "string", "minLength": 1, "description": shorthand}
                prop["items"] = {"anyOf": [text, prop["items"]]}
            if name == "Meeting" and field in PROSE:  # text itself, or its paragraphs
                description = prop.pop("description")
                definition["properties"][field] = {
                    "description": description,
                    "anyOf": [{"type": "string"}, prop],
                }
    # A person with an id from the register of people may leave out the name.
    for person in (definitions["Participant"], definitions["Apology"]):
        person["anyOf"] = [{"required": [r]} for r in ("name", "id")]
        del person["required"]
    return {
        "$schema": DRAFT_07,
        "title": "briefgen meeting",
        **_editor_view(schema),
        "definitions": {name: _editor_view(d) for name, d in sorted(definitions.items())},
    }


def _editor_view(node: Any) -> Any:
    """A schema node as an editor should see it: without the titles pydantic makes of field
    names and its `null`/`[]` defaults (a completion would insert them); lists may be written
    empty (null); text is any plain value; a choice of types as one list; `$ref` alone, as
    draft-07 reads it."""
    if isinstance(node, list):
        return [_editor_view(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {  # keys in one order whatever pydantic's; fields in the model's
        key: {k: _editor_view(v) for k, v in value.items()}
        if key == "properties"
        else _editor_view(value)
        for key, value in sorted(node.items())
        if key != "title" and not (key == "default" and value in (None, []))
    }
    if isinstance(out.get("description"), str):  # docstrings: one paragraph each
        out["description"] = out["description"].replace("\n", " ")
    if out.get("type") == "string" and not ({"enum", "pattern", "const"} & out.keys()):
        out["type"] = PLAIN_TEXT
    if out.get("type") == "array":
        out["type"] = ["array", "null"]
    alternatives = out.get("anyOf", [])
    if alternatives and all(a.keys() == {"type"} for a in alternatives):  # one list of types
        del out["anyOf"]
        out["type"] = [t for a in alternatives for t in _listed(a["type"])]
    if "$ref" in out and len(out) > 1:
        out = {"allOf": [{"$ref": out.pop("$ref")}], **out}
    return out


def _listed(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def workspace_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of `briefgen.yaml`."""
    from .workspace import WorkspaceFile

    schema = WorkspaceFile.model_json_schema(
        mode="validation", ref_template="#/definitions/{model}"
    )
    definitions = schema.pop("$defs", {})
    return {
        "$schema": DRAFT_07,
        "title": "briefgen workspace",
        **_editor_view(schema),
        "definitions": {name: _editor_view(d) for name, d in sorted(definitions.items())},
    }


def shipped(kind: str = "meeting") -> Path:
    """The schema file the package ships for `kind` (see options.SCHEMA_KINDS)."""
    return SHIPPED / f"{kind}.schema.json"


def schema_text(kind: str = "meeting") -> str:
    """The schema as the file ships it: JSON, two-space indented, ending with a new line."""
    schema = meeting_schema() if kind == "meeting" else workspace_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
