# exercise: shuffle-batch-map-prefetch
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    """shuffle -> batch -> parallel map -> prefetch, as the lesson's question 5 answers."""
    return (ds.shuffle(shuffle_buffer)
            .batch(batch_size)
            .map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
            .prefetch(tf.data.AUTOTUNE))
