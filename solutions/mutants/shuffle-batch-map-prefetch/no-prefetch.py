# must-fail: lesson-order, parallel-map-and-autotune
# central-mistake: no prefetch
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    return ds.shuffle(shuffle_buffer).batch(batch_size).map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
