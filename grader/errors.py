"""One exception tree for everything that stops the grader before a report exists.

    GraderError                 exit 2: not the learner's fault
    ├── UsageError              a missing file, an unknown exercise, a bad option
    ├── SpecError               an exercise spec that does not load (file, field, fix)
    └── DeviceUnavailable       ``--device gpu`` where TensorFlow sees no GPU

A learner's broken submission is *not* an exception here: it becomes a graded
report with ``status: "error"`` (exit 1). The CLI catches ``GraderError`` once and
exits with ``exit_code``.
"""

from __future__ import annotations


class GraderError(Exception):
    """Base of every error the grader reports itself; carries its exit code."""

    exit_code = 2


class UsageError(GraderError):
    """The command was called wrongly: missing file, unknown exercise, bad option."""


class SpecError(GraderError):
    """An exercise spec is invalid; the message names the file, the field and the fix."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid exercise spec {path}:\n{lines}")


class DeviceUnavailable(GraderError):
    """The requested device does not exist on this machine."""
