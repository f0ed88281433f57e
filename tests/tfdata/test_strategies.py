"""The dataset strategies: varied, and each description's code rebuilds the same dataset."""

import numpy as np
import pytest
from hypothesis import given, settings

tf = pytest.importorskip("tensorflow")

from grader.tfdata.strategies import build, code, datasets  # noqa: E402


def _values(ds):
    return [tf.nest.map_structure(lambda t: np.asarray(t.numpy()).tolist(), e) for e in ds]


@settings(max_examples=40, derandomize=True, database=None, deadline=None)
@given(datasets())
def test_code_rebuilds_the_same_dataset(description):
    ds = build(description)
    again = eval(code(description), {"tf": tf})  # noqa: S307 - our own generated source
    assert again.element_spec == ds.element_spec
    assert _values(again) == _values(ds)


def test_examples_cover_empty_long_and_structured_inputs():
    lengths, kinds = set(), set()

    @settings(max_examples=60, derandomize=True, database=None, deadline=None)
    @given(datasets())
    def collect(description):
        lengths.add(description["length"])
        kinds.add(type(description["structure"]).__name__ if "dtype" not in description["structure"] else "leaf")

    collect()
    assert 0 in lengths and max(lengths) > 20
    assert {"leaf", "tuple", "dict"} <= kinds


def test_code_of_a_small_tuple_dataset_is_what_a_learner_would_write():
    description = {"length": 2, "structure": ({"dtype": "int32", "shape": [], "values": [0, 1]},
                                              {"dtype": "string", "shape": [], "values": ["a", "b"]})}
    assert code(description) == "tf.data.Dataset.from_tensor_slices(([0, 1], ['a', 'b']))"
