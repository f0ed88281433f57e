# must-fail: parallel-map-and-autotune
# AUTOTUNE is written, but the options switch autotuning off: nothing is tuned.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    options = tf.data.Options()
    options.autotune.enabled = False
    return ds.shuffle(shuffle_buffer).batch(batch_size).map(
        preprocess, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE).with_options(options)
