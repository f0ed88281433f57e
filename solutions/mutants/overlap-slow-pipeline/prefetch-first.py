# must-fail: load-then-prefetch
import tensorflow as tf


def fast_pipeline(ds, load):
    return ds.prefetch(tf.data.AUTOTUNE).map(load)
