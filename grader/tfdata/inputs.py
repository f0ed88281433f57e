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


def seed_everything(seed: int) -> None:
    """Python's, NumPy's and TensorFlow's global seeds, as ``keras.utils.set_random_seed`` sets them,
    without importing Keras (a second of start-up an input pipeline does not need)."""
    import random

    import tensorflow as tf

    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)


def iris_rows(n: int = 1000, seed: int = 0) -> np.ndarray:
    """``n`` iris-like rows, float32 N x 5: four features, then the label 0-2; grouped by class, as
    the real file is, so that an unshuffled pipeline shows it."""
    rng = np.random.default_rng(seed)
    labels = np.sort(np.arange(n) % 3)
    features = _MEANS[labels] + rng.standard_normal((n, 4)).astype(np.float32) * _SPREAD[labels]
    return np.column_stack([np.round(features, 1), labels]).astype(np.float32)


class _Wait:
    """What runs when a pipeline calls the grader's ``load``: sleep, count, record. Registered in
    TensorFlow's py-function registry under a fixed token (not a counter's next value), so the
    builder, which traces the learner's ``map(load)``, and the evaluator, which runs the graph,
    agree on it without sharing anything but the token."""

    def __init__(self, delay_s: float) -> None:
        import threading

        self.delay_s = delay_s
        self.calls = 0
        self.record: list | None = None
        self.lock = threading.Lock()  # a parallel map calls it from several threads

    def __call__(self, value: Any) -> Any:
        start = _clock()
        _sleep(self.delay_s)
        with self.lock:
            self.calls += 1
        if self.record is not None:
            self.record.append((start, _clock()))
        return value


_WAITS: dict[str, Any] = {}  # token -> the registered function; TensorFlow's registry holds weak references


def _registered(token: str, delay_s: float) -> _Wait:
    from tensorflow.python.ops import script_ops

    if token not in _WAITS:
        wait = _Wait(delay_s)

        class Registered(script_ops.EagerFunc):
            def _call(self, device: Any, args: list) -> list:
                return [wait(args[0])]

        _WAITS[token] = (wait, Registered(None, [], False))
        script_ops._py_funcs._funcs[token] = _WAITS[token][1]
    return _WAITS[token][0]


def load_token(delay_s: float) -> str:
    return f"grader-load-{round(delay_s * 1e6)}us"


def load_calls(token: str) -> int:
    """How often the ``load`` behind ``token`` has run in this process."""
    return _WAITS[token][0].calls if token in _WAITS else 0


def loads() -> set[str]:
    """The tokens of every ``load`` made in this process."""
    return set(_WAITS)


class Load:
    """A per-element ``load`` for ``ds.map(load)`` that simulates I/O: it sleeps ``delay_s`` (which
    releases the GIL, as real I/O does) in a ``tf.py_function``-style op and returns the element
    unchanged. Its calls are counted (``load_calls``); ``record`` collects (start, end) on the
    grader's clock."""

    def __init__(self, delay_s: float, record: list | None = None) -> None:
        self.delay_s = delay_s
        self.token = load_token(delay_s)
        wait = _registered(self.token, delay_s)
        if record is not None:
            wait.record = record

    def __call__(self, element: Any) -> Any:
        from tensorflow.python.ops import gen_script_ops

        loaded = gen_script_ops.eager_py_func(input=[element], token=self.token, Tout=[element.dtype])[0]
        loaded.set_shape(element.shape)
        return loaded

    def __repr__(self) -> str:
        return f"slow_load({self.delay_s:g})"


def slow_load(delay_s: float = 0.01, record: list | None = None) -> Callable[[Any], Any]:
    """The grader's simulated ``load`` of ``delay_s`` seconds per element (see ``Load``)."""
    return Load(delay_s, record)
