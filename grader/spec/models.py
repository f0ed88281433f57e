"""Pydantic models of an exercise spec (``exercises/ID/exercise.yaml``).

Checks are a tagged union on ``kind``. Each check says which *probe* it needs
(plain data collected next to the learner's code, in the child process); its judge
lives in ``grader.checks`` and runs in the grader's own process.

Expressions (``input``, ``args`` values, ``expected``, ``view``) are Python source written by
the instructor and evaluated in the child with ``tf``, ``np`` and the input helpers of
``grader.tfdata.inputs`` (``iris_rows``) in scope, *before*
the learner's file is imported. They are compiled when the spec loads, so a typo is
a spec error with its field, not a crash during grading.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]

#: Plain names of tf.data stages, as read from a dataset's graph (see grader.tfdata.stages).
StageName = Literal[
    "source", "shuffle", "batch", "padded_batch", "unbatch", "map", "prefetch", "cache",
    "repeat", "take", "skip", "filter", "interleave", "flat_map", "zip", "concatenate",
    "rebatch", "other",
]


def _compile_expression(source: str) -> str:
    try:
        compile(source, "<spec expression>", "eval")
    except SyntaxError as exc:
        raise ValueError(f"not a valid Python expression ({exc.msg}): {source!r}") from None
    return source


Expression = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Call(_Model):
    """How the grader calls the entry point: its first argument (usually a dataset) and the others."""

    input: Expression = Field(description="expression building the first argument, e.g. tf.data.Dataset.range(5)")
    args: dict[Identifier, Any] = Field(
        default_factory=dict,
        description="other entry-point arguments by parameter name; strings are expressions, numbers literals",
    )

    @field_validator("input")
    @classmethod
    def _input_compiles(cls, value: str) -> str:
        return _compile_expression(value)

    @field_validator("args")
    @classmethod
    def _args_compile(cls, value: dict[str, Any]) -> dict[str, Any]:
        for item in value.values():
            if isinstance(item, str):
                _compile_expression(item)
            elif not isinstance(item, (int, float, bool)) or item is None:
                raise ValueError(f"argument values are expressions (strings) or numbers, got {item!r}")
        return value

    def expressions(self) -> dict[str, str]:
        """The arguments as expression source, numbers included."""
        return {name: value if isinstance(value, str) else repr(value) for name, value in self.args.items()}

    def render(self, function: str, params: list[str]) -> str:
        """The call as a learner would write it, e.g. ``add_prefetch(tf.data.Dataset.range(5))``."""
        parts = [self.input] + [f"{name}={self.expressions()[name]}" for name in params if name in self.args]
        return f"{function}({', '.join(parts)})"


class _Check(_Model):
    """Fields every check has. Each concrete check adds ``kind`` and ``probe(call)``:
    the plain-data request the child answers for it."""

    id: Slug
    points: float = Field(gt=0, le=1000)
    title: str | None = Field(default=None, description="one line shown to learners; defaults to the id")
    hint: str | None = Field(default=None, description="shown when the check fails")
    call: Call | None = Field(default=None, description="the call to probe; defaults to the exercise's example")


class EquivalenceCheck(_Check):
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
        return value if value is None else _compile_expression(value)

    @model_validator(mode="after")
    def _shuffled_needs_unordered(self) -> "EquivalenceCheck":
        if self.shuffled and self.match == "ordered":
            raise ValueError("shuffled: true needs match: multiset or subset (a shuffled output has another order)")
        return self

    def probe(self, call: Call) -> dict[str, Any]:
        return {"probe": "outputs", "call": call.model_dump(), "expected": self.expected, "view": self.view,
                "max_elements": self.max_elements}


class StageOrderCheck(_Check):
    """The stages of the learner's dataset meet ordering constraints (any valid order passes)."""

    kind: Literal["stage-order"]
    stages: list[StageName] = Field(min_length=1, description="stages that must appear")
    before: list[tuple[StageName, StageName]] = Field(
        default_factory=list, description="pairs [a, b]: every a comes before every b")
    last: StageName | None = Field(default=None, description="the stage that must come last")

    @model_validator(mode="after")
    def _constraints_name_required_stages(self) -> "StageOrderCheck":
        named = {s for pair in self.before for s in pair} | ({self.last} if self.last else set())
        missing = sorted(named - set(self.stages))
        if missing:
            raise ValueError(f"before/last name stages not listed in stages: {missing}; add them to stages")
        return self

    def probe(self, call: Call) -> dict[str, Any]:
        return {"probe": "stages", "call": call.model_dump()}


class AutotuneCheck(_Check):
    """The named stages use ``tf.data.AUTOTUNE`` (prefetch buffer, map parallelism)."""

    kind: Literal["autotune"]
    stages: list[Literal["prefetch", "map", "interleave", "batch"]] = Field(
        min_length=1, description="stages whose buffer size or parallelism must be AUTOTUNE")

    def probe(self, call: Call) -> dict[str, Any]:
        return {"probe": "stages", "call": call.model_dump()}


Check = Annotated[Union[EquivalenceCheck, StageOrderCheck, AutotuneCheck], Field(discriminator="kind")]


class EntryPoint(_Model):
    name: Identifier
    params: list[Identifier] = Field(min_length=1, description="parameter names, in order")
    signature: str = Field(description="shown to learners, e.g. add_prefetch(ds: tf.data.Dataset) -> tf.data.Dataset")


class Limits(_Model):
    wall_time_s: float = Field(default=60, gt=0, le=3600)
    memory_mb: int = Field(default=4096, ge=256, le=65536)
    output_kb: int = Field(default=64, ge=1, le=10_240, description="captured output kept for the report")


class Exercise(_Model):
    """One exercise: what learners see, how their code is called, and the checks."""

    id: Slug
    title: str
    difficulty: Literal["easy", "medium", "hard"]
    kind: Literal["pipeline", "training", "quiz"]
    prompt: str = "prompt.md"
    starter: str = "starter.py"
    entry_point: EntryPoint
    example: Call = Field(description="the visible example call; it must run before any check is graded")
    limits: Limits = Limits()
    pass_threshold: float | None = Field(default=None, ge=0,
                                         description="score needed to pass; default: every check passes")
    checks: list[Check] = Field(min_length=1)

    _folder: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _consistent(self) -> "Exercise":
        ids = [c.id for c in self.checks]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"check ids must be unique; repeated: {duplicates}")
        for call in [self.example] + [c.call for c in self.checks if c.call]:
            unknown = sorted(set(call.args) - set(self.entry_point.params[1:]))
            if unknown:
                raise ValueError(f"call arguments {unknown} are not parameters of "
                                 f"{self.entry_point.name}{tuple(self.entry_point.params)}")
        if self.pass_threshold is not None and self.pass_threshold > self.max_score:
            raise ValueError(f"pass_threshold {self.pass_threshold} exceeds the max score {self.max_score}")
        return self

    @property
    def max_score(self) -> float:
        return float(sum(c.points for c in self.checks))

    @property
    def folder(self) -> str:
        """The folder the spec was loaded from."""
        return self._folder

    def call_for(self, check: _Check) -> Call:
        """The call a check probes: its own, or the exercise's example."""
        return check.call or self.example

