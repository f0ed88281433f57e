# must-fail: prefetch-last
# central-mistake: prefetch not last
import tensorflow as tf


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE).cache()
