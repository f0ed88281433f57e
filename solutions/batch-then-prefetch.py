# exercise: batch-then-prefetch
import tensorflow as tf


def batch_and_prefetch(ds: tf.data.Dataset, batch_size: int) -> tf.data.Dataset:
    """Batch first, so that prefetch prepares whole batches."""
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)
