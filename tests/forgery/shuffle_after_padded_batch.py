# exercise: shuffle-batch-map-prefetch
# fails: lesson-order
# The lesson's central mistake (shuffle after batch reorders whole batches), with padded_batch doing
# the batching and a do-nothing batch(1).unbatch() after the shuffle, so that the chain read
# shuffle -> batch -> map -> prefetch. padded_batch now counts as a batch.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    return (ds.padded_batch(batch_size)
            .shuffle(shuffle_buffer)
            .batch(1).unbatch()
            .map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
            .prefetch(tf.data.AUTOTUNE))
