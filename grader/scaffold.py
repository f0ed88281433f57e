"""``grader new ID [--dir DIR]``: a new exercise that ``grader validate`` accepts, ready to be filled in.

It writes, under DIR (default: the current directory), ``exercises/ID/`` (spec, prompt, starter)
and, beside that catalog, ``solutions/ID.py`` and one mutant in ``solutions/mutants/ID/``; never
inside the installed grader (its package folder, site-packages, the standard library). The example task
(prefetch an input pipeline) is complete, so the instructor edits a working exercise
instead of starting from a blank page.
"""

from __future__ import annotations

import re
import site
import sysconfig
from pathlib import Path

from grader.errors import UsageError

_SPEC = """\
id: {id}
title: {title}
difficulty: easy              # easy | medium | hard
kind: pipeline
prompt: prompt.md
starter: starter.py
entry_point:
  name: {function}
  params: [ds]                # the learner's parameters, in order; the first is `input` below
  signature: "{function}(ds: tf.data.Dataset) -> tf.data.Dataset"
example:                      # the visible call: it must run before any check is graded
  input: tf.data.Dataset.range(5)
checks:
  - id: same-elements
    kind: equivalence
    title: range(5) comes through unchanged
    points: 3
    expected: ds              # the right output, in terms of ds and the other arguments
    hint: Prefetching does not change the elements or their order.
  - id: prefetch-last
    kind: stage-order
    title: prefetch is the last stage
    points: 5                 # the lesson's central mistake costs at least half (exercises/README.md)
    stages: [prefetch]
    last: prefetch
    hint: End with .prefetch(tf.data.AUTOTUNE).
  - id: autotune
    kind: autotune
    title: prefetch uses tf.data.AUTOTUNE
    points: 2
    stages: [prefetch]
    hint: Pass tf.data.AUTOTUNE as the buffer size.
"""

_PROMPT = """\
# {title}

Describe the task for learners here: what `{function}` receives, what it must return, and one example
they can run. `grader show {id}` prints this file followed by "How it is graded", generated from the
checks in exercise.yaml (their titles and points): do not write that section here.
"""

_STARTER = """\
# exercise: {id}
\"\"\"{title}: see `grader show {id}`.\"\"\"

import tensorflow as tf


def {function}(ds: tf.data.Dataset) -> tf.data.Dataset:
    \"\"\"Describe what the learner writes.\"\"\"
    # The untouched starter must score 0 (grader validate): leave the work undone, not half right.
    raise NotImplementedError("{function}: not written yet")
"""

_SOLUTION = """\
# exercise: {id}
import tensorflow as tf


def {function}(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
"""

_MUTANT = """\
# must-fail: autotune
def {function}(ds):
    return ds.prefetch(1)
"""


def _installed_trees() -> list[Path]:
    """Folders that belong to the installed grader and Python, where an exercise must never go."""
    paths = {Path(__file__).resolve().parent}
    paths |= {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib", "stdlib", "platstdlib")}
    paths |= {Path(p).resolve() for p in site.getsitepackages()}
    return sorted(paths)


def new_exercise(exercise_id: str, directory: Path = Path(".")) -> list[Path]:
    """Write the files of a new exercise under ``directory``; returns their paths. An existing id,
    or a directory inside the installed grader, is refused."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", exercise_id):
        raise UsageError(f"exercise ids are lower-case words joined by '-', e.g. cache-then-prefetch; "
                         f"not {exercise_id!r}")
    root = directory.resolve()
    for tree in _installed_trees():
        if root.is_relative_to(tree):
            raise UsageError(f"{directory} is inside the installed grader or Python ({tree}); "
                             "run grader new in your course's folder, or pass --dir DIR")
    folder = root / "exercises" / exercise_id
    if folder.exists():
        raise UsageError(f"{folder} already exists; choose another id")
    names = {"id": exercise_id, "title": exercise_id.replace("-", " ").capitalize(),
             "function": exercise_id.replace("-", "_")}
    solutions = root / "solutions"
    files = {folder / "exercise.yaml": _SPEC, folder / "prompt.md": _PROMPT, folder / "starter.py": _STARTER,
             solutions / f"{exercise_id}.py": _SOLUTION,
             solutions / "mutants" / exercise_id / "fixed-buffer.py": _MUTANT}
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**names), encoding="utf-8")
    return list(files)
