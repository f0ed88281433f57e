# must-fail: lesson-order
# central-mistake: prefetch before batch
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    return ds.shuffle(shuffle_buffer).prefetch(tf.data.AUTOTUNE).batch(batch_size).map(
        preprocess, num_parallel_calls=tf.data.AUTOTUNE)
