# must-fail: range5-output, long-input
import tensorflow as tf


def add_prefetch(ds):
    return ds.take(3).prefetch(tf.data.AUTOTUNE)
