"""Load a meeting file: strict YAML in, a validated Meeting out, or every problem at once."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .errors import InputError, Problem, did_you_mean, quoted
from .limits import limit_problems
from .model import Meeting
from .people import EMPTY_REGISTER, Register
from .references import reference_problems
from .yaml_source import Loc, Source, dotted, read_yaml

SHAPES = {"list": "a list", "dict": "a mapping", "str": "text"}


def load_meeting(path: str | Path, register: Register = EMPTY_REGISTER) -> Meeting:
    """Read and validate one meeting file; raise InputError listing every problem in it.

    Participants given by id alone are looked up in `register` (see `people.py`)."""
    return load(path, register)[0]


def load(
    path: str | Path,
    register: Register = EMPTY_REGISTER,
    defaults: Mapping[str, str] | None = None,
) -> tuple[Meeting, Source]:
    """The validated meeting and the source it was read from (for pointing at its fields).
    On an InputError, the source (and what could be read of it) is the error's `source`.
    `defaults`: fields the meeting has unless it gives them (the workspace's)."""
    source = read_yaml(Path(path))
    if source.problems:
        raise InputError(source.problems, source)
    if not isinstance(source.data, dict):
        got = _shape(source.data)
        message = f"expected a meeting (kind, title, date, …), got {got}"
        raise InputError([problem(source, (), message)], source)
    for key, value in (defaults or {}).items():
        source.data.setdefault(key, value)
    found = register.resolve(source.data)
    found += limit_problems(source.data) + reference_problems(source)
    meeting, invalid = validated(source, Meeting)
    problems = [problem(source, loc, message) for loc, message in found] + invalid
    if problems:
        raise InputError(sorted(problems, key=by_position), source)
    source.compact()
    return meeting, source


def validated(source: Source, model: Any) -> tuple[Any, list[Problem]]:
    """`source.data` validated as `model` (a model class, or a type such as list[Person]),
    and every problem, in the format's words; the value is None when there are problems."""
    try:
        return _adapter(model).validate_python(source.data), []
    except ValidationError as e:
        root = _inner_model(model) or Meeting
        return None, [_translate(source, error, root) for error in e.errors()]


def by_position(problem: Problem) -> tuple[int, int]:
    """The key that sorts a file's problems by where they are."""
    return (problem.line or 0, problem.column or 0)


@cache
def _adapter(model: Any) -> TypeAdapter:
    return TypeAdapter(model)


def problem(source: Source, loc: Loc, message: str, *, key: bool = False) -> Problem:
    """A problem with the value (or the key) at `loc` of a file."""
    line, column = source.position(loc, key=key)
    return Problem(source.path, message, line, column, field=dotted(loc))


def _translate(source: Source, error: Any, root: type[BaseModel]) -> Problem:
    """Turn one pydantic error into the sentence a user of the format needs."""
    loc, kind, given = tuple(error["loc"]), error["type"], error.get("input")
    if kind == "extra_forbidden":
        known = list(_model_at(loc[:-1], root).model_fields)
        hint = did_you_mean(str(loc[-1]), known)
        return problem(source, loc, f"unknown field{hint}", key=True)
    if kind == "missing":
        return problem(source, loc, "required field is missing")
    if kind == "literal_error":
        last = max(i for i, part in enumerate(loc) if isinstance(part, str))  # the field's
        choices = _choices(_model_at(loc[:last], root).model_fields[str(loc[last])].annotation)
        if not isinstance(given, str):
            return problem(
                source, loc, f"expected one of: {', '.join(choices)}; got {_shape(given)}"
            )
        hint = did_you_mean(given, choices)
        return problem(source, loc, f"{quoted(given)} is not one of: {', '.join(choices)}{hint}")
    if kind in (
        "string_type",
        "list_type",
        "date_type",
        "model_type",
        "dict_type",
        "model_attributes_type",
    ):
        names = {"string_type": "text", "list_type": "a list", "date_type": "a date as YYYY-MM-DD"}
        expected = names.get(kind, "a mapping of fields")
        return problem(source, loc, f"expected {expected}, got {_shape(given)}")
    if kind == "string_too_short":
        return problem(source, loc, "must not be empty")
    if kind == "value_error":  # raised by the model's own checks, in briefgen's words
        return problem(source, loc, str(error["ctx"]["error"]))
    return problem(source, loc, f"not a valid value ({kind})")


def _shape(value: Any) -> str:
    if value is None:
        return "nothing"
    return SHAPES.get(type(value).__name__, type(value).__name__)


def _model_at(loc: Loc, root: type[BaseModel]) -> type[BaseModel]:
    """The model class that validates the mapping at `loc` (for listing its fields)."""
    model = root
    for part in loc:
        if isinstance(part, str):
            model = _inner_model(model.model_fields[part].annotation) or model
    return model


def _choices(annotation: Any) -> list[str]:
    """The values a Literal field (possibly optional) allows, in the model's order."""
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return [c for arg in typing.get_args(annotation) for c in _choices(arg)]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None
