# expect: tampering
import tensorflow as tf

tf.data.Dataset.prefetch = lambda self, buffer_size=None, name=None: self


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
