# must-fail: lesson-order
# central-mistake: prefetch not last
# The lesson's question 5, option D: prefetch first.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    return ds.prefetch(tf.data.AUTOTUNE).shuffle(shuffle_buffer).batch(batch_size).map(
        preprocess, num_parallel_calls=tf.data.AUTOTUNE)
