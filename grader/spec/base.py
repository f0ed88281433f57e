"""Building blocks of the spec: expressions, calls, and the fields every check has."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]

#: Plain names of tf.data stages, as read from a dataset's graph (see grader.tfdata.stages).
StageName = Literal[
    "source", "shuffle", "batch", "padded_batch", "unbatch", "map", "prefetch", "cache",
    "repeat", "take", "skip", "filter", "interleave", "flat_map", "zip", "concatenate",
    "rebatch", "other",
]


def compile_expression(source: str) -> str:
    try:
        compile(source, "<spec expression>", "eval")
    except SyntaxError as exc:
        raise ValueError(f"not a valid Python expression ({exc.msg}): {source!r}") from None
    return source


Expression = Annotated[str, Field(min_length=1)]


def compile_args(value: dict[str, Any]) -> dict[str, Any]:
    """Argument values are expressions (strings, compiled now) or numbers."""
    for item in value.values():
        if isinstance(item, str):
            compile_expression(item)
        elif not isinstance(item, (int, float, bool)) or item is None:
            raise ValueError(f"argument values are expressions (strings) or numbers, got {item!r}")
    return value


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Call(Model):
    """How the grader calls the entry point: its first argument (usually a dataset) and the others."""

    input: Expression = Field(description="expression building the first argument, e.g. tf.data.Dataset.range(5)")
    args: dict[Identifier, Any] = Field(
        default_factory=dict,
        description="other entry-point arguments by parameter name; strings are expressions, numbers literals",
    )

    @field_validator("input")
    @classmethod
    def _input_compiles(cls, value: str) -> str:
        return compile_expression(value)

    @field_validator("args")
    @classmethod
    def _args_compile(cls, value: dict[str, Any]) -> dict[str, Any]:
        return compile_args(value)

    def expressions(self) -> dict[str, str]:
        """The arguments as expression source, numbers included."""
        return {name: value if isinstance(value, str) else repr(value) for name, value in self.args.items()}

    def render(self, function: str, params: list[str]) -> str:
        """The call as a learner would write it, e.g. ``add_prefetch(tf.data.Dataset.range(5))``."""
        parts = [self.input] + [f"{name}={self.expressions()[name]}" for name in params if name in self.args]
        return f"{function}({', '.join(parts)})"


class CheckBase(Model):
    """Fields every check has. Each concrete check adds ``kind`` and ``probe(call)``:
    the plain-data request the child answers for it."""

    id: Slug
    points: float = Field(gt=0, le=1000)
    title: str | None = Field(default=None, description="one line shown to learners; defaults to the id")
    hint: str | None = Field(default=None, description="shown when the check fails")
    call: Call | None = Field(default=None, description="the call to probe; defaults to the exercise's example")
    visibility: Literal["visible", "hidden", "after_due"] = Field(
        default="visible", description="hidden / after_due: learners' reports show only the score of this check "
                                       "(Gradescope gets the whole result with its own visibility value)")


