# must-fail: prefetch-autotune
# AUTOTUNE is written, but the options switch autotuning off: nothing is tuned.
import tensorflow as tf


def fast_pipeline(ds, load):
    options = tf.data.Options()
    options.autotune.enabled = False
    return ds.map(load).prefetch(tf.data.AUTOTUNE).with_options(options)
