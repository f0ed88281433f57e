# must-fail: reshuffled
# reshuffle_each_iteration=False: every epoch reads the rows in the first epoch's order.
import tensorflow as tf


def build_and_train(rows, epochs=5):
    features, labels = rows[:, :4], rows[:, 4].astype("int32")
    ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(len(rows), reshuffle_each_iteration=False)
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy")
    return model.fit(ds.batch(32).prefetch(tf.data.AUTOTUNE), epochs=epochs, verbose=0)
