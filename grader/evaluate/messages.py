"""What crosses the evaluator's process boundaries, as typed models validated on arrival.

From the builder (learner code ran there: nothing it says is trusted): a dataset as graph and
element spec, a training run's numbers, graphs and model folder, or an error. To the grader's
own process: the evaluator's result (see ``Result``), which ``api`` validates the same way.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = ["BuiltDataset", "Confined", "BuiltError", "BuiltHistory", "Ready", "Result", "ValidationError", "parse_reply"]

MAX_TEXT = 64 * 1024


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WireDataset(_Message):
    graph: str = Field(max_length=24 << 20)
    spec: str = Field(max_length=2 << 20)


class Ready(_Message):
    ready: Literal[True]


class Held(_Message):
    network: Literal["off", "not isolated"]
    filesystem: Literal["work folder only", "not confined"]
    user: Literal["unprivileged", "root"]
    signals: Literal["scoped", "not scoped"]


class Confined(_Message):
    """The builder's first word, sent before the learner's file is imported."""

    confined: Held


class ErrorBody(_Message):
    kind: Literal["syntax", "import", "missing-entry-point", "memory", "crash", "bad-return"]
    message: str = Field(max_length=MAX_TEXT)


class BuiltError(_Message):
    error: ErrorBody


class BuiltDataset(_Message):
    dataset: WireDataset


class BuiltHistory(_Message):
    history: dict[str, list[float | None]] = Field(max_length=100)
    fit: list[WireDataset] = Field(max_length=1)
    model: str | None = Field(max_length=4096)
    untrained: str | None = Field(max_length=4096)  # the model as its first fit found it
    model_error: str | None = Field(max_length=MAX_TEXT)


def parse_reply(message: dict[str, Any], expected: type[_Message]) -> _Message:
    """The builder's reply as ``expected`` or a ``BuiltError``; ValidationError otherwise."""
    if "error" in message:
        return BuiltError.model_validate(message)
    return expected.model_validate(message)


class Result(_Message):
    """The evaluator's one message to the grader's process."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    token: str | None = None
    status: Literal["ok", "error", "spec-error", "no-device"]
    device: str = Field(max_length=16)
    network: Literal["off", "not isolated"] | None = None
    filesystem: str | None = Field(default=None, max_length=64)
    user: str | None = Field(default=None, max_length=64)
    error: dict[str, Any] | None = None
    probes: list[dict[str, Any]] | None = None
    reference: dict[str, Any] | None = None
