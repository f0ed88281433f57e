"""Load an exercise spec from YAML; every problem becomes a SpecError naming file and field."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import yaml
from pydantic import ValidationError

from grader.errors import SpecError
from grader.spec.models import Check, Exercise

CHECK_KINDS = {get_args(m.model_fields["kind"].annotation)[0] for m in get_args(get_args(Check)[0])}

SPEC_FILE = "exercise.yaml"


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in CHECK_KINDS or "[" in str(part):
            continue  # pydantic's union-member step: the check's kind, not a field
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def format_validation_error(error: ValidationError) -> list[str]:
    """One line per problem: ``field: what is wrong (got value)``."""
    lines = []
    for item in error.errors():
        message = item["msg"].removeprefix("Value error, ")
        got = item.get("input")
        shown = "" if isinstance(got, (dict, list)) or item["type"] == "missing" else f" (got {got!r})"
        lines.append(f"{_field_path(item['loc'])}: {message}{shown}")
    return lines


def load_spec(folder: Path) -> Exercise:
    """Read and validate ``folder/exercise.yaml``; check that the files it names exist."""
    path = folder / SPEC_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(str(path), [f"missing {SPEC_FILE}; create it (grader new ID scaffolds one)"]) from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"line {where.line + 1}: " if where else ""
        raise SpecError(str(path), [f"{line}not valid YAML: {getattr(exc, 'problem', exc)}"]) from None
    if not isinstance(data, dict):
        raise SpecError(str(path), ["(top level): expected a mapping of fields (id, title, checks, ...)"])
    try:
        exercise = Exercise.model_validate(data)
    except ValidationError as exc:
        raise SpecError(str(path), format_validation_error(exc)) from None
    problems = []
    if exercise.id != folder.name:
        problems.append(f"id: {exercise.id!r} must match its folder name {folder.name!r}")
    for field in ("prompt", "starter"):
        if not (folder / getattr(exercise, field)).is_file():
            problems.append(f"{field}: file {getattr(exercise, field)!r} not found in {folder}")
    if problems:
        raise SpecError(str(path), problems)
    exercise._folder = str(folder)
    return exercise
