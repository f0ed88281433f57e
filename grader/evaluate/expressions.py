"""The instructor's spec expressions, evaluated with ``tf``, ``np`` and the grader's input helpers."""

from __future__ import annotations

from typing import Any


def evaluate(source: str, names: dict[str, Any]) -> Any:
    """Evaluate a spec expression with tf, np and the grader's input helpers in scope."""
    import numpy as np
    import tensorflow as tf

    from grader.tfdata import inputs

    scope = {"tf": tf, "np": np, **{name: getattr(inputs, name) for name in inputs.__all__}, **names}
    return eval(compile(source, "<exercise spec>", "eval"), scope)  # noqa: S307


def build_call(call: dict[str, Any]) -> tuple[Any, dict[str, Any], dict[str, str]]:
    """Fresh objects for one call: the first argument, the others by name, and the source of
    each other argument (what the builder evaluates for a function argument)."""
    first = evaluate(call["input"], {})
    args, sources = {}, {}
    for name, value in call.get("args", {}).items():
        args[name] = evaluate(value, {}) if isinstance(value, str) else value
        sources[name] = value if isinstance(value, str) else repr(value)
    return first, args, sources
