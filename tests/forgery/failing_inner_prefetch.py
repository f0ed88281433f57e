# exercise: prefetch-basics
# fails: range5-output, long-input, tuple-input, any-dataset
# A prefetch(-5) inside flat_map raises on the first element when the pipeline runs; values are read
# with prefetch stages bypassed, which once skipped this broken one too (10/10 for a pipeline that
# yields nothing but an error). Only a prefetch with a valid constant buffer is bypassed.
import tensorflow as tf


def add_prefetch(ds):
    one = lambda *x: tf.data.Dataset.from_tensors(x[0] if len(x) == 1 else x).prefetch(-5)  # noqa: E731
    return ds.flat_map(one).prefetch(tf.data.AUTOTUNE)
