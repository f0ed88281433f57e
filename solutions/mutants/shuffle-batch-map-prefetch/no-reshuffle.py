# must-fail: reshuffled
# reshuffle_each_iteration=False: every epoch reads the same order.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    return (ds.shuffle(shuffle_buffer, reshuffle_each_iteration=False)
            .batch(batch_size)
            .map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
            .prefetch(tf.data.AUTOTUNE))
