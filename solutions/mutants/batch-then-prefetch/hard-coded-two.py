# must-fail: short-last-batch, dict-elements
import tensorflow as tf


def batch_and_prefetch(ds, batch_size):
    return ds.batch(2).prefetch(tf.data.AUTOTUNE)
