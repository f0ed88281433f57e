"""How many rows the dataset given to fit carries (the training checks credit it from at least half)."""

import pytest

tf = pytest.importorskip("tensorflow")

from grader.evaluate.probes import _rows_read  # noqa: E402


def test_batches_count_their_rows_whichever_tensor_comes_first():
    features = tf.reshape(tf.range(400, dtype=tf.float32), [100, 4])
    labels = tf.range(100) % 3
    assert _rows_read(tf.data.Dataset.from_tensor_slices((features, labels)).batch(32), 100, True) == 100
    assert _rows_read(tf.data.Dataset.from_tensor_slices((labels, features)).batch(32), 100, True) == 100
    assert _rows_read(tf.data.Dataset.from_tensor_slices((features, labels)), 100, False) == 100
    assert _rows_read(tf.data.Dataset.from_tensor_slices((features, labels)).take(10).batch(32), 100, True) == 10
    assert _rows_read(tf.data.Dataset.from_tensor_slices((features, labels)).batch(32).repeat(), 100, True) == 100


def test_rows_read_again_count_once():
    """A take() left from debugging, hidden by repeat() (fit then runs steps_per_epoch steps)."""
    features = tf.reshape(tf.range(400, dtype=tf.float32), [100, 4])
    cut = tf.data.Dataset.from_tensor_slices((features, tf.range(100))).take(20).batch(8).repeat()
    assert _rows_read(cut, 100, True) == 20


def test_string_and_ragged_rows_are_counted():
    names = tf.constant([f"row {i}" for i in range(30)])
    assert _rows_read(tf.data.Dataset.from_tensor_slices((names, tf.range(30))).batch(8), 30, True) == 30
    assert _rows_read(tf.data.Dataset.from_tensor_slices(names).take(5).repeat(), 30, False) == 5
    ragged = tf.data.Dataset.from_tensor_slices(tf.ragged.constant([[1], [1, 2], [1, 2, 3], [4]])).batch(2)
    assert _rows_read(ragged, 4, True) == 4  # not told apart by value: each counts
