# exercise: train-with-prefetch
"""Train a Keras model on iris rows through a prefetched tf.data pipeline.

Run `grader show train-with-prefetch` for the full task, and `grader submit exercise.py` to grade it.
"""

import numpy as np
import tensorflow as tf


def build_and_train(rows: np.ndarray, epochs: int = 5):
    """Build a classifier for the 3 classes, train it for `epochs` epochs, return the History."""
    features, labels = rows[:, :4], rows[:, 4].astype("int32")
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    # TODO: feed the model through a shuffled, batched, prefetched tf.data pipeline.
    return model.fit(features, labels, epochs=1, verbose=0)
