# exercise: batch-then-prefetch
"""A wrong submission (the lesson's practice question 4): prefetch before batch, fixed buffer."""

import tensorflow as tf


def batch_and_prefetch(ds: tf.data.Dataset, batch_size: int) -> tf.data.Dataset:
    return ds.prefetch(2).batch(batch_size)
