"""The check kinds: a tagged union on ``kind``. Each check says which *probe* it needs
(plain data collected next to the learner's code, in the child process); its judge
lives in ``grader.checks`` and runs in the grader's own process."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field, PrivateAttr, field_validator, model_validator

from grader.spec.base import Call, CheckBase, Identifier, Expression, StageName, compile_args, compile_expression
from grader.spec.quiz import QuizCheck

Of = Literal["result", "fit"]
DType = Literal["int32", "int64", "float32", "bool", "string"]
DTYPES: tuple[DType, ...] = ("int32", "int64", "float32", "bool", "string")  # what a property check generates


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


IMPLIED = {"padded_batch": "batch", "flat_map": "map"}  # see StageOrderCheck.counted_as


class StageOrderCheck(CheckBase):
    """The stages of the learner's dataset meet ordering constraints (any valid order passes)."""

    kind: Literal["stage-order"]
    stages: list[StageName] = Field(min_length=1, description="stages that must appear")
    before: list[tuple[StageName, StageName]] = Field(
        default_factory=list, description="pairs [a, b]: every a comes before every b")
    last: StageName | None = Field(default=None, description="the stage that must come last")
    optional: list[StageName] = Field(
        default_factory=list, description="stages that may be missing; where present, each must come before "
                                          "the last of the stage it is paired with (an optional stage goes "
                                          "first in its before pair), e.g. optional [cache] with before "
                                          "[[cache, shuffle]]: no cache after the last shuffle")
    of: Of = Field(default="result", description="result: the dataset the entry point returns; "
                                                 "fit: the dataset the learner's code passed to model.fit")
    counts_as: dict[StageName, StageName] = Field(
        default_factory=dict, description="stages that count as another one here, e.g. {interleave: map}: "
                                          "loading through a parallel interleave is as good as a map; "
                                          "padded_batch counts as batch and flat_map as map unless the check "
                                          "names them")
    params: dict[StageName, dict[str, Union[bool, int, str]]] = Field(
        default_factory=dict, description="what the last stage of a name must have, read from the graph: a "
                                          "number or true/false, or the name of an argument of the call, e.g. "
                                          "{shuffle: {buffer_size: shuffle_buffer}} or "
                                          "{shuffle: {reshuffle_each_iteration: true}}")

    #: ``params`` with argument names replaced by the call's values (set by the Exercise).
    _resolved: dict[StageName, dict[str, Any]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _constraints_name_required_stages(self) -> "StageOrderCheck":
        named = {s for pair in self.before for s in pair} - set(self.optional)
        named |= ({self.last} if self.last else set()) | set(self.params)
        missing = sorted(named - set(self.stages))
        if missing:
            raise ValueError(f"before/last/params name stages not listed in stages: {missing}; add them to stages"
                             + (" (or, in before, to optional)" if set(missing) - {self.last, *self.params} else ""))
        second = sorted({b for _, b in self.before} & set(self.optional))
        if second:
            raise ValueError(f"optional stages {second} come second in a before pair; an optional stage goes "
                             "first ([cache, shuffle]: no cache after the last shuffle)")
        both = sorted(set(self.optional) & set(self.stages))
        if both:
            raise ValueError(f"stages {both} are both required (stages) and optional: keep them in one list")
        self._resolved = {stage: dict(values) for stage, values in self.params.items()}
        return self

    def resolve(self, args: dict[str, Any]) -> None:
        """Replace argument names in ``params`` by the call's literal values; a name the call does not
        give as a number is a spec error."""
        resolved: dict[StageName, dict[str, Any]] = {}
        for stage, values in self.params.items():
            resolved[stage] = {}
            for name, value in values.items():
                if isinstance(value, str):
                    if not isinstance(args.get(value), (int, float)) or isinstance(args.get(value), bool):
                        raise ValueError(f"params.{stage}.{name} names the argument {value!r}, but the call "
                                         f"this check probes gives no number for it (args: {sorted(args)})")
                    value = args[value]
                resolved[stage][name] = value
        self._resolved = resolved

    @property
    def counted_as(self) -> dict[str, str]:
        """``counts_as``, and ``IMPLIED`` where the check does not name the stage: padded_batch
        batches as batch does, so shuffling after it is the lesson's mistake, and using it is no
        reason to miss a batch stage; flat_map runs a function on each element as map does, so
        preprocessing in one before batch is map before batch."""
        named = {*self.stages, *(s for pair in self.before for s in pair), self.last, *self.params}
        implied = {stage: counted for stage, counted in IMPLIED.items() if stage not in named}
        return {**implied, **{str(stage): str(counted) for stage, counted in self.counts_as.items()}}

    @property
    def required_params(self) -> dict[StageName, dict[str, Any]]:
        """``params`` with argument names replaced by the values of the call this check probes."""
        return self._resolved

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


class ThroughputCheck(CheckBase):
    """Consuming the learner's pipeline with a simulated training step is faster than the sequential
    baseline by ``min_speedup``, both measured in the same child, in the same run."""

    kind: Literal["throughput"]
    producer_ms: float = Field(default=15, gt=0, le=1000, description="simulated load latency per element")
    consumer_ms: float = Field(default=15, gt=0, le=1000, description="simulated training step per element")
    steps: int = Field(default=24, ge=4, le=10_000, description="elements consumed per measurement")
    repeats: int = Field(default=3, ge=1, le=21, description="baseline/learner pairs; the medians are compared")
    min_speedup: float = Field(default=1.5, gt=1, description="baseline time / learner time needed")
    load_param: str | None = Field(
        default="load", description="the parameter that receives the slow load function; null: the grader "
                                    "inserts the delay at the source of the input dataset instead")

    @model_validator(mode="after")
    def _threshold_below_ideal(self) -> "ThroughputCheck":
        ideal = (self.producer_ms + self.consumer_ms) / max(self.producer_ms, self.consumer_ms)
        if self.min_speedup > 1 + 0.75 * (ideal - 1):
            raise ValueError(f"min_speedup {self.min_speedup:g} is too close to the ideal speedup {ideal:.2f} "
                             "for a verdict that does not flake; lower it or make producer_ms and consumer_ms closer")
        return self

    def probe(self, call: Call) -> dict[str, Any]:
        return {"probe": "throughput", "call": call.model_dump(),
                **self.model_dump(include={"producer_ms", "consumer_ms", "steps", "repeats", "load_param"})}


class PropertyCheck(CheckBase):
    """An equivalence that must hold on many datasets Hypothesis generates; the smallest failing
    input comes back as code the learner can run."""

    kind: Literal["property"]
    expected: Expression = Field(description="the right output for the generated `ds` and args")
    view: Expression | None = Field(default=None, description="as for equivalence, in terms of `out`")
    match: Literal["ordered", "multiset", "subset"] = "ordered"
    args: dict[str, Any] = Field(
        default_factory=dict, description="other entry-point arguments: a Hypothesis strategy expression "
                                          "(st in scope, e.g. st.integers(1, 8)) or a fixed expression")
    max_length: int = Field(default=40, ge=0, le=1000, description="generated datasets have 0 to this many elements")
    structures: bool = Field(default=True, description="also tuple, dict and nested elements, not only tensors")
    dtypes: list[DType] = Field(default_factory=lambda: list(DTYPES))
    max_examples: int = Field(default=25, ge=1, le=500, description="generated examples (derandomized)")

    @field_validator("expected", "view")
    @classmethod
    def _expressions_compile(cls, value: str | None) -> str | None:
        return value if value is None else compile_expression(value)

    @field_validator("args")
    @classmethod
    def _args_compile(cls, value: dict[str, Any]) -> dict[str, Any]:
        return compile_args(value)

    def probe(self, call: Call) -> dict[str, Any]:
        return {"probe": "property", "call": call.model_dump(),
                **self.model_dump(include={"expected", "view", "match", "args", "max_length", "structures",
                                           "dtypes", "max_examples"})}


class SeededCheck(CheckBase):
    """A seeded call repeats exactly, and another seed gives another order: the entry point is called
    with ``seeds[0]`` twice and ``seeds[1]`` once, as separate calls, and the outputs compared."""

    kind: Literal["seeded"]
    param: Identifier = Field(default="seed", description="the parameter that receives the seed")
    seeds: tuple[int, int] = Field(default=(7, 8), description="two different seeds")
    view: Expression | None = Field(default=None, description="as for equivalence, in terms of `out`")
    max_elements: int = Field(default=10_000, gt=0, le=1_000_000, description="elements read from each output")

    @field_validator("view")
    @classmethod
    def _view_compiles(cls, value: str | None) -> str | None:
        return value if value is None else compile_expression(value)

    @model_validator(mode="after")
    def _two_seeds(self) -> "SeededCheck":
        if self.seeds[0] == self.seeds[1]:
            raise ValueError("seeds must be two different numbers")
        return self

    def probe(self, call: Call) -> dict[str, Any]:
        return {"probe": "seeded", "call": call.model_dump(),
                **self.model_dump(include={"param", "seeds", "view", "max_elements"})}


Check = Annotated[Union[EquivalenceCheck, StageOrderCheck, AutotuneCheck, TrainingCheck, ThroughputCheck,
                        PropertyCheck, SeededCheck, QuizCheck],
                  Field(discriminator="kind")]


