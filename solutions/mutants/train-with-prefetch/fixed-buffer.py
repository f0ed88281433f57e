# must-fail: prefetch-autotune
# prefetch(1): a fixed buffer where the lesson asks for tf.data.AUTOTUNE.
import tensorflow as tf


def build_and_train(rows, epochs=5):
    features, labels = rows[:, :4], rows[:, 4].astype("int32")
    ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(len(rows)).batch(32).prefetch(1)
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy")
    return model.fit(ds, epochs=epochs, verbose=0)
