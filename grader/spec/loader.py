"""Load an exercise spec from YAML; every problem becomes a SpecError naming file, line and field.

Lines come from PyYAML's node marks: the document is composed once into nodes, and a Pydantic
error location (``("checks", 1, "stage-order", "points")``) is walked down those nodes."""

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


def line_of(root: yaml.Node | None, loc: tuple) -> int | None:
    """The 1-based line of the YAML node at a Pydantic error location: the field's key when it
    is written, else the deepest enclosing node that is (a missing field: its mapping)."""
    node, line = root, None if root is None else root.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            if match is None:
                continue  # pydantic's union-member step (the check's kind), or a missing field
            node, line = match[1], match[0].start_mark.line + 1
        else:
            break
    return line


def format_validation_error(error: ValidationError, root: yaml.Node | None = None) -> list[str]:
    """One line per problem: ``line N: field: what is wrong (got value)``."""
    lines = []
    for item in error.errors():
        message = item["msg"].removeprefix("Value error, ")
        got = item.get("input")
        shown = "" if isinstance(got, (dict, list)) or item["type"] == "missing" else f" (got {got!r})"
        line = line_of(root, item["loc"])
        lines.append(f"{f'line {line}: ' if line else ''}{_field_path(item['loc'])}: {message}{shown}")
    return lines


_LOADED: dict[tuple[str, int, int, int], Exercise] = {}  # a valid spec file, by path and its stat


def load_spec(folder: Path) -> Exercise:
    """Read and validate ``folder/exercise.yaml``; check that the files it names exist.

    A file already loaded and unchanged since (same path, inode, size and modification time) is not
    parsed again: ``grade-all`` resolves the exercise once per submission. The files it names are
    looked for on every call."""
    path = folder / SPEC_FILE
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and key in _LOADED:
        return _named_files_exist(folder, path, _LOADED[key], None)
    try:
        source = path.read_text(encoding="utf-8")
        root = yaml.compose(source, Loader=yaml.SafeLoader)
        data = yaml.safe_load(source)
    except FileNotFoundError:
        raise SpecError(str(path), [f"missing {SPEC_FILE}; create it (grader new ID scaffolds one)"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise SpecError(str(path), [f"{line}not valid YAML: {getattr(exc, 'problem', exc)}"]) from None
    if not isinstance(data, dict):
        raise SpecError(str(path), ["(top level): expected a mapping of fields (id, title, checks, ...)"])
    try:
        exercise = Exercise.model_validate(data)
    except ValidationError as exc:
        raise SpecError(str(path), format_validation_error(exc, root)) from None
    exercise = _named_files_exist(folder, path, exercise, root)
    if key is not None:
        _LOADED[key] = exercise
    return exercise


def _named_files_exist(folder: Path, path: Path, exercise: Exercise, root: yaml.Node | None) -> Exercise:
    """``exercise``, once its id matches its folder and the files it names are there."""
    problems = []

    def where(field: str) -> str:
        line = line_of(root, (field,))
        return f"line {line}: {field}" if line else field

    if exercise.id != folder.name:
        problems.append(f"{where('id')}: {exercise.id!r} must match its folder name {folder.name!r}")
    for field in ("prompt", "starter"):
        if not (folder / getattr(exercise, field)).is_file():
            problems.append(f"{where(field)}: file {getattr(exercise, field)!r} not found in {folder}")
    if problems:
        raise SpecError(str(path), problems)
    exercise._folder = str(folder)
    return exercise
