# expect: tampering
import time

import tensorflow as tf


def add_prefetch(ds):
    time.perf_counter = lambda: 0.0
    time.sleep = lambda seconds: None
    return ds.prefetch(tf.data.AUTOTUNE)
