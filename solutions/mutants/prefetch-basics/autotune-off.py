# must-fail: prefetch-autotune
# AUTOTUNE is written, but the options switch autotuning off: nothing is tuned.
import tensorflow as tf


def add_prefetch(ds):
    options = tf.data.Options()
    options.autotune.enabled = False
    return ds.prefetch(tf.data.AUTOTUNE).with_options(options)
