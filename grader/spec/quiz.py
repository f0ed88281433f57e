"""Quiz questions (``kind: quiz``) and the learner's answers file.

A question about what code does carries that code, and ``grader validate`` runs it:
``outcomes`` gives, per option, the exact output of ``code`` (or ``error`` where the
option says it raises); ``runs`` gives, per option, a snippet, of which exactly the
key's must run without error. Either way the key must be the one option that agrees
with the installed TensorFlow.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from grader.spec.base import Call, CheckBase

LETTERS = ("A", "B", "C", "D")
Letter = Literal["A", "B", "C", "D"]
ERROR = "error"


class QuizCheck(CheckBase):
    """One multiple-choice question; its id is ``qN``."""

    kind: Literal["quiz"]
    number: int = Field(ge=1, le=100, description="the question's number: the key in the answers file")
    difficulty: Literal["easy", "medium", "hard"]
    question: str
    code: str | None = Field(default=None, description="code shown with the question")
    options: list[str] = Field(min_length=4, max_length=4, description="options A-D, in order")
    answer: Letter
    explanation: str = Field(description="shown with a right answer, and with a wrong one when the exercise's "
                                         "`reveal` allows (it may give the key away)")
    mistakes: list[str] = Field(default_factory=list, description="common mistakes (they name wrong options, "
                                                                   "so they are shown only with the key)")
    outcomes: list[str] | None = Field(default=None, min_length=4, max_length=4,
                                       description=f"per option: the exact output of `code`, or {ERROR!r}")
    runs: list[str] | None = Field(default=None, min_length=4, max_length=4,
                                   description="per option: a snippet; only the answer's may run without error")

    @model_validator(mode="after")
    def _consistent(self) -> "QuizCheck":
        if self.id != f"q{self.number}":
            raise ValueError(f"a question's id is q<number>: q{self.number}, not {self.id}")
        if self.outcomes is not None and self.code is None:
            raise ValueError("outcomes describe what `code` prints: add the code")
        if self.outcomes is not None and self.runs is not None:
            raise ValueError("verify a key with outcomes or with runs, not both")
        return self

    def probe(self, call: Call | None) -> dict[str, Any]:
        return {"probe": "answer", "question": self.number}

    def option(self, letter: str) -> str:
        return self.options[LETTERS.index(letter)]

    @property
    def verifiable(self) -> bool:
        """Whether running code can confirm the key."""
        return self.outcomes is not None or self.runs is not None
