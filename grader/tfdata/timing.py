"""Measure a pipeline against its sequential baseline with a simulated training step.

Default graph rewrites are switched off on both pipelines, as the outermost options (the
outermost ``with_options`` wins over the learner's own): with them on, tf.data injects a
prefetch and fuses map and batch into a background op, so even a pipeline with no
prefetch would overlap. The clocks and sleeps used are the grader's own references,
taken when this module is imported, before any learner code.
"""

from __future__ import annotations

import statistics
import time
from typing import Any, Callable

import tensorflow as tf

WARM_UP = 3  # elements pulled before the clock starts
_sleep = time.sleep
_clock = time.perf_counter


def without_rewrites(ds: tf.data.Dataset) -> tf.data.Dataset:
    """``ds`` with tf.data's default optimizations off (autotuning stays on)."""
    options = tf.data.Options()
    options.experimental_optimization.apply_default_optimizations = False
    return ds.with_options(options)


def consume(ds: tf.data.Dataset, step_s: float, steps: int, produced: list) -> dict[str, Any]:
    """Pull ``WARM_UP`` elements untimed, then ``steps`` elements each followed by a training step of ``step_s``.

    Returns the elapsed time and the lanes of a timeline (seconds from the clock's start)."""
    produced.clear()
    iterator = iter(without_rewrites(ds))
    for _ in range(WARM_UP):  # iterator creation, start-up and autotuning's first guesses are not throughput
        next(iterator)
    start = _clock()
    consumer = []
    count = 0
    for _ in iterator:
        begin = _clock()
        _sleep(step_s)
        consumer.append((begin - start, _clock() - start))
        count += 1
        if count == steps:
            break
    elapsed = _clock() - start
    loads = len(produced)
    producer = [(a - start, b - start) for a, b in list(produced) if b >= start]
    return {"seconds": elapsed, "elements": count, "loads": loads, "producer": producer, "consumer": consumer}


def compare(baseline: Callable[[], tf.data.Dataset], learner: Callable[[], tf.data.Dataset], *, step_s: float,
            steps: int, repeats: int, produced: list) -> dict[str, Any]:
    """Alternate baseline and learner runs; speedup of the medians; the median runs' timelines."""
    runs: dict[str, list[dict[str, Any]]] = {"baseline": [], "learner": []}
    for _ in range(repeats):
        runs["baseline"].append(consume(baseline(), step_s, steps, produced))
        runs["learner"].append(consume(learner(), step_s, steps, produced))
    result: dict[str, Any] = {}
    for name, measured in runs.items():
        times = [r["seconds"] for r in measured]
        median = statistics.median(times)
        result[name] = {"seconds": median, "all": times, "elements": measured[0]["elements"],
                        "loads": min(r["loads"] for r in measured),
                        "timeline": min(measured, key=lambda r: abs(r["seconds"] - median))}
    return result
