"""Inputs the grader generates itself, available by name in spec expressions."""

from __future__ import annotations

import time
from typing import Any, Callable

import numpy as np

__all__ = ["iris_rows", "slow_load"]

# The grader's own reference, taken before any learner code is imported: a submission that
# replaces time.sleep later cannot make the simulated I/O free.
_sleep = time.sleep
_clock = time.perf_counter

# Per-class means and spreads of the four iris measurements (cm): setosa, versicolor, virginica.
# The spreads of the last two are a little narrower than the real flowers', so that a reasonable
# 5-epoch model clears the 0.9 accuracy bar with a wide margin (about 0.97, not 0.92).
_MEANS = np.array([[5.0, 3.4, 1.5, 0.25], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]], dtype=np.float32)
_SPREAD = np.array([[0.35, 0.38, 0.17, 0.1], [0.4, 0.25, 0.35, 0.16], [0.45, 0.25, 0.4, 0.2]], dtype=np.float32)


def iris_rows(n: int = 1000, seed: int = 0) -> np.ndarray:
    """``n`` iris-like rows, float32 N x 5: four features, then the label 0-2; grouped by class, as
    the real file is, so that an unshuffled pipeline shows it."""
    rng = np.random.default_rng(seed)
    labels = np.sort(np.arange(n) % 3)
    features = _MEANS[labels] + rng.standard_normal((n, 4)).astype(np.float32) * _SPREAD[labels]
    return np.column_stack([np.round(features, 1), labels]).astype(np.float32)


def slow_load(delay_s: float = 0.01, record: list | None = None) -> Callable[[Any], Any]:
    """A per-element ``load`` for ``ds.map(load)`` that simulates I/O: it sleeps ``delay_s`` (which
    releases the GIL, as real I/O does) inside ``tf.py_function`` and returns the element unchanged.
    With ``record``, each call appends its (start, end) on the grader's clock."""
    import tensorflow as tf

    def wait(value: Any) -> Any:
        start = _clock()
        _sleep(delay_s)
        if record is not None:
            record.append((start, _clock()))
        return value

    def load(element: Any) -> Any:
        loaded = tf.py_function(wait, [element], element.dtype)
        loaded.set_shape(element.shape)
        return loaded

    return load
