# must-fail: same-elements, overlap-speedup
# load called on batches of 4, not on each element.
import tensorflow as tf


def fast_pipeline(ds, load):
    return ds.batch(4).map(load).unbatch().prefetch(tf.data.AUTOTUNE)
