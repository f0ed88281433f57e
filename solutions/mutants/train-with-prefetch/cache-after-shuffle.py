# must-fail: reshuffled
# cache() after shuffle and batch: every epoch replays the first epoch's batches in the same order.
import tensorflow as tf


def build_and_train(rows, epochs=5):
    features, labels = rows[:, :4], rows[:, 4].astype("int32")
    ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(len(rows)).batch(32).cache()
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy")
    return model.fit(ds.prefetch(tf.data.AUTOTUNE), epochs=epochs, verbose=0)
