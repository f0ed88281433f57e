# must-fail: long-input
import tensorflow as tf


def fast_pipeline(ds, load):
    return ds.take(1000).map(load).prefetch(tf.data.AUTOTUNE)
