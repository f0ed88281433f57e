"""The check kinds: a tagged union on ``kind``. Each check says which *probe* it needs
(plain data collected next to the learner's code, in the child process); its judge
lives in ``grader.checks`` and runs in the grader's own process."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field, field_validator, model_validator

from grader.spec.base import Call, CheckBase, Expression, StageName, compile_expression
from grader.spec.quiz import QuizCheck

Of = Literal["result", "fit"]


def stages_probe(of: str, call: Call) -> dict[str, Any]:
    """Stages of the returned dataset, or of the one given to model.fit (read during training)."""
    return {"probe": "stages", "call": call.model_dump()} if of == "result" else training_probe(call)


def training_probe(call: Call) -> dict[str, Any]:
    """One training run serves every check that reads it (the child runs identical probes once)."""
    return {"probe": "training", "call": call.model_dump()}


class EquivalenceCheck(CheckBase):
    """The learner's output (or a ``view`` of it) equals ``expected``, as ``match`` says."""

    kind: Literal["equivalence"]
    expected: Expression = Field(description="expression of the right output, in terms of ds and the args")
    view: Expression | None = Field(
        default=None, description="expression applied to the learner's dataset `out` before comparing, "
                                  "e.g. out.unbatch(); default: out itself")
    match: Literal["ordered", "multiset", "subset"] = Field(
        default="ordered", description="ordered: same elements, same order; multiset: any order; "
                                       "subset: each element at most as often as expected, any order")
    shuffled: bool = Field(default=False, description="also require an order different from expected's")
    max_elements: int = Field(default=10_000, gt=0, le=1_000_000,
                              description="at most this many elements are read from either dataset")

    @field_validator("expected", "view")
    @classmethod
    def _expressions_compile(cls, value: str | None) -> str | None:
        return value if value is None else compile_expression(value)

    @model_validator(mode="after")
    def _shuffled_needs_unordered(self) -> "EquivalenceCheck":
        if self.shuffled and self.match == "ordered":
            raise ValueError("shuffled: true needs match: multiset or subset (a shuffled output has another order)")
        return self

    def probe(self, call: Call) -> dict[str, Any]:
        return {"probe": "outputs", "call": call.model_dump(), "expected": self.expected, "view": self.view,
                "max_elements": self.max_elements}


class StageOrderCheck(CheckBase):
    """The stages of the learner's dataset meet ordering constraints (any valid order passes)."""

    kind: Literal["stage-order"]
    stages: list[StageName] = Field(min_length=1, description="stages that must appear")
    before: list[tuple[StageName, StageName]] = Field(
        default_factory=list, description="pairs [a, b]: every a comes before every b")
    last: StageName | None = Field(default=None, description="the stage that must come last")
    of: Of = Field(default="result", description="result: the dataset the entry point returns; "
                                                 "fit: the dataset the learner's code passed to model.fit")

    @model_validator(mode="after")
    def _constraints_name_required_stages(self) -> "StageOrderCheck":
        named = {s for pair in self.before for s in pair} | ({self.last} if self.last else set())
        missing = sorted(named - set(self.stages))
        if missing:
            raise ValueError(f"before/last name stages not listed in stages: {missing}; add them to stages")
        return self

    def probe(self, call: Call) -> dict[str, Any]:
        return stages_probe(self.of, call)


class AutotuneCheck(CheckBase):
    """The named stages use ``tf.data.AUTOTUNE`` (prefetch buffer, map parallelism)."""

    kind: Literal["autotune"]
    stages: list[Literal["prefetch", "map", "interleave", "batch"]] = Field(
        min_length=1, description="stages whose buffer size or parallelism must be AUTOTUNE")
    of: Of = Field(default="result", description="as for stage-order")

    def probe(self, call: Call) -> dict[str, Any]:
        return stages_probe(self.of, call)


class TrainingCheck(CheckBase):
    """What a training run shows: its history's length, a falling loss, held-out accuracy."""

    kind: Literal["training"]
    require: Literal["epochs", "loss-falls", "accuracy"] = Field(
        description="epochs: the history has `epochs` entries; loss-falls: the last loss is below the first; "
                    "accuracy: history.model reaches min_accuracy on the exercise's held_out rows")
    epochs: int = Field(default=5, ge=1, le=1000, description="for require: epochs")
    min_accuracy: float = Field(default=0.9, gt=0, le=1, description="for require: accuracy")

    def probe(self, call: Call) -> dict[str, Any]:
        return training_probe(call)


Check = Annotated[Union[EquivalenceCheck, StageOrderCheck, AutotuneCheck, TrainingCheck, QuizCheck],
                  Field(discriminator="kind")]


