# must-fail: prefetch-autotune
# AUTOTUNE is written, but the options, set first, switch autotuning off for the whole pipeline.
import tensorflow as tf


def batch_and_prefetch(ds, batch_size):
    options = tf.data.Options()
    options.autotune.enabled = False
    return ds.with_options(options).batch(batch_size).prefetch(tf.data.AUTOTUNE)
