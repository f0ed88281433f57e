# exercise: shuffle-batch-map-prefetch
"""Build the lesson's input pipeline: shuffle -> batch -> map -> prefetch.

Run `grader show shuffle-batch-map-prefetch` for the full task, and `grader submit exercise.py` to grade it.
"""

import tensorflow as tf


def build_pipeline(ds: tf.data.Dataset, preprocess, batch_size: int = 32,
                   shuffle_buffer: int = 1000) -> tf.data.Dataset:
    """Shuffle the elements, batch them, preprocess each batch in parallel, prefetch the batches."""
    # TODO: the stages below are in the wrong order and miss what makes them fast.
    return ds.map(preprocess).batch(batch_size)
