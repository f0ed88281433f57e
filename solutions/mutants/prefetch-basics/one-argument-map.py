# must-fail: tuple-input
import tensorflow as tf


def add_prefetch(ds):
    return ds.map(lambda x: x).prefetch(tf.data.AUTOTUNE)
