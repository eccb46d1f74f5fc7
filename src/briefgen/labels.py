"""The words a brief prints around its data, per language: `labels/<language>.yaml` files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import Problem, TemplateError
from .folders import find
from .yaml_source import read_yaml

DEFAULT_LANGUAGE = "en"


def candidates(language: str) -> list[str]:
    """Labels files to try for a language, most specific first: `vi-VN` → vi-VN, vi."""
    parts = language.replace("_", "-").split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def labels_for(language: str, search_path: tuple[Path, ...]) -> dict[str, Any]:
    """The labels for `language` laid over the English ones.

    Every `labels/<code>.yaml` on the search path counts, defaults first, so that an override
    folder may change a few labels and keep the rest; `fr-CA` falls back to `fr`."""
    return merge_labels(tuple(_files(language, search_path)))


def has_labels(language: str, search_path: tuple[Path, ...]) -> bool:
    """Whether `language` (or the language it is a variant of) has a labels file."""
    if candidates(language)[-1] == DEFAULT_LANGUAGE:
        return True
    return any(f.stem != DEFAULT_LANGUAGE for f in _files(language, search_path))


def _files(language: str, search_path: tuple[Path, ...]) -> list[Path]:
    names = dict.fromkeys([DEFAULT_LANGUAGE, *reversed(candidates(language))])
    found = [
        find((folder,), f"labels/{name}.yaml") for name in names for folder in reversed(search_path)
    ]
    return [path for path in found if path is not None]


def merge_labels(files: tuple[Path, ...]) -> dict[str, Any]:
    """The labels of `files` laid over each other, later files winning key by key."""
    merged: dict[str, Any] = {}
    for path in files:
        for key, value in _read(path).items():
            if key in merged and isinstance(merged[key], dict) != isinstance(value, dict):
                shape = "a mapping" if isinstance(merged[key], dict) else "text"
                message = f"{key}: must be {shape}, as in the English labels"
                raise TemplateError([Problem(path, message)])
            merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    return merged


def _read(path: Path) -> dict[str, Any]:
    source = read_yaml(path)
    if source.problems:
        raise TemplateError(source.problems)
    if not isinstance(source.data, dict) or not all(
        isinstance(v, str) or (isinstance(v, dict) and all(isinstance(x, str) for x in v.values()))
        for v in source.data.values()
    ):
        raise TemplateError(
            [Problem(path, "a labels file maps each key to text (or to a mapping of texts)", 1, 1)]
        )
    return source.data
