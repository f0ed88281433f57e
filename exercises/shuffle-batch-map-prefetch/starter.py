# exercise: shuffle-batch-map-prefetch
"""Build the lesson's input pipeline: shuffle -> batch -> map -> prefetch.

Run `grader show shuffle-batch-map-prefetch` for the full task, and `grader submit exercise.py` to grade it.
"""

import tensorflow as tf


def build_pipeline(ds: tf.data.Dataset, preprocess, batch_size: int = 32,
                   shuffle_buffer: int = 1000) -> tf.data.Dataset:
    """Shuffle the elements, batch them, preprocess each batch in parallel, prefetch the batches."""
    # TODO: shuffle with shuffle_buffer, batch with batch_size, map preprocess over the batches
    # (in parallel), and prefetch; in which order is the point of the exercise.
    return ds
