# exercise: iris-input-pipeline
# fails: shuffle-batch-prefetch
# As shuffle_after_padded_batch.py, on iris: whole batches of one class are reordered.
import tensorflow as tf


def make_dataset(rows, batch_size=32, seed=None):
    ds = tf.data.Dataset.from_tensor_slices(rows)
    ds = ds.padded_batch(batch_size, drop_remainder=True)
    ds = ds.shuffle(len(rows), seed=seed).batch(1).unbatch()
    ds = ds.map(lambda b: (b[:, :4], tf.cast(b[:, 4], tf.int32)))
    return ds.prefetch(tf.data.AUTOTUNE)
