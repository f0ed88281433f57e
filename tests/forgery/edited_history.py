# exercise: train-with-prefetch
# fails: other-epochs
# Ignores epochs (always trains 5) and rewrites the History's numbers to look like the epochs asked for.
import tensorflow as tf


def build_and_train(rows, epochs=5):
    ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32")))
    ds = ds.shuffle(len(rows)).batch(32).prefetch(tf.data.AUTOTUNE)
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    history = model.fit(ds, epochs=5, verbose=0)
    losses = history.history["loss"]
    history.history["loss"] = [losses[0] + i * 0.0 - i * 0.01 for i in range(epochs)]
    return history
