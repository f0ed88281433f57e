# must-fail: fit-on-prefetched-batches
# A take(10) left from debugging: fit reads 10 batches (320 of the 1000 rows) per epoch.
import tensorflow as tf


def build_and_train(rows, epochs=5):
    features, labels = rows[:, :4], rows[:, 4].astype("int32")
    ds = (tf.data.Dataset.from_tensor_slices((features, labels))
          .shuffle(len(rows)).batch(32).take(10).prefetch(tf.data.AUTOTUNE))
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy")
    return model.fit(ds, epochs=epochs, verbose=0)
