# exercise: prefetch-basics
# fails: prefetch-autotune
# Autotuning switched off 70 no-op stages before the prefetch: too deep for the old stage reader.
import tensorflow as tf


def add_prefetch(ds):
    options = tf.data.Options()
    options.autotune.enabled = False
    ds = ds.with_options(options)
    for _ in range(70):
        ds = ds.skip(0)
    return ds.prefetch(tf.data.AUTOTUNE)
