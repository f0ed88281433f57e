# must-fail: rows-intact
# Features and labels shuffled apart "with the same seed" and zipped: right only when a seed is given.
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    # Features and labels shuffled separately "with the same seed": with seed=None (the default) the
    # two shuffles draw different orders and every label ends up on a stranger's features.
    x = tf.data.Dataset.from_tensor_slices(rows[:, :4]).shuffle(len(rows), seed=seed)
    y = tf.data.Dataset.from_tensor_slices(rows[:, 4].astype("int32")).shuffle(len(rows), seed=seed)
    ds = tf.data.Dataset.zip((x, y)).batch(batch_size, drop_remainder=True)
    return ds.prefetch(tf.data.AUTOTUNE)
