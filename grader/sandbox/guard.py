"""What the grader relies on inside the child, snapshotted before the learner's file is imported.

A submission that replaces one of these (the clocks and sleeps a timing check uses, the
dataset methods whose graph the stage checks read, builtins the harness calls) is reported
as ``tampering`` and never graded, even if the grader's own references kept it harmless.
"""

from __future__ import annotations

import builtins
import time
from typing import Any

_TIME = ("sleep", "perf_counter", "monotonic", "time", "perf_counter_ns", "monotonic_ns")
_DATASET = ("prefetch", "map", "batch", "shuffle", "cache", "unbatch", "with_options", "__iter__",
            "_as_serialized_graph", "element_spec")
_BUILTINS = ("isinstance", "len", "iter", "next", "getattr", "hasattr", "type", "print")


def snapshot() -> dict[str, Any]:
    """The current object behind every guarded name."""
    import tensorflow as tf

    names = {f"time.{n}": getattr(time, n) for n in _TIME}
    names.update({f"tf.data.Dataset.{n}": tf.data.Dataset.__dict__.get(n) for n in _DATASET})
    names.update({f"builtins.{n}": getattr(builtins, n) for n in _BUILTINS})
    names["tf.data.Dataset"] = tf.data.Dataset
    names["tf.data.AUTOTUNE"] = tf.data.AUTOTUNE
    return names


def replaced(before: dict[str, Any]) -> list[str]:
    """The guarded names whose object is no longer the one snapshotted."""
    now = snapshot()
    return [name for name, value in before.items() if now.get(name) is not value]
