"""Judges on plain data: autotuning switched off by with_options, argument-driven stage params, and
stages that count as another (loading through interleave)."""

from __future__ import annotations

import pytest

from grader.checks import JUDGES
from grader.spec.models import AutotuneCheck, Exercise, StageOrderCheck


def stage(name, op=None, **params):
    return {"stage": name, "op": op or name.title() + "Dataset", "params": params}


CALL = "f(...)"
PIPE = [stage("source", "RangeDataset"), stage("shuffle", buffer_size=37), stage("batch", batch_size=7),
        stage("map", "ParallelMapDatasetV2", num_parallel_calls=-1), stage("prefetch", buffer_size=-1)]


def judge(check, stages):
    return JUDGES[check.kind](check, {"stages": stages, "input_stages": []}, CALL)


def test_autotune_written_but_switched_off_fails_and_says_so():
    check = AutotuneCheck(id="a", kind="autotune", points=1, stages=["prefetch", "map"])
    off = PIPE[:-1] + [{**PIPE[-1], "options": {"autotune": False}}]
    verdict = judge(check, off)
    assert not verdict.passed
    assert "AUTOTUNE is written, but autotuning is switched off by with_options" in verdict.message
    assert "(with_options: autotune off)" in verdict.message
    assert judge(check, PIPE).passed


def exercise(params, shuffle_buffer=37):
    spec = {"id": "x", "title": "x", "difficulty": "easy", "kind": "pipeline",
            "entry_point": {"name": "f", "params": ["ds", "shuffle_buffer"], "signature": "f(ds, shuffle_buffer)"},
            "example": {"input": "tf.data.Dataset.range(5)", "args": {"shuffle_buffer": shuffle_buffer}},
            "checks": [{"id": "buffer", "kind": "stage-order", "points": 1, "stages": ["shuffle"],
                        "params": {"shuffle": params}}]}
    return Exercise.model_validate(spec)


def test_a_param_from_an_argument_must_match_the_graph():
    check = exercise({"buffer_size": "shuffle_buffer"}).checks[0]
    assert check.required_params == {"shuffle": {"buffer_size": 37}}
    assert judge(check, PIPE).passed
    fixed = [PIPE[0], stage("shuffle", buffer_size=1000)] + PIPE[2:]
    verdict = judge(check, fixed)
    assert not verdict.passed
    assert "shuffle(1000) has buffer_size 1000; expected the shuffle_buffer argument (37)" in verdict.message


def test_a_param_naming_an_unknown_argument_is_a_spec_error():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="names the argument 'buffer'"):
        exercise({"buffer_size": "buffer"})


def test_counts_as_lets_a_parallel_interleave_load():
    check = StageOrderCheck(id="o", kind="stage-order", points=1, stages=["map", "prefetch"],
                            before=[("map", "prefetch")], last="prefetch", counts_as={"interleave": "map"})
    interleaved = [stage("source", "RangeDataset"), stage("interleave", "ParallelInterleaveDatasetV4",
                                                          num_parallel_calls=-1), stage("prefetch", buffer_size=-1)]
    assert judge(check, interleaved).passed
    strict = StageOrderCheck(id="o", kind="stage-order", points=1, stages=["map", "prefetch"],
                             before=[("map", "prefetch")], last="prefetch")
    assert not judge(strict, interleaved).passed
