# exercise: batch-then-prefetch
# fails: prefetch-autotune
# Autotuning switched off on the second input of a concatenate: options merge over every input, so
# it is off for the whole pipeline, though the first-input chain never shows it.
import tensorflow as tf


def batch_and_prefetch(ds, batch_size):
    off = tf.data.Options()
    off.autotune.enabled = False
    ds = ds.take(0).concatenate(ds.with_options(off))
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)
