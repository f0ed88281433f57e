# must-fail: other-batch-size
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32")))
    return ds.shuffle(len(rows), seed=seed).batch(32, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
