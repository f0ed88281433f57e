# must-fail: rows-intact
# skip(1), a habit from reading CSV files with a header: the first row is lost every time.
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    ds = tf.data.Dataset.from_tensor_slices(rows).skip(1)
    ds = ds.shuffle(len(rows), seed=seed).batch(batch_size, drop_remainder=True)
    ds = ds.map(lambda b: (b[:, :4], tf.cast(b[:, 4], tf.int32)))
    return ds.prefetch(tf.data.AUTOTUNE)
