# exercise: shuffle-batch-map-prefetch
# fails: lesson-order
# Per-element preprocessing inside a flat_map whose dataset comes back through a tf.function call
# (a StatefulPartitionedCall the stage reader cannot follow), and a decoy parallel map after batch.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    @tf.function
    def load_one(x):
        return tf.data.Dataset.from_tensors(x).map(preprocess)

    ds = ds.flat_map(lambda x: load_one(x))
    ds = ds.shuffle(shuffle_buffer).batch(batch_size)
    ds = ds.map(tf.identity, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)
