# must-fail: seed-repeatable
# The seed argument ignored: a seeded call is not repeatable.
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32")))
    return ds.shuffle(len(rows)).batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
