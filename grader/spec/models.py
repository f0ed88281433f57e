"""Pydantic models of an exercise spec (``exercises/ID/exercise.yaml``).

Expressions (``input``, ``args`` values, ``expected``, ``view``) are Python source written by
the instructor and evaluated in the child with ``tf``, ``np`` and the input helpers of
``grader.tfdata.inputs`` (``iris_rows``) in scope, *before*
the learner's file is imported. They are compiled when the spec loads, so a typo is
a spec error with its field, not a crash during grading.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from grader.spec.base import Call, CheckBase, Identifier, Model, Slug, compile_expression
from grader.spec.checks import (AutotuneCheck, Check, EquivalenceCheck, StageOrderCheck, ThroughputCheck,
                                 TrainingCheck)
from grader.spec.quiz import QuizCheck

__all__ = ["AutotuneCheck", "Call", "Check", "EntryPoint", "EquivalenceCheck", "Exercise", "Limits", "QuizCheck",
           "StageOrderCheck", "ThroughputCheck", "TrainingCheck"]


class EntryPoint(Model):
    name: Identifier
    params: list[Identifier] = Field(min_length=1, description="parameter names, in order")
    signature: str = Field(description="shown to learners, e.g. add_prefetch(ds: tf.data.Dataset) -> tf.data.Dataset")
    returns: Literal["dataset", "history"] = Field(
        default="dataset", description="dataset: a tf.data.Dataset; history: the History that model.fit returns")


class Limits(Model):
    wall_time_s: float = Field(default=60, gt=0, le=3600)
    memory_mb: int = Field(default=4096, ge=256, le=65536)
    output_kb: int = Field(default=64, ge=1, le=10_240, description="captured output kept for the report")
    file_mb: int = Field(default=256, ge=1, le=65536, description="largest file the submission may write")


class Exercise(Model):
    """One exercise: what learners see, how their code is called, and the checks."""

    id: Slug
    title: str
    difficulty: Literal["easy", "medium", "hard"]
    kind: Literal["pipeline", "training", "quiz"]
    prompt: str = "prompt.md"
    starter: str = "starter.py"
    entry_point: EntryPoint | None = Field(default=None, description="what learners define (not for quizzes)")
    example: Call | None = Field(default=None,
                                 description="the visible example call; it must run before any check is graded")
    held_out: str | None = Field(default=None, description="expression of held-out rows for training checks")
    limits: Limits = Limits()
    pass_threshold: float | None = Field(default=None, ge=0,
                                         description="score needed to pass; default: every check passes")
    reveal: Literal["never", "after_due", "always"] = Field(
        default="never", description="quiz: when a report shows a wrong or missing answer's key, explanation and "
                                     "common mistakes. never (default): it is only marked wrong; after_due: once "
                                     "`due` has passed; always: at once (a report then gives the key away)")
    due: datetime | None = Field(default=None, description="quiz, with reveal: after_due: the due date, e.g. "
                                                           "2026-12-01T23:59:00Z (no time zone: UTC)")
    checks: list[Check] = Field(min_length=1)

    _folder: str = PrivateAttr(default="")

    @field_validator("held_out")
    @classmethod
    def _held_out_compiles(cls, value: str | None) -> str | None:
        return value if value is None else compile_expression(value)

    @model_validator(mode="after")
    def _consistent(self) -> "Exercise":
        ids = [c.id for c in self.checks]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"check ids must be unique; repeated: {duplicates}")
        questions = [c for c in self.checks if isinstance(c, QuizCheck)]
        if self.kind != "quiz" and (self.reveal != "never" or self.due is not None):
            raise ValueError("reveal and due are quiz settings; a check's own `visibility` hides it elsewhere")
        if self.reveal == "after_due" and self.due is None:
            raise ValueError("reveal: after_due needs due: the date after which keys are shown")
        if self.kind == "quiz":
            if len(questions) != len(self.checks):
                raise ValueError("a quiz exercise has only quiz checks")
            numbers = [c.number for c in questions]
            if len(set(numbers)) != len(numbers):
                raise ValueError("question numbers must be unique")
            return self
        if questions:
            raise ValueError("quiz checks belong in exercises of kind: quiz")
        if self.entry_point is None or self.example is None:
            raise ValueError(f"a {self.kind} exercise needs entry_point and example")
        if any(isinstance(c, TrainingCheck) and c.require == "accuracy" for c in self.checks) and not self.held_out:
            raise ValueError("an accuracy check needs held_out: an expression of rows the grader generates")
        for check in self.checks:
            if isinstance(check, StageOrderCheck) and check.params:
                check.resolve((check.call or self.example).args)  # call_for's rule; example is set here
        for call in [self.example] + [c.call for c in self.checks if c.call]:
            unknown = sorted(set(call.args) - set(self.entry_point.params[1:]))
            if unknown:
                raise ValueError(f"call arguments {unknown} are not parameters of "
                                 f"{self.entry_point.name}{tuple(self.entry_point.params)}")
        if self.pass_threshold is not None and self.pass_threshold > self.max_score:
            raise ValueError(f"pass_threshold {self.pass_threshold} exceeds the max score {self.max_score}")
        return self

    def reveals_keys(self, now: datetime | None = None) -> bool:
        """Whether a quiz report shows the key of a wrong or missing answer now."""
        if self.reveal != "after_due" or self.due is None:  # _consistent: after_due always comes with due
            return self.reveal == "always"
        due = self.due if self.due.tzinfo else self.due.replace(tzinfo=timezone.utc)
        return (now or datetime.now(timezone.utc)) >= due

    @property
    def max_score(self) -> float:
        return float(sum(c.points for c in self.checks))

    @property
    def folder(self) -> str:
        """The folder the spec was loaded from."""
        return self._folder

    def call_for(self, check: CheckBase) -> Call | None:
        """The call a check probes: its own, or the exercise's example (None in a quiz)."""
        return check.call or self.example

