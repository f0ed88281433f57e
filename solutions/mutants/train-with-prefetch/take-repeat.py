# must-fail: fit-on-prefetched-batches
# take(320) left from debugging, hidden by repeat() and steps_per_epoch: every epoch has its full
# count of steps, but only 320 of the rows are ever read.
import tensorflow as tf


def build_and_train(rows, epochs=5):
    features, labels = rows[:, :4], rows[:, 4].astype("int32")
    ds = (tf.data.Dataset.from_tensor_slices((features, labels)).take(320)
          .shuffle(len(rows)).batch(32).repeat().prefetch(tf.data.AUTOTUNE))
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy")
    return model.fit(ds, epochs=epochs, steps_per_epoch=len(rows) // 32, verbose=0)
