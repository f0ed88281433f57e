# exercise: batch-then-prefetch
"""Batch a tf.data pipeline, then prefetch the batches.

Run `grader show batch-then-prefetch` for the full task, and `grader submit exercise.py` to grade it.
"""

import tensorflow as tf


def batch_and_prefetch(ds: tf.data.Dataset, batch_size: int) -> tf.data.Dataset:
    """Return `ds` in batches of `batch_size` (the last may be short), prefetched with AUTOTUNE."""
    # TODO: batch the elements, then prefetch the batches.
    return ds
