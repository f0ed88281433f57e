# must-fail: reshuffled
# cache() after shuffle: the first epoch's order is replayed in every epoch (the quiz's q8).
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int64")))
    ds = ds.shuffle(len(rows), seed=seed).cache()
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
