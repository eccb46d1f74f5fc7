"""Load a meeting file: strict YAML in, a validated Meeting out, or every problem at once."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem, did_you_mean, quoted
from .limits import limit_problems
from .model import Meeting, reference_problems
from .yaml_source import Loc, Source, dotted, read_yaml

SHAPES = {"list": "a list", "dict": "a mapping", "str": "text"}


def load_meeting(path: str | Path) -> Meeting:
    """Read and validate one meeting file; raise InputError listing every problem in it."""
    return load(path)[0]


def load(path: str | Path) -> tuple[Meeting, Source]:
    """The validated meeting and the source it was read from (for pointing at its fields)."""
    source = read_yaml(Path(path))
    if source.problems:
        raise InputError(source.problems)
    if not isinstance(source.data, dict):
        got = _shape(source.data)
        raise InputError(
            [_problem(source, (), f"expected a meeting (kind, title, date, …), got {got}")]
        )
    found = limit_problems(source.data) + reference_problems(source.data)
    problems = [_problem(source, loc, message) for loc, message in found]
    try:
        meeting = Meeting.model_validate(source.data)
    except ValidationError as e:
        problems += [_translate(source, error) for error in e.errors()]
    if problems:
        raise InputError(sorted(problems, key=_position))
    return meeting, source


def _position(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _problem(source: Source, loc: Loc, message: str, *, key: bool = False) -> Problem:
    line, column = source.position(loc, key=key)
    return Problem(source.path, message, line, column, field=dotted(loc))


def _translate(source: Source, error: Any) -> Problem:
    """Turn one pydantic error into the sentence a user of the format needs."""
    loc, kind, given = tuple(error["loc"]), error["type"], error.get("input")
    if kind == "extra_forbidden":
        known = list(_model_at(loc[:-1]).model_fields)
        hint = did_you_mean(str(loc[-1]), known)
        return _problem(source, loc, f"unknown field{hint}", key=True)
    if kind == "missing":
        return _problem(source, loc, "required field is missing")
    if kind == "literal_error":
        choices = _choices(_model_at(loc[:-1]).model_fields[str(loc[-1])].annotation)
        if not isinstance(given, str):
            return _problem(
                source, loc, f"expected one of: {', '.join(choices)}; got {_shape(given)}"
            )
        hint = did_you_mean(given, choices)
        return _problem(source, loc, f"{quoted(given)} is not one of: {', '.join(choices)}{hint}")
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
        return _problem(source, loc, f"expected {expected}, got {_shape(given)}")
    if kind == "string_too_short":
        return _problem(source, loc, "must not be empty")
    if kind == "value_error":  # raised by the model's own checks, in briefgen's words
        return _problem(source, loc, str(error["ctx"]["error"]))
    return _problem(source, loc, f"not a valid value ({kind})")


def _shape(value: Any) -> str:
    if value is None:
        return "nothing"
    return SHAPES.get(type(value).__name__, type(value).__name__)


def _model_at(loc: Loc) -> type[BaseModel]:
    """The model class that validates the mapping at `loc` (for listing its fields)."""
    model: type[BaseModel] = Meeting
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
