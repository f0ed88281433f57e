# must-fail: same-elements, overlap-speedup
# load never called: the elements are the same (load returns them unchanged), nothing is loaded.
import tensorflow as tf


def fast_pipeline(ds, load):
    return ds.map(lambda x: x).prefetch(tf.data.AUTOTUNE)
