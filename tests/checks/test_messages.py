"""Learner messages name no library internals, say what was expected, what came and the next step, once."""

from __future__ import annotations

import pytest

from grader.checks import JUDGES, render
from grader.checks.equivalence import compare
from grader.spec.checks import PropertyCheck, ThroughputCheck
from tests.checks.test_judges import stage


def batch(values):
    return {"t": "int64", "s": [len(values)], "v": values}


def batches(groups):
    return {"spec": {"t": "int64", "s": [None]}, "elements": [batch(g) for g in groups], "truncated": False}


def test_a_missing_short_last_batch_names_drop_remainder():
    expected = batches([[0, 1, 2], [3, 4, 5], [6]])
    verdict = compare("f(range(7), batch_size=3)", expected, batches([[0, 1, 2], [3, 4, 5]]))
    assert not verdict.passed
    assert "the last, shorter batch is missing: drop_remainder=True?" in verdict.message
    assert "take()" not in verdict.message


def test_a_cut_short_dataset_still_asks_about_take():
    expected = batches([[0, 1], [2, 3], [4, 5]])
    verdict = compare("f(range(6), batch_size=2)", expected, batches([[0, 1], [2, 3]]))
    assert "Did a take() or filter() cut it short?" in verdict.message and "drop_remainder" not in verdict.message


def test_repeat_forever_renders_as_repeat_and_only_buffers_as_autotune():
    assert render.stage(stage("repeat", count=-1)) == "repeat()"
    assert render.stage(stage("repeat", count=2)) == "repeat(2)"
    assert render.stage(stage("take", count=-1)) == "take(-1)"
    assert render.stage(stage("prefetch", buffer_size=-1)) == "prefetch(AUTOTUNE)"
    assert render.stage(stage("map", "ParallelMapDatasetV2", num_parallel_calls=-1)) == "map(parallel=AUTOTUNE)"


def throughput(stages, learner_s=0.72):
    check = ThroughputCheck(id="s", kind="throughput", points=1)
    run = {"timeline": {"seconds": 1.0, "producer": [(0.0, 0.5)], "consumer": [(0.5, 1.0)]}}
    data = {"baseline": {"seconds": 0.72, "elements": 24, **run},
            "learner": {"seconds": learner_s, "elements": 24, **run}, "stages": stages}
    return JUDGES["throughput"](check, data, "f(ds, load)")


def test_prefetch_before_the_slow_map_is_no_overlap():
    verdict = throughput([stage("range", "RangeDataset"), stage("prefetch", buffer_size=-1), stage("map")])
    assert not verdict.passed
    assert "overlap from" not in verdict.message
    assert "prefetch(AUTOTUNE) comes before the slow stage map, so nothing overlaps" in verdict.message
    assert "ds.map(load).prefetch(tf.data.AUTOTUNE)" in verdict.message


def test_prefetch_after_the_map_is_the_overlap():
    verdict = throughput([stage("map"), stage("prefetch", buffer_size=-1)], learner_s=0.38)
    assert verdict.passed and "overlap from prefetch(AUTOTUNE)" in verdict.message


def test_a_counterexample_with_the_graders_load_imports_it():
    check = PropertyCheck(id="p", kind="property", points=1, expected="ds.map(load)", args={"load": "slow_load(0.0)"})
    failure = {"input": "tf.data.Dataset.range(2)", "args": {"load": "slow_load(0)"}, "expected": None, "got": None,
               "error": "it raised ValueError: boom"}
    verdict = JUDGES["property"](check, {"failure": failure, "examples": 3}, "fast_pipeline(ds, load)")
    code = verdict.counterexample
    assert "from grader.tfdata.inputs import slow_load" in code
    assert code.index("import slow_load") < code.index("fast_pipeline(tf.data.Dataset.range(2), load=slow_load(0))")


@pytest.mark.slow
def test_the_graders_load_imports_and_runs_outside_the_grader():
    """What the counterexample imports works in a learner's own Python with the grader installed."""
    import subprocess
    import sys

    code = ("import tensorflow as tf\nfrom grader.tfdata.inputs import slow_load\n"
            "print([int(x) for x in tf.data.Dataset.range(3).map(slow_load(0))])\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("[0, 1, 2]")


def test_a_hint_the_message_already_says_is_dropped():
    from grader.api import _new_hint

    hint = "Keep every element (no take() left from debugging). Use the batch_size argument."
    assert _new_hint(hint, "f() yielded 3 elements. Keep every element (no take() left from debugging).") == \
        "Use the batch_size argument."
    assert _new_hint("Use tf.data.AUTOTUNE.", "expected AUTOTUNE: use tf.data.AUTOTUNE") is None
    assert _new_hint(hint, "f() yielded 3 elements; expected 4.") == hint
    assert _new_hint(None, "anything") is None


def test_a_flaky_failure_shows_the_failure_not_hypothesis():
    from hypothesis.errors import FlakyFailure

    from grader.evaluate.properties import _Failed, _library_failure

    def failed(case, error=None):
        case["error"] = error
        seen["failure"] = case
        return _Failed()

    flaky = FlakyFailure("Hypothesis test_x produces unreliable results", [ValueError("shapes differ")])
    seen = {"examples": 4, "failure": None}
    _library_failure(flaky, seen, failed)
    error = seen["failure"]["error"]
    assert "ValueError: shapes differ" in error
    assert "Flaky" not in error and "Hypothesis" not in error and "deterministic" not in error

    found = {"input": "tf.data.Dataset.range(3)", "args": {}, "expected": {"elements": []}, "got": {"elements": []},
             "error": None}
    seen = {"examples": 4, "failure": found}
    _library_failure(flaky, seen, failed)
    assert seen["failure"] is found and found["error"] is None  # the failure that was seen is the finding
