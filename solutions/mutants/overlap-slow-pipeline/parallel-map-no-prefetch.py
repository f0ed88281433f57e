# must-fail: load-then-prefetch, prefetch-autotune
# central-mistake: no prefetch (a parallel map overlaps some loading, but nothing is prefetched)
import tensorflow as tf


def fast_pipeline(ds, load):
    return ds.map(load, num_parallel_calls=tf.data.AUTOTUNE)
