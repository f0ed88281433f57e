"""Materializing datasets into plain data: bounded, structured, JSON-ready."""

import json

import pytest

tf = pytest.importorskip("tensorflow")

from grader.tfdata.values import materialize  # noqa: E402


def test_infinite_dataset_is_cut_at_the_limit():
    result = materialize(tf.data.Dataset.range(3).repeat(), 7)
    assert len(result["elements"]) == 7 and result["truncated"]


def test_batches_keep_shape_and_unknown_static_dim():
    result = materialize(tf.data.Dataset.range(5).batch(2), 10)
    assert result["spec"] == {"t": "int64", "s": [None]}
    assert [e["v"] for e in result["elements"]] == [[0, 1], [2, 3], [4]]
    assert not result["truncated"]


def test_tuples_dicts_and_strings_are_plain_json():
    ds = tf.data.Dataset.from_tensor_slices(({"b": [True], "a": [1.5]}, [b"\xff"]))
    result = materialize(ds, 5)
    json.dumps(result)
    element = result["elements"][0]
    assert list(element["tuple"][0]["dict"]) == ["a", "b"]
    assert element["tuple"][1] == {"t": "string", "s": [], "v": "\\xff"}


def test_autotuned_parallel_pipelines_read_as_written():
    def pipeline():
        return (tf.data.Dataset.range(50).shuffle(50, seed=1).batch(7)
                .map(lambda x: x * 2, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE))

    tf.random.set_seed(3)
    expected = [e.numpy().tolist() for e in pipeline()]
    tf.random.set_seed(3)
    assert [e["v"] for e in materialize(pipeline(), 100)["elements"]] == expected


def test_complex_elements_are_plain_pairs():
    got = materialize(tf.data.Dataset.from_tensors(tf.constant([1 + 2j, 3 - 1j], tf.complex64)), 5)
    assert json.loads(json.dumps(got))["elements"] == [{"t": "complex64", "s": [2], "v": [[1.0, 2.0], [3.0, -1.0]]}]
