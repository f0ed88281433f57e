"""How many rows the dataset given to fit carries (the training checks credit it from at least half)."""

import pytest

tf = pytest.importorskip("tensorflow")

from grader.evaluate.probes import _rows_read  # noqa: E402


def test_batches_count_their_rows_whichever_tensor_comes_first():
    features, labels = tf.zeros([100, 4]), tf.zeros([100], tf.int32)
    assert _rows_read(tf.data.Dataset.from_tensor_slices((features, labels)).batch(32), 100, True) == 100
    assert _rows_read(tf.data.Dataset.from_tensor_slices((labels, features)).batch(32), 100, True) == 100
    assert _rows_read(tf.data.Dataset.from_tensor_slices((features, labels)), 100, False) == 100
    assert _rows_read(tf.data.Dataset.from_tensor_slices((features, labels)).take(10).batch(32), 100, True) == 10
    assert _rows_read(tf.data.Dataset.from_tensor_slices((features, labels)).batch(32).repeat(), 100, True) > 100
