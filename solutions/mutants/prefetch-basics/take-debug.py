# must-fail: long-input
# A take() left in from debugging: it passes every input of 1,000 elements or fewer.
import tensorflow as tf


def add_prefetch(ds):
    return ds.take(1000).prefetch(tf.data.AUTOTUNE)
