# must-fail: lesson-order
# central-mistake: prefetch not last
# The lesson's question 5, option B: prefetch before shuffle and map.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE).shuffle(shuffle_buffer).map(
        preprocess, num_parallel_calls=tf.data.AUTOTUNE)
