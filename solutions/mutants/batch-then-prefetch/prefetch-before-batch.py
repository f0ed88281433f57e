# must-fail: batch-before-prefetch
# central-mistake: prefetch before batch
# The lesson's practice question 4.
import tensorflow as tf


def batch_and_prefetch(ds, batch_size):
    return ds.prefetch(tf.data.AUTOTUNE).batch(batch_size)
