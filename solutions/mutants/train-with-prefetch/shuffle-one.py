# must-fail: fit-on-prefetched-batches
# A one-row shuffle buffer shuffles nothing: the class-sorted rows reach fit in order.
import tensorflow as tf


def _model(learning_rate=0.01):
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy")
    return model


def build_and_train(rows, epochs=5):
    ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype('int32')))
    ds = ds.shuffle(1).batch(32).prefetch(tf.data.AUTOTUNE)
    return _model().fit(ds, epochs=epochs, verbose=0)
