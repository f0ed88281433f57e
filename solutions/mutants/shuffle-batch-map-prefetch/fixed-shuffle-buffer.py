# must-fail: shuffle-buffer
# The shuffle_buffer argument ignored: always 1000.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    return ds.shuffle(1000).batch(batch_size).map(
        preprocess, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
