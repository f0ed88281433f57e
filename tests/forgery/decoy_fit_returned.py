# exercise: train-with-prefetch
# fails: fit-on-prefetched-batches
# Trains on NumPy arrays, then returns the History of a second fit on one well-ordered batch.
import tensorflow as tf


def build_and_train(rows, epochs=5):
    features, labels = rows[:, :4], rows[:, 4].astype("int32")
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    model.fit(features, labels, batch_size=32, shuffle=True, epochs=epochs, verbose=0)
    decoy = tf.data.Dataset.from_tensor_slices((features, labels)).take(32).shuffle(32).batch(32)
    return model.fit(decoy.prefetch(tf.data.AUTOTUNE), epochs=epochs, verbose=0)
