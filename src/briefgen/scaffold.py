"""New workspaces and new meeting files: `briefgen init` and `briefgen new`.

Every file is created whole or not at all, and never over an existing one. Each YAML file starts
with a `# yaml-language-server: $schema=…` line, so that an editor completes and checks it."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .atomic_files import create_new
from .errors import ConfigError, Problem, os_reason
from .people import EMPTY_REGISTER, Register
from .schema import schema_text, shipped
from .template_set import DEFAULT_TEMPLATES
from .workspace import CONFIG_FILE

SCHEMAS = Path(".briefgen")  # a workspace's own copies of the schemas, for its editors
# What `new --from` carries over: from the brief of the same meeting into its summary, and from
# a meeting into the next brief of its series.
SAME_MEETING = ("title", "date", "time", "timezone", "location", "series", "language")
SAME_MEETING += ("classification", "release_classification", "prepared_by", "participants")
SAME_MEETING += ("agenda",)
NEXT_MEETING = ("series", "language", "classification", "release_classification")
NEXT_MEETING += ("prepared_by", "participants")
IN_PLAY = ("proposed", "deferred")

WORKSPACE = """\
# The workspace's settings; paths are relative to this file. A flag given on the command line
# wins over a setting here. `briefgen schema workspace` describes every field.
inputs: [inputs]                # meeting files and folders
output: output                  # where the briefs are written
formats: [docx, pdf]            # docx, pdf, html
# templates: templates          # a folder of templates overriding briefgen's, by name
# people: people.yaml           # the register of people that meetings name by id
paper: a4                       # a4 | letter
# jobs: 2                       # processes laying briefs out (default: one per CPU)
# pack: true                   # also bind each brief with its annexes into x.pack.pdf
# variants: [releasable]        # also build each brief without its internal entries
defaults:                       # what every meeting says unless it says otherwise
  language: en
  # classification: OFFICIAL
  # release_classification: OFFICIAL   # the marking of the releasable variant
  # prepared_by: Secretariat
  # timezone: Europe/London
"""

EXAMPLE = """\
# An example meeting: `briefgen build` turns it into output/example-meeting.docx and .pdf.
# Copy it, or start a new one with `briefgen new post-meeting` (or pre-meeting).
kind: post-meeting
title: Quarterly board meeting
date: 2025-03-04
time: 10:00–12:00
location: Head office
summary: |
  The board reviewed the quarter and agreed the budget for the next one.

  A blank line starts a new paragraph; **bold** and *italic* work too.
participants:
  - id: chair
    name: A. Chair
    title: Chair of the board
    side: Board
  - name: B. Treasurer
    title: Treasurer
    side: Board
proposals:
  - id: PR1
    text: Adopt the budget for the next quarter.
    by: chair
    status: agreed
actions:
  - id: A1
    action: Publish the adopted budget.
    owner: B. Treasurer
    due: 2025-03-31
    status: open
"""

GITIGNORE = "# briefs are built from inputs/: `briefgen build`\noutput/\n"

PRE_COMMIT = """\
# `pre-commit install` once, and every commit checks the meeting files it changes.
repos:
  - repo: local
    hooks:
      - id: briefgen-check
        name: briefgen check
        entry: briefgen check
        language: system
        files: ^inputs/.*\\.ya?ml$
"""

VSCODE = """\
{
  "yaml.schemas": {
    "./.briefgen/meeting.schema.json": ["inputs/*.yaml", "inputs/**/*.yaml"],
    "./.briefgen/workspace.schema.json": ["briefgen.yaml"]
  }
}
"""

SKELETON = {
    "pre-meeting": """\
# A pre-meeting brief: fill in the blanks, uncomment what you need, then `briefgen check`.
kind: pre-meeting
{head}
summary:  # why the meeting, in a few lines (`|` and the text on the lines below)
objectives:                     # what the meeting should achieve
  # - Agree the budget for the next quarter.
{participants}
background:  # the history so far
agenda:                         # text, or {{item, lead}}
  # - item: Welcome
  #   lead: chair
talking_points:                 # text, or {{point, by}}
  # - Thank the other side for its cooperation.
proposals:                      # what we propose; `id` lets later meetings update it
  # - id: PR1
  #   text: Increase exchanges of experts.
  #   by: chair
actions:                        # an earlier action's `id` with a new `status` updates it
  # - id: A1
  #   status: done
  #   note: Done on 2 May.
""",
    "post-meeting": """\
# A post-meeting summary: fill in the blanks, uncomment what you need, then `briefgen check`.
kind: post-meeting
{head}
summary:  # what was said and agreed (`|` and the text on the lines below)
{participants}
{agenda}
{proposals}
agreements:                     # signed or in play
  # - title: Memorandum of understanding on …
  #   status: signed            # signed | in-force | under-negotiation | proposed
actions:                        # who must do what by when
  # - id: A1
  #   action: Draw up an implementation plan.
  #   owner: Secretariat
  #   due: 2025-04-30
""",
}

# The fields a new file starts with, after its title and date: always shown (blank when not
# known), or only when carried over from an earlier file.
SHOWN = {"time": "HH:MM, or HH:MM–HH:MM", "location": "", "series": "read with its series"}
CARRIED = {"timezone": "", "language": "", "classification": "", "release_classification": ""}
CARRIED |= {"prepared_by": ""}


def init(folder: Path) -> list[tuple[Path, bool]]:
    """A new workspace in `folder`: each file, and whether it was written (False: it was there
    already, and is left as it is)."""
    files = {
        CONFIG_FILE: _schema_line(folder / CONFIG_FILE, folder / SCHEMAS, "workspace") + WORKSPACE,
        "inputs/example-meeting.yaml": _schema_line(
            folder / "inputs" / "example-meeting.yaml", folder / SCHEMAS
        )
        + EXAMPLE,
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".vscode/settings.json": VSCODE,
        str(SCHEMAS / "meeting.schema.json"): schema_text("meeting"),
        str(SCHEMAS / "workspace.schema.json"): schema_text("workspace"),
    }
    return [(folder / name, _create(folder / name, text)) for name, text in files.items()]


def new(
    kind: str,
    output: Path | None = None,
    title: str | None = None,
    when: date | None = None,
    series: str | None = None,
    start_from: Path | None = None,
    workspace: Path | None = None,
    inputs: Path = Path("inputs"),
    register: Register = EMPTY_REGISTER,
) -> Path:
    """A new meeting file of `kind` from a commented skeleton, that passes `check` once its
    blanks are filled; `start_from` an earlier meeting file (see SAME_MEETING, NEXT_MEETING).
    Written to `output`, by default `inputs/<date>-<title>.yaml`; a ConfigError if that file
    exists."""
    carried = _carried(kind, start_from, register) if start_from else {}
    given = {"title": title, "date": when.isoformat() if when else None, "series": series}
    values = {**carried, **{k: v for k, v in given.items() if v is not None}}
    target = output or inputs / f"{_slug(values, kind)}.yaml"
    schemas = workspace / SCHEMAS if workspace is not None else None
    if schemas is not None and not (schemas / "meeting.schema.json").is_file():
        schemas = None  # a workspace without its copies: the schema briefgen ships
    text = _schema_line(target, schemas) + _skeleton(kind, values)
    if not _create(target, text):
        raise ConfigError([Problem(target, "exists; name another file with -o")])
    return target


def export_templates(folder: Path) -> list[tuple[Path, bool]]:
    """The packaged templates, copied into `folder` as a starting point for a workspace's own:
    each file, and whether it was written (False: it was there already, and is left as it is)."""
    files = sorted(p for p in DEFAULT_TEMPLATES.rglob("*") if p.is_file())
    return [
        (target, _create(target, path.read_bytes()))
        for path in files
        for target in [folder / path.relative_to(DEFAULT_TEMPLATES)]
    ]


def _create(path: Path, content: str | bytes) -> bool:
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        return create_new(path, data)
    except OSError as e:
        where = Path(e.filename or path)
        raise ConfigError([Problem(where, f"cannot be written: {os_reason(e)}")]) from None


def _schema_line(file: Path, schemas: Path | None, kind: str = "meeting") -> str:
    """The line that names a file's schema to the editor: the copy in the folder `schemas`
    (relative to the file), else the one briefgen ships."""
    if schemas is None:
        where = shipped(kind).as_posix()
    else:
        where = Path(os.path.relpath(schemas / f"{kind}.schema.json", file.parent)).as_posix()
    return f"# yaml-language-server: $schema={where}\n"


def _carried(kind: str, start_from: Path, register: Register) -> dict[str, Any]:
    """What a new file takes from an earlier one (read as written: ids stay ids)."""
    from .loader import load

    load(start_from, register)  # an InputError if it is not a valid meeting
    from .yaml_source import read_yaml

    raw = read_yaml(start_from).data
    fields = SAME_MEETING if kind == "post-meeting" else NEXT_MEETING
    carried = {key: _uncited(raw[key]) for key in fields if raw.get(key) is not None}
    if kind == "post-meeting":
        carried["proposals"] = [
            _proposal_update(p, raw.get("series"))
            for p in raw.get("proposals") or []
            if isinstance(p, dict) and p.get("status", "proposed") in IN_PLAY
        ]
    return carried


def _proposal_update(proposal: dict[str, Any], series: str | None) -> dict[str, Any]:
    """A proposal of the brief as the summary records its outcome: by its id when the series
    lets it update the brief's, else whole."""
    if series and proposal.get("id"):
        return {"id": proposal["id"], "status": proposal.get("status", "proposed")}
    return _uncited(proposal)


def _uncited(value: Any) -> Any:
    """Entries without their `sources`: the ids of the earlier file's own list of sources."""
    if isinstance(value, list):
        return [_uncited(v) for v in value]
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != "sources"}
    return value


def _skeleton(kind: str, values: dict[str, Any]) -> str:
    head = [_field("title", values, "required"), _field("date", values, "required, YYYY-MM-DD")]
    head += [_field(key, values, comment) for key, comment in SHOWN.items()]
    head += [_field(key, values, comment) for key, comment in CARRIED.items() if key in values]
    return SKELETON[kind].format(
        head="\n".join(head),
        participants=_block("participants", values, "names, or ids from the register of people"),
        agenda=_block("agenda", values, "text, or {item, lead}"),
        proposals=_block("proposals", values, "each with its outcome in `status`"),
    )


def _field(key: str, values: dict[str, Any], comment: str) -> str:
    value = values.get(key)
    text = f"{key}:" if value is None else f"{key}: {_scalar(key, value)}"
    return f"{text}  # {comment}" if comment else text


def _scalar(key: str, value: Any) -> str:
    if key == "date":
        return str(value)  # YYYY-MM-DD, checked: as written
    return yaml.safe_dump(str(value), allow_unicode=True, width=1000).removesuffix("...\n").strip()


def _block(key: str, values: dict[str, Any], comment: str) -> str:
    """A list carried over, as YAML (PyYAML's layout), or the key and what it takes."""
    if not values.get(key):
        return f"{key}:  # {comment}"
    return yaml.safe_dump(
        {key: values[key]}, allow_unicode=True, sort_keys=False, width=100
    ).rstrip("\n")


def _slug(values: dict[str, Any], kind: str) -> str:
    title = unicodedata.normalize("NFKD", str(values.get("title") or kind))
    words = re.sub(r"[^a-z0-9]+", "-", title.encode("ascii", "ignore").decode().lower()).strip("-")
    return "-".join(filter(None, (values.get("date"), words[:60].rstrip("-") or kind)))
