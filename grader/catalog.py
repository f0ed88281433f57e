"""Where exercises live, and finding one by id or by the tag in a learner's file.

Search order for the catalog folder: ``$GRADER_EXERCISES``; the copy packed into an
installed wheel (``grader/_exercises``); the checkout's ``exercises/`` folder.
Reference solutions and known-wrong submissions (``solutions/ID.py``,
``solutions/mutants/ID/*.py``) are found only beside a checkout's catalog: the wheel
never ships them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from grader.errors import SpecError, UsageError
from grader.spec import Exercise, load_spec

_PACKAGE = Path(__file__).resolve().parent
# `# exercise: ID` in code; a quiz answers file may say it as YAML (`exercise: ID`).
TAG = re.compile(r"^\s*(?:#\s*)?exercise:\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*$")
TAG_LINES = 20
#: The catalog's lesson order: one id per line (``#`` starts a comment).
ORDER_FILE = "ORDER"


def exercises_root() -> Path:
    """The folder holding one sub-folder per exercise."""
    override = os.environ.get("GRADER_EXERCISES")
    if override:
        return Path(override)
    packed = _PACKAGE / "_exercises"
    return packed if packed.is_dir() else _PACKAGE.parent / "exercises"


def solutions_root() -> Path:
    """Reference solutions: ``$GRADER_SOLUTIONS``, else ``solutions/`` beside the catalog folder
    (a checkout's; an installed wheel has none)."""
    override = os.environ.get("GRADER_SOLUTIONS")
    return Path(override) if override else exercises_root().parent / "solutions"


def exercise_ids() -> list[str]:
    """Ids of every exercise in the catalog, in lesson order: as the catalog's ORDER file lists
    them, then any it does not list, by name."""
    root = exercises_root()
    if not root.is_dir():
        raise UsageError(f"no exercise catalog at {root}; set GRADER_EXERCISES to a folder of exercises")
    ids = [p.name for p in root.iterdir() if (p / "exercise.yaml").is_file()]
    order = root / ORDER_FILE
    listed = order.read_text(encoding="utf-8").splitlines() if order.is_file() else []
    rank = {line.split("#")[0].strip(): i for i, line in enumerate(listed)}
    return sorted(ids, key=lambda i: (rank.get(i, len(listed)), i))


def browse() -> list[tuple[str, Exercise | SpecError]]:
    """Every exercise in lesson order, loaded, or with the SpecError that keeps it from loading:
    one broken spec does not hide the others."""
    entries: list[tuple[str, Exercise | SpecError]] = []
    for exercise_id in exercise_ids():
        try:
            entries.append((exercise_id, load_spec(exercises_root() / exercise_id)))
        except SpecError as error:
            entries.append((exercise_id, error))
    return entries


def load_exercise(exercise_id: str) -> Exercise:
    """Load one exercise by id; an unknown id is a UsageError listing the known ones."""
    if exercise_id not in exercise_ids():
        raise UsageError(f"unknown exercise {exercise_id!r}; known: {', '.join(exercise_ids())} (see grader list)")
    return load_spec(exercises_root() / exercise_id)


def read_tag(path: Path) -> str | None:
    """The id in a ``# exercise: ID`` line among the first 20 lines of a file (of a notebook's first
    code cell), if any."""
    if path.suffix == ".ipynb":
        from grader import notebook

        return notebook.read_tag(path)
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for _, line in zip(range(TAG_LINES), handle):
                match = TAG.match(line)
                if match:
                    return match.group(1)
    except OSError:
        return None
    return None
