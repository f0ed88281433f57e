"""How the evaluator and the builder confine themselves (see ``isolation`` for the tiers).

The evaluator, which runs learner graphs, confines itself before it forks the builder; the
builder, which runs learner Python, inherits that and adds its own, stricter layer. Each returns
what held, for the report: ``network`` (and, where the kernel allows, ``filesystem``, ``user``).
"""

from __future__ import annotations

from typing import Any

from grader.sandbox import nosockets


def confine_evaluator(workdir: str) -> dict[str, str]:
    """No sockets from here on (the result pipe and the builder's socket exist already)."""
    return {"network": "off" if nosockets.install() else "not isolated"}


def confine_builder(start: dict[str, Any]) -> dict[str, str]:
    """The learner's process: inherits the evaluator's filter."""
    return {}
