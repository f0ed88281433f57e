"""Every process boundary validates what arrives: a learner graph the evaluator will not run, data
that does not decode, a builder reply or an evaluator result of the wrong shape. Each becomes
that submission's error, never a crash and never a pass."""

from __future__ import annotations

import base64

import pytest
import tensorflow as tf

from grader import submit
from grader.evaluate import graphs, messages
from grader.sandbox import runner
from grader.tfdata import inputs, wire


def _graph(ds):
    return wire.decode_graph(wire.encode_dataset(ds)["graph"])


def test_the_lessons_pipelines_and_the_graders_own_load_may_run():
    load = inputs.slow_load(0.0)
    lesson = (tf.data.Dataset.range(20).shuffle(8).batch(4)
              .map(lambda x: x * 2, num_parallel_calls=tf.data.AUTOTUNE).cache().prefetch(tf.data.AUTOTUNE))
    graphs.check(_graph(lesson), set())
    graphs.check(_graph(tf.data.Dataset.range(3).map(load).prefetch(1)), {load.token})
    with pytest.raises(graphs.GraphRefused, match="runs Python"):  # the right token, but not handed to this call
        graphs.check(_graph(tf.data.Dataset.range(3).map(load)), set())


@pytest.mark.parametrize("build, words", [
    (lambda: tf.data.Dataset.range(3).map(lambda x: tf.py_function(lambda v: v, [x], tf.int64)), "runs Python"),
    (lambda: tf.data.Dataset.range(3).map(lambda x: tf.numpy_function(lambda v: v, [x], tf.int64)), "runs Python"),
    (lambda: tf.data.Dataset.from_generator(lambda: iter([1]), output_signature=tf.TensorSpec([], tf.int32)),
     "runs Python"),
    (lambda: tf.data.Dataset.from_tensors("/etc/shadow").map(tf.io.read_file), "ReadFile"),
    (lambda: tf.data.TextLineDataset(["/etc/passwd"]), "TextLineDataset"),
    (lambda: tf.data.Dataset.range(3).cache("/tmp/grader-cache"), "cache"),
], ids=["py_function", "numpy_function", "from_generator", "read_file", "text_line", "cache_file"])
def test_python_files_and_state_in_a_learner_graph_are_refused_with_a_reason(build, words):
    with pytest.raises(graphs.GraphRefused, match=words):
        graphs.check(_graph(build()), set())


def test_an_op_this_tensorflow_does_not_know_is_refused():
    graph = _graph(tf.data.Dataset.range(3))
    graph.node[0].op = "LaunchMissiles"
    with pytest.raises(graphs.GraphRefused, match="does not know"):
        graphs.check(graph, set())


def test_data_that_does_not_decode_is_a_wire_error():
    with pytest.raises(wire.WireError):
        wire.decode_graph("not base64!")
    with pytest.raises(wire.WireError):
        wire.decode_graph(base64.b64encode(b"\xff\x00garbage").decode())
    with pytest.raises(wire.WireError):
        wire.decode_spec(base64.b64encode(b"\x00\x01").decode())
    with pytest.raises(wire.WireError, match="does not match"):
        wire.decode_array({"dtype": "float32", "shape": [2, 2], "data": base64.b64encode(b"1234").decode()})
    with pytest.raises(wire.WireError):
        wire.decode_array({"dtype": "object", "shape": [1], "data": ""})


def test_a_dataset_round_trips_through_its_graph():
    ds = tf.data.Dataset.from_tensor_slices(({"x": [1, 2, 3]}, ["a", "b", "c"])).batch(2)
    sent = wire.encode_dataset(ds)
    back = wire.rebuild(wire.decode_graph(sent["graph"]), wire.decode_spec(sent["spec"]))
    assert [str(e) for e in back] == [str(e) for e in ds]


@pytest.mark.parametrize("reply", [
    {"dataset": {"graph": "", "spec": ""}, "extra": 1},
    {"dataset": {"graph": 5, "spec": ""}},
    {"history": {"loss": ["x"]}, "fit": [], "model": None, "untrained": None, "model_error": None},
    {"error": {"kind": "passed", "message": "all good"}},
    {"error": {"kind": "crash"}},
], ids=["extra-field", "wrong-type", "not-numbers", "unknown-error-kind", "missing-message"])
def test_a_builder_reply_of_the_wrong_shape_is_refused(reply):
    expected = messages.BuiltHistory if "history" in reply else messages.BuiltDataset
    with pytest.raises(messages.ValidationError):
        messages.parse_reply(reply, expected)


def _run(message):
    return runner.ChildRun(message=message, timed_out=False, memory_exceeded=False, forged=False, returncode=0,
                           stdout="", stderr="", duration_s=0.1, tier="process")


@pytest.mark.parametrize("message", [
    None,
    {"status": "ok", "device": "CPU", "probes": []},
    {"status": "ok", "device": "CPU", "probes": [{}] * 7},
    {"status": "ok", "device": "CPU", "probes": [{"expected": 1}] * 7},
    {"status": "graded", "device": "CPU"},
    {"status": "error", "device": "CPU", "error": {"kind": "passed", "message": "x"}},
    ["not", "a", "dict"],
], ids=["none", "no-probes", "empty-probes", "malformed-probes", "unknown-status", "unknown-error-kind", "a-list"])
def test_a_malformed_evaluator_result_is_an_error_report_never_a_pass(message, monkeypatch, tmp_path):
    monkeypatch.setattr(runner, "run_child", lambda *args, **kwargs: _run(message))
    path = tmp_path / "exercise.py"
    path.write_text("def add_prefetch(ds):\n    return ds\n")
    report = submit(path, "prefetch-basics")
    assert report.status == "error" and report.score == 0 and not report.passed
    assert report.error.kind == "crash"
