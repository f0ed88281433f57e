# must-fail: well-mixed
# A shuffle buffer hard-coded to the example's 1000 rows: a larger input stays sorted by class.
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    ds = tf.data.Dataset.from_tensor_slices(rows)
    ds = ds.shuffle(1000, seed=seed).batch(batch_size, drop_remainder=True)   # buffer hard-coded to the example's size
    ds = ds.map(lambda b: (b[:, :4], tf.cast(b[:, 4], tf.int32)), num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)
