# exercise: prefetch-basics
# fails: prefetch-last, prefetch-autotune
# Makes prefetch a no-op in its own process: the graph it hands over has no prefetch, and that is
# what is graded (the pipeline it really built).
import tensorflow as tf

tf.data.Dataset.prefetch = lambda self, buffer_size=None, name=None: self


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
