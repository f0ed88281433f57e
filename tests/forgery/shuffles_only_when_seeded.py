# exercise: iris-input-pipeline
# fails: shuffled
# Shuffles only when a seed is given: every shuffle check ran with a seed. The shuffled check now
# calls without one.
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32")))
    if seed is not None:
        ds = ds.shuffle(len(rows), seed=seed)
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
