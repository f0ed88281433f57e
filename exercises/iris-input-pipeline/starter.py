# exercise: iris-input-pipeline
"""The lesson's data flow: 1000 iris rows -> shuffle -> batches of 32 -> prefetch.

Run `grader show iris-input-pipeline` for the full task, and `grader submit exercise.py` to grade it.
"""

import numpy as np
import tensorflow as tf


def make_dataset(rows: np.ndarray, batch_size: int = 32, seed: int | None = None) -> tf.data.Dataset:
    """Yield shuffled (features [B, 4] float32, labels [B] int) batches, remainder dropped, prefetched."""
    # TODO: split rows into features and labels, shuffle, batch (dropping the remainder), prefetch.
    return tf.data.Dataset.from_tensor_slices(rows).batch(batch_size)
