# must-fail: shuffled, shuffle-batch-prefetch
# A one-row shuffle buffer: it always picks the only row it holds, so nothing moves.
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32")))
    ds = ds.shuffle(1, seed=seed)
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
