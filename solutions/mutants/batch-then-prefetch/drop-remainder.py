# must-fail: short-last-batch
import tensorflow as tf


def batch_and_prefetch(ds, batch_size):
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
