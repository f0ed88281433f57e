# must-fail: well-mixed
# An 8-row shuffle buffer on class-sorted rows: the rows barely move, so a batch holds one class.
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32")))
    return ds.shuffle(8, seed=seed).batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
