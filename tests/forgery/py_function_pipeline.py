# exercise: prefetch-basics
# error: bad-return
# Runs its own Python inside the pipeline, which the grader cannot run outside the learner's process.
import tensorflow as tf


def add_prefetch(ds):
    return ds.map(lambda x: tf.py_function(lambda v: v, [x], x.dtype)).prefetch(tf.data.AUTOTUNE)
