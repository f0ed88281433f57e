# exercise: shuffle-batch-map-prefetch
# fails: lesson-order
# preprocess runs on each element before batch (the lesson's "map before batch"), inside a flat_map
# that returns from_tensors; a do-nothing map after batch stood for the map stage. flat_map now
# counts as a map.
import tensorflow as tf


def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
    return (ds.shuffle(shuffle_buffer)
            .flat_map(lambda x: tf.data.Dataset.from_tensors(preprocess(x)))
            .batch(batch_size)
            .map(lambda b: b, num_parallel_calls=tf.data.AUTOTUNE)
            .prefetch(tf.data.AUTOTUNE))
