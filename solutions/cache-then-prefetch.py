# exercise: cache-then-prefetch
import tensorflow as tf


def cache_then_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
