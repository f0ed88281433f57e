"""The judges on plain data, as the child would send it: each can fail, with a useful message."""

from __future__ import annotations

import pytest

from grader.checks import JUDGES
from grader.spec.models import AutotuneCheck, EquivalenceCheck, StageOrderCheck


def scalar(value, dtype="int64"):
    return {"t": dtype, "s": [], "v": value}


def outputs(values, dtype="int64", truncated=False):
    return {"spec": {"t": dtype, "s": []}, "elements": [scalar(v, dtype) for v in values], "truncated": truncated}


def stage(name, op=None, **params):
    return {"stage": name, "op": op or name.title() + "Dataset", "params": params}


EQ = EquivalenceCheck(id="eq", kind="equivalence", points=1, expected="ds")
BAG = EquivalenceCheck(id="bag", kind="equivalence", points=1, expected="ds", match="multiset")
CALL = "f(range(5))"


def equivalence(check, expected, got):
    return JUDGES["equivalence"](check, {"expected": expected, "got": got}, CALL)


def test_equal_elements_pass():
    assert equivalence(EQ, outputs(range(5)), outputs(range(5))).passed


def test_short_output_names_take():
    verdict = equivalence(EQ, outputs(range(5)), outputs(range(3)))
    assert not verdict.passed
    assert verdict.message.startswith("f(range(5)) yielded [0, 1, 2] (3 elements); expected [0, 1, 2, 3, 4] (5)")
    assert "take()" in verdict.message


def test_first_difference_is_shown():
    verdict = equivalence(EQ, outputs(range(5)), outputs([0, 1, 9, 3, 4]))
    assert "element 2 is 9; expected 2" in verdict.message


def test_extra_elements_fail():
    verdict = equivalence(EQ, outputs(range(3)), outputs(range(4), truncated=True))
    assert not verdict.passed and "more than the 3 expected" in verdict.message


def test_dtype_change_fails_even_when_empty():
    verdict = equivalence(EQ, outputs([]), outputs([], dtype="int32"))
    assert not verdict.passed and "int32; expected int64" in verdict.message


def test_floats_compare_to_six_digits():
    assert equivalence(EQ, outputs([0.1], "float32"), outputs([0.1000000001], "float32")).passed
    assert not equivalence(EQ, outputs([0.1], "float32"), outputs([0.11], "float32")).passed


def test_multiset_ignores_order_but_not_counts():
    assert equivalence(BAG, outputs([1, 2, 3]), outputs([3, 1, 2])).passed
    verdict = equivalence(BAG, outputs([1, 2, 3]), outputs([1, 1, 3]))
    assert not verdict.passed and "missing 1, e.g. [2]" in verdict.message and "unexpected 1, e.g. [1]" in verdict.message


def test_ordered_check_fails_a_reordering():
    assert not equivalence(EQ, outputs([1, 2, 3]), outputs([3, 1, 2])).passed


ORDER = StageOrderCheck(id="o", kind="stage-order", points=1, stages=["shuffle", "batch", "map", "prefetch"],
                        before=[["shuffle", "batch"], ["batch", "map"], ["map", "prefetch"]], last="prefetch")


def order(stages, check=ORDER):
    return JUDGES["stage-order"](check, {"stages": stages, "input_stages": []}, CALL)


RIGHT = [stage("shuffle", buffer_size=1000), stage("batch", batch_size=32),
         stage("map", "ParallelMapDatasetV2", num_parallel_calls=-1), stage("prefetch", buffer_size=-1)]


def test_right_order_passes():
    verdict = order(RIGHT)
    assert verdict.passed
    assert "shuffle(1000) -> batch(32) -> map(parallel=AUTOTUNE) -> prefetch(AUTOTUNE)" in verdict.message


def test_any_order_meeting_the_constraints_passes():
    loose = StageOrderCheck(id="o", kind="stage-order", points=1, stages=["batch", "prefetch"],
                            before=[["batch", "prefetch"]], last="prefetch")
    assert order([stage("cache"), stage("batch", batch_size=2), stage("map"), stage("prefetch", buffer_size=-1)],
                 loose).passed


def test_prefetch_before_batch_is_named_with_its_fix():
    verdict = order([RIGHT[0], RIGHT[3], RIGHT[1], RIGHT[2]])
    assert not verdict.passed
    assert verdict.message.startswith("prefetch (stage 2) comes before batch")
    assert "Your pipeline: shuffle(1000) -> prefetch(AUTOTUNE) -> batch(32)" in verdict.message
    assert "expected: ... -> shuffle -> batch -> map -> prefetch" in verdict.message


def test_shuffle_after_batch_is_named():
    verdict = order([RIGHT[1], RIGHT[0], RIGHT[2], RIGHT[3]])
    assert "batch (stage 1) comes before shuffle: shuffle after batch only reorders whole batches" in verdict.message


def test_map_before_batch_is_named():
    verdict = order([RIGHT[0], RIGHT[2], RIGHT[1], RIGHT[3]])
    assert "map (stage 2) comes before batch" in verdict.message and "vectorized" in verdict.message


def test_an_optional_stage_may_be_missing_but_where_present_keeps_its_place():
    check = StageOrderCheck(id="o", kind="stage-order", points=1, stages=["shuffle"], optional=["cache"],
                            before=[["cache", "shuffle"]])
    judge = JUDGES["stage-order"]
    assert judge(check, {"stages": [RIGHT[0], RIGHT[1]]}, CALL).passed
    assert judge(check, {"stages": [stage("cache"), RIGHT[0], RIGHT[1]]}, CALL).passed
    verdict = judge(check, {"stages": [RIGHT[0], RIGHT[1], stage("cache")]}, CALL)
    assert not verdict.passed and "shuffle (stage 1) comes before cache: a cache after shuffle replays" in verdict.message
    # a split: shuffle once, take, cache, then shuffle every epoch
    split = [stage("shuffle", buffer_size=100), stage("take", count=70), stage("cache"), RIGHT[0], RIGHT[1]]
    assert judge(check, {"stages": split}, CALL).passed


def test_batches_made_in_a_flat_map_before_a_shuffle_fail_the_order():
    # window(32).flat_map(reduce into one tensor) batches without a batch op; a flat_map counts as
    # a map, so the shuffle after it is out of place (red team: shuffle after batch kept its points)
    stages = [stage("other", "WindowDataset"), stage("flat_map"), RIGHT[0], stage("batch", batch_size=1),
              RIGHT[2], RIGHT[3]]
    verdict = order(stages)
    assert not verdict.passed and verdict.message.startswith("map (stage 2) comes before shuffle")


def test_a_stage_both_required_and_optional_is_a_spec_error():
    with pytest.raises(ValueError, match="both required"):
        StageOrderCheck(id="o", kind="stage-order", points=1, stages=["shuffle", "cache"], optional=["cache"])
    with pytest.raises(ValueError, match="an optional stage goes first"):
        StageOrderCheck(id="o", kind="stage-order", points=1, stages=["batch"], optional=["cache"],
                        before=[["batch", "cache"]])


def test_stage_after_the_last_one_fails():
    verdict = order(RIGHT + [stage("repeat", count=-1)])
    assert not verdict.passed and "repeat comes after prefetch" in verdict.message


def test_prefetch_zero_is_no_prefetch():
    verdict = order(RIGHT[:3] + [stage("prefetch", buffer_size=0)])
    assert not verdict.passed and "prefetch(0) does nothing" in verdict.message


def test_shuffle_one_is_no_shuffle():
    verdict = order([stage("shuffle", buffer_size=1)] + RIGHT[1:])
    assert not verdict.passed and "has no shuffle stage" in verdict.message and "buffer of 1" in verdict.message


def test_every_path_of_a_join_must_meet_the_constraints():
    wrong = [RIGHT[2], RIGHT[0], RIGHT[1], stage("concatenate"), RIGHT[3]]
    decoy = RIGHT[:3] + [stage("concatenate"), RIGHT[3]]
    verdict = JUDGES["stage-order"](ORDER, {"stages": decoy, "branches": [wrong], "input_stages": []}, CALL)
    assert not verdict.passed and "joins 2 datasets, and path 2 of them fails: map (stage 1)" in verdict.message
    assert JUDGES["stage-order"](ORDER, {"stages": decoy, "branches": [decoy], "input_stages": []}, CALL).passed
    untuned = [stage("shuffle", buffer_size=9), stage("batch"), stage("map"), stage("concatenate"), RIGHT[3]]
    tuned = JUDGES["autotune"](TUNE, {"stages": RIGHT, "branches": [untuned], "input_stages": []}, CALL)
    assert not tuned.passed and "map runs sequentially" in tuned.message


def test_missing_stage_fails():
    verdict = order(RIGHT[1:])
    assert not verdict.passed and "has no shuffle stage" in verdict.message


TUNE = AutotuneCheck(id="a", kind="autotune", points=1, stages=["prefetch", "map"])


def tune(stages):
    return JUDGES["autotune"](TUNE, {"stages": stages, "input_stages": []}, CALL)


def test_autotune_passes_with_minus_one():
    assert tune(RIGHT).passed


def test_fixed_buffer_fails():
    verdict = tune([RIGHT[2], stage("prefetch", buffer_size=2)])
    assert not verdict.passed and "prefetch uses a fixed buffer_size of 2" in verdict.message


def test_sequential_map_fails():
    verdict = tune([stage("map", "MapDataset"), RIGHT[3]])
    assert not verdict.passed and "map runs sequentially" in verdict.message


def test_absent_stage_fails():
    verdict = tune([RIGHT[2]])
    assert not verdict.passed and "no prefetch stage found" in verdict.message


def training(require, **data):
    from grader.spec.checks import TrainingCheck

    check = TrainingCheck(id="t", kind="training", points=1, require=require)
    base = {"history": {"loss": [1.0, 0.5, 0.4, 0.3, 0.2]}, "accuracy": 0.95, "held_out_rows": 300}
    return JUDGES["training"](check, {**base, **data}, CALL)


def test_training_judges():
    assert training("epochs").passed and training("loss-falls").passed and training("accuracy").passed
    assert "has 1 epoch(s); expected 5" in training("epochs", history={"loss": [1.0]}).message
    assert "does not fall" in training("loss-falls", history={"loss": [0.5, 0.7]}).message
    for diverged in ([None, None], [0.5, None], [None, 0.2]):  # NaN losses arrive as None
        verdict = training("loss-falls", history={"loss": diverged})
        assert not verdict.passed and "diverged" in verdict.message and "nan" in verdict.message
    assert training("epochs", history={"loss": [None] * 5}).passed  # five epochs were still trained
    assert "0.500 accuracy on 300 held-out rows" in training("accuracy", accuracy=0.5).message
    assert not training("accuracy", accuracy=None, accuracy_error="ValueError: shape").passed
    early = training("accuracy", accuracy_before=0.97)  # good before its first fit: trained around the pipeline
    assert not early.passed and "already scored 0.970" in early.message
    assert training("accuracy", accuracy_before=0.34).passed


def test_stage_order_of_fit_without_a_dataset():
    verdict = JUDGES["stage-order"](ORDER, {"stages": [], "absent": "model.fit was never given a tf.data.Dataset"},
                                    CALL)
    assert not verdict.passed and verdict.message.startswith("model.fit was never given")


def throughput(baseline_s, learner_s, stages, elements=24):
    from grader.spec.checks import ThroughputCheck

    check = ThroughputCheck(id="s", kind="throughput", points=1)
    run = {"timeline": {"seconds": 1.0, "producer": [(0.0, 0.5)], "consumer": [(0.5, 1.0)]}}
    data = {"baseline": {"seconds": baseline_s, "elements": elements, **run},
            "learner": {"seconds": learner_s, "elements": elements, **run}, "stages": stages}
    return JUDGES["throughput"](check, data, CALL)


def test_throughput_passes_on_the_ratio_and_names_the_overlap():
    verdict = throughput(0.72, 0.38, RIGHT)
    assert verdict.passed and verdict.message.startswith("1.89x faster than the sequential baseline (ideal 2.00x")
    assert "overlap from map(parallel=AUTOTUNE), prefetch(AUTOTUNE)" in verdict.message
    assert set(verdict.timeline) == {"baseline", "learner"}


def test_throughput_names_a_prefetch_after_the_load_that_equals_one_before_it():
    prefetch = stage("prefetch", "PrefetchDataset", buffer_size=-1)
    verdict = throughput(0.72, 0.38, [dict(prefetch), RIGHT[2], dict(prefetch)])
    assert "overlap from map(parallel=AUTOTUNE), prefetch(AUTOTUNE)" in verdict.message


def test_throughput_fails_below_threshold_and_when_elements_are_missing():
    verdict = throughput(0.72, 0.70, [stage("map", "MapDataset")])
    assert not verdict.passed and "no overlap: no stage runs in the background" in verdict.message
    assert not throughput(0.72, 0.2, RIGHT, elements=10).passed


def test_a_threshold_near_the_ideal_is_a_spec_error():
    import pydantic

    from grader.spec.checks import ThroughputCheck

    with pytest.raises(pydantic.ValidationError, match="too close to the ideal speedup"):
        ThroughputCheck(id="s", kind="throughput", points=1, producer_ms=10, consumer_ms=40, min_speedup=1.5)
