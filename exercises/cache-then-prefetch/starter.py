# exercise: cache-then-prefetch
"""Cache then prefetch: see `grader show cache-then-prefetch`."""

import tensorflow as tf


def cache_then_prefetch(ds: tf.data.Dataset) -> tf.data.Dataset:
    """Describe what the learner writes."""
    return ds
