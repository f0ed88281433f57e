# must-fail: longer-input
import tensorflow as tf


def fast_pipeline(ds, load):
    return ds.take(20).map(load).prefetch(tf.data.AUTOTUNE)
