"""The register of people (`people.yaml`): who a meeting file may name by id alone.

A participant given as a bare id (`- quang`) is the register's entry; one given as a mapping
with an `id` from the register (`- {id: ridley, title: …}`) is the entry with this meeting's
fields laid over it. The register is no meeting file and is never built."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, did_you_mean, quoted
from .limits import field_problems
from .model import Apology, Item, Text
from .references import duplicate_ids
from .yaml_source import Loc, read_yaml

REGISTER_FILE = "people.yaml"
Located = list[tuple[Loc, str]]


class Person(Item):
    id: Text
    name: Text
    honorific: str | None = None
    title: str | None = None
    organisation: str | None = None
    side: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Register:
    """The people of a register by id (as plain fields, to lay a meeting's own fields over)."""

    path: Path | None = None
    people: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolve(self, data: dict[str, Any]) -> Located:
        """Replace, in raw meeting data, each participant (and each person sending apologies)
        given by a register id with its full entry; the ids the register does not know, as
        (location, message) pairs."""
        return self._resolve(data, "participants") + self._resolve(data, "apologies")

    def _resolve(self, data: dict[str, Any], section: str) -> Located:
        people = data.get(section)
        problems: Located = []
        for i, entry in enumerate(people if isinstance(people, list) else []):
            if isinstance(entry, str):
                if section == "apologies" and entry not in self.people:
                    continue  # a name: apologies need no one on the register
                ref, own, loc, prefix = entry, {}, (section, i), ""
            elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
                ref, own, loc = entry["id"], entry, (section, i, "name")
                prefix = "required field is missing: "  # or an id the register has
                if ref not in self.people and "name" in entry:
                    continue  # a full entry of this meeting's own, as before registers
            else:
                continue  # a full entry without an id, or not a participant: the model's
            person = self.people.get(ref)
            if person is None:  # reported once: the entry stands in as a person of that name
                problems.append((loc, prefix + self._unknown(ref)))
                person = {"id": ref, "name": ref}
            people[i] = {**_fields(person, section), **own}
        return problems

    def _unknown(self, ref: str) -> str:
        if self.path is None:
            return (
                f"{quoted(ref)} names no one: there is no register of people ({REGISTER_FILE}); "
                "give the participant's name"
            )
        hint = did_you_mean(ref, tuple(self.people))
        return f"{quoted(ref)} is not an id in the register of people ({self.path}){hint}"


EMPTY_REGISTER = Register()


def _fields(person: dict[str, Any], section: str) -> dict[str, Any]:
    """A register entry with the fields `section` prints (apologies: who, not their side)."""
    if section != "apologies":
        return person
    return {k: v for k, v in person.items() if k in Apology.model_fields}


def find_register(path: str | os.PathLike[str] | None = None) -> Register:
    """The register named by `path`, else `people.yaml` in the current folder when there is
    one, else an empty register. A register with errors is a ConfigError listing them all."""
    if path is None:
        if not Path(REGISTER_FILE).is_file():
            return EMPTY_REGISTER
        path = REGISTER_FILE
    return load_register(Path(path))


def load_register(path: Path) -> Register:
    from .loader import (
        by_position,
        problem,
        validated,
    )  # the loader looks participants up in registers

    source = read_yaml(path, expected="a list of people (id, name, …)")
    problems = source.problems
    if not problems:
        if not isinstance(source.data, list):
            problems = [problem(source, (), "expected a list of people (id, name, …)")]
        else:
            people, problems = validated(source, list[Person])
            problems += [problem(source, loc, m) for loc, m in field_problems(source.data)]
            problems += [problem(source, loc, m) for loc, m in duplicate_ids(source, ())]
    if problems:
        raise ConfigError(sorted(problems, key=by_position))
    return Register(path, {p.id: p.model_dump(exclude_none=True) for p in people})
