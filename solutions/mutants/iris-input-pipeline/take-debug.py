# must-fail: long-input
# A take() left in from debugging: it passes every input of 1,000 rows or fewer.
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32"))).take(1000)
    return ds.shuffle(1000, seed=seed).batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
