# must-fail: lesson-order, parallel-map-and-autotune
# central-mistake: shuffle after batch
# The lesson's question 5, option A: map before batch, shuffle after batch.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    return ds.map(preprocess).batch(batch_size).shuffle(shuffle_buffer).prefetch(tf.data.AUTOTUNE)
