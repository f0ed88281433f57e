"""The judges: one per check kind, registered and validated against the spec's union."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from grader.spec.loader import CHECK_KINDS

Judge = Callable[[Any, dict[str, Any], str], "Verdict"]


@dataclass(frozen=True)
class Verdict:
    """A judge's decision: passed or not, and what to tell the learner."""

    passed: bool
    message: str
    counterexample: str | None = None
    timeline: dict[str, Any] | None = None


def spec_kinds() -> set[str]:
    """Every ``kind`` the exercise spec's check union accepts."""
    return set(CHECK_KINDS)


JUDGES: dict[str, Judge] = {}


def judge(kind: str) -> Callable[[Judge], Judge]:
    """Register the judge of ``kind``; a kind the spec does not know, or a second judge, is refused."""

    def register(function: Judge) -> Judge:
        if kind not in spec_kinds():
            raise ValueError(f"judge for unknown check kind {kind!r}; the spec knows {sorted(spec_kinds())}")
        if kind in JUDGES:
            raise ValueError(f"check kind {kind!r} already has a judge: {JUDGES[kind].__qualname__}")
        JUDGES[kind] = function
        return function

    return register
