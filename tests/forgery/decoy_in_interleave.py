# exercise: shuffle-batch-map-prefetch
# fails: lesson-order
# The real, wrongly ordered pipeline hidden inside an interleave's function, over a dataset it
# captures; the outer chain is one element in the lesson's order.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    real = ds.map(preprocess).shuffle(shuffle_buffer).batch(batch_size)
    outer = ds.take(1).shuffle(shuffle_buffer).batch(batch_size).map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
    return outer.interleave(lambda _: real, cycle_length=1).prefetch(tf.data.AUTOTUNE)
