# must-fail: loss-falls, held-out-accuracy
# A learning rate far too high: the loss becomes NaN (once crashed the loss judge; now a failed check
# that says the loss diverged).
import tensorflow as tf


def build_and_train(rows, epochs=5):
    features, labels = rows[:, :4], rows[:, 4].astype("int32")
    ds = (tf.data.Dataset.from_tensor_slices((features, labels))
          .shuffle(len(rows)).batch(32).prefetch(tf.data.AUTOTUNE))
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3)])
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=1e30),
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model.fit(ds, epochs=epochs, verbose=0)
