# must-fail: long-input
# A take() left in from debugging: it passes every input of 1,000 elements or fewer.
import tensorflow as tf


def batch_and_prefetch(ds, batch_size):
    return ds.take(1000).batch(batch_size).prefetch(tf.data.AUTOTUNE)
