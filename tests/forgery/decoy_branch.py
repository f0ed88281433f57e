# exercise: shuffle-batch-map-prefetch
# fails: lesson-order, parallel-map-and-autotune
# An empty decoy in the lesson's order, concatenated in front of the real pipeline (a per-element,
# sequential map before shuffle and batch): the stage reader once followed first inputs only.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    real = ds.map(preprocess).shuffle(shuffle_buffer).batch(batch_size)
    decoy = ds.take(0).shuffle(shuffle_buffer).batch(batch_size).map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
    return decoy.concatenate(real).prefetch(tf.data.AUTOTUNE)
