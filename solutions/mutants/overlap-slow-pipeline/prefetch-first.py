# must-fail: load-then-prefetch
# central-mistake: prefetch not last
import tensorflow as tf


def fast_pipeline(ds, load):
    return ds.prefetch(tf.data.AUTOTUNE).map(load)
