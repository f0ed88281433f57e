"""The report (JSON schema version 1): pure data, no formatting."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1
ErrorKind = Literal["syntax", "import", "missing-entry-point", "timeout", "memory", "crash",
                    "bad-return", "tampering"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Lanes(_Data):
    """One measured run: when each element was loaded and each training step ran (seconds)."""

    seconds: float
    producer: list[tuple[float, float]]
    consumer: list[tuple[float, float]]


class CheckResult(_Data):
    id: str
    kind: str
    title: str
    passed: bool
    score: float
    max_score: float
    message: str
    hint: str | None = None
    counterexample: str | None = None
    visibility: Literal["visible", "hidden", "after_due"] = "visible"
    timeline: dict[str, Lanes] | None = None  # throughput checks: "baseline" and "learner" runs

    @property
    def heading(self) -> str:
        """``id: title``, as ``grader show`` names the check (just the id when the title is the id)."""
        return self.id if self.title in ("", self.id) else f"{self.id}: {self.title}"


class ReportError(_Data):
    kind: ErrorKind
    message: str


class Isolation(_Data):
    tier: str
    network: Literal["off", "not isolated"]
    filesystem: Literal["work folder only", "not confined"] | None = None  # None: not reported
    user: Literal["unprivileged", "root"] | None = None


class Output(_Data):
    """What the submission printed, truncated; never forwarded to the grader's own stdout."""

    stdout: str = ""
    stderr: str = ""


class NotebookInfo(_Data):
    """A notebook submission: what of its code was left out of grading (magics, shell lines, exploring)."""

    skipped: list[str] = []


class Report(_Data):
    schema_version: int = SCHEMA_VERSION
    exercise: str
    submission: str
    status: Literal["graded", "error"]
    passed: bool
    score: float
    max_score: float
    device: str
    duration_s: float
    isolation: Isolation
    checks: list[CheckResult]
    error: ReportError | None = None
    output: Output = Output()
    notebook: NotebookInfo | None = None  # set for notebook submissions only (additive to schema v1)
