# must-fail: long-input
# A take() left in from debugging: it passes every input of 1,000 elements or fewer.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    return ds.take(1000).shuffle(shuffle_buffer).batch(batch_size).map(
        preprocess, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
