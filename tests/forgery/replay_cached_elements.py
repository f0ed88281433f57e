# exercise: overlap-slow-pipeline
# fails: overlap-speedup, same-elements, long-input
# Reads the input once in its own process and returns the values as constants: nothing is
# loaded while the grader consumes the pipeline, so it looks infinitely fast.
import tensorflow as tf


def fast_pipeline(ds, load):
    values = [load(x) for x in ds]
    return tf.data.Dataset.from_tensor_slices(tf.stack(values)).prefetch(tf.data.AUTOTUNE)
