# exercise: shuffle-batch-map-prefetch
# fails: lesson-order
# The real map (per element, sequential, before batch) 70 no-op stages up, then a decoy parallel map
# after batch: the stage reader once stopped 64 stages deep without saying so.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    ds = ds.map(preprocess)
    for _ in range(70):
        ds = ds.skip(0)
    ds = ds.shuffle(shuffle_buffer).batch(batch_size)
    ds = ds.map(tf.identity, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)
