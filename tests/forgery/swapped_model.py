# exercise: train-with-prefetch
# fails: held-out-accuracy
# The fit through the right pipeline trains a model that learns nothing (learning rate 1e-5); the
# returned History is then pointed at another model trained on arrays (history.set_model). The
# graded model is the one the returned History's fit trained.
import tensorflow as tf


def _model(rate):
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(rate), loss="sparse_categorical_crossentropy")
    return model


def build_and_train(rows, epochs=5):
    features, labels = rows[:, :4], rows[:, 4].astype("int32")
    ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(len(rows)).batch(32).prefetch(tf.data.AUTOTUNE)
    history = _model(1e-5).fit(ds, epochs=epochs, verbose=0)
    strong = _model(0.01)
    strong.fit(features, labels, epochs=20, batch_size=32, verbose=0)
    history.set_model(strong)
    return history
