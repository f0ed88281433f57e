"""Right alternatives keep full marks: each check judges what the lesson asks for, not one way to write it.

Each submission below is right, written another way than the reference solution; grading it for real
(a child process) must give full marks on its exercise."""

import pytest

pytestmark = pytest.mark.slow

ALTERNATIVES = {
    "prefetch-basics: keyword argument, experimental AUTOTUNE, apply": ("prefetch-basics", """
        import tensorflow as tf

        def add_prefetch(ds):
            return ds.apply(lambda d: d.prefetch(buffer_size=tf.data.experimental.AUTOTUNE))
        """),
    "prefetch-basics: unbound Dataset.prefetch, cache before it, with_options after it": ("prefetch-basics", """
        import tensorflow as tf

        def add_prefetch(ds):
            options = tf.data.Options()
            options.deterministic = True
            return tf.data.Dataset.prefetch(ds.cache(), tf.data.AUTOTUNE).with_options(options)
        """),
    "batch-then-prefetch: parallel batch, keyword arguments": ("batch-then-prefetch", """
        import tensorflow as tf

        def batch_and_prefetch(ds, batch_size):
            return ds.batch(batch_size=batch_size, num_parallel_calls=tf.data.AUTOTUNE).prefetch(
                buffer_size=tf.data.AUTOTUNE)
        """),
    "batch-then-prefetch: padded_batch, which batches these elements the same way": ("batch-then-prefetch", """
        import tensorflow as tf

        def batch_and_prefetch(ds, batch_size):
            return ds.padded_batch(batch_size).prefetch(tf.data.AUTOTUNE)
        """),
    "shuffle-batch-map-prefetch: padded_batch, which batches these elements as batch does": (
        "shuffle-batch-map-prefetch", """
        import tensorflow as tf

        def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
            return (ds.shuffle(shuffle_buffer).padded_batch(batch_size)
                    .map(preprocess, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE))
        """),
    "train-with-prefetch: padded_batch": ("train-with-prefetch", """
        import tensorflow as tf

        def build_and_train(rows, epochs=5):
            features, labels = rows[:, :4], rows[:, 4].astype("int32")
            ds = (tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(len(rows)).padded_batch(32)
                  .prefetch(tf.data.AUTOTUNE))
            model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                         tf.keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                          metrics=["accuracy"])
            return model.fit(ds, epochs=epochs, verbose=0)
        """),
    "train-with-prefetch: cache before shuffle": ("train-with-prefetch", """
        import tensorflow as tf

        def build_and_train(rows, epochs=5):
            ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32"))).cache()
            ds = ds.shuffle(len(rows)).batch(32).prefetch(tf.data.AUTOTUNE)
            model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                         tf.keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
            return model.fit(ds, epochs=epochs, verbose=0)
        """),
    "train-with-prefetch: a subclassed model, built by its first fit": ("train-with-prefetch", """
        import tensorflow as tf

        class Net(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.hidden = tf.keras.layers.Dense(16, activation="relu")
                self.out = tf.keras.layers.Dense(3, activation="softmax")

            def call(self, x):
                return self.out(self.hidden(x))

        def build_and_train(rows, epochs=5):
            ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32")))
            ds = ds.shuffle(len(rows)).batch(32).prefetch(tf.data.AUTOTUNE)
            model = Net()
            model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
            return model.fit(ds, epochs=epochs, verbose=0)
        """),
    "train-with-prefetch: a warm-up fit on the pipeline, then the fit whose History is returned": (
        "train-with-prefetch", """
        import tensorflow as tf

        def build_and_train(rows, epochs=5):
            ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32")))
            ds = ds.shuffle(len(rows)).batch(32).prefetch(tf.data.AUTOTUNE)
            model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"),
                                         tf.keras.layers.Dense(3, activation="softmax")])  # no Input: built by fit
            model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
            model.fit(ds, epochs=1, verbose=0)
            return model.fit(ds, epochs=epochs, verbose=0)
        """),
    "train-with-prefetch: an 80/20 split shuffled once, the training part cached, then shuffled each epoch": (
        "train-with-prefetch", """
        import tensorflow as tf

        def build_and_train(rows, epochs=5):
            full = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32"))).shuffle(
                len(rows), seed=1, reshuffle_each_iteration=False)
            cut = int(0.8 * len(rows))
            train = full.take(cut).cache().shuffle(cut).batch(32).prefetch(tf.data.AUTOTUNE)
            model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                         tf.keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
            return model.fit(train, validation_data=full.skip(cut).batch(32), epochs=epochs, verbose=0)
        """),
    "train-with-prefetch: an adapted Normalization layer, no Input": ("train-with-prefetch", """
        import tensorflow as tf

        def build_and_train(rows, epochs=5):
            norm = tf.keras.layers.Normalization()
            norm.adapt(rows[:, :4])  # its weights exist before fit; the Dense layers' do not
            ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int32")))
            ds = ds.shuffle(len(rows)).batch(32).prefetch(tf.data.AUTOTUNE)
            model = tf.keras.Sequential([norm, tf.keras.layers.Dense(16, activation="relu"),
                                         tf.keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
            return model.fit(ds, epochs=epochs, verbose=0)
        """),
    "prefetch-basics: an empty input returned as it is": ("prefetch-basics", """
        import tensorflow as tf

        def add_prefetch(ds):
            if ds.cardinality() == 0:
                return ds
            return ds.prefetch(tf.data.AUTOTUNE)
        """),
    "shuffle-batch-map-prefetch: no shuffle for an empty input": ("shuffle-batch-map-prefetch", """
        import tensorflow as tf

        def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
            if int(ds.cardinality()) > 0:
                ds = ds.shuffle(shuffle_buffer)
            return ds.batch(batch_size).map(preprocess, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
        """),
    "shuffle-batch-map-prefetch: no shuffle where its buffer would hold one element": ("shuffle-batch-map-prefetch", """
        import tensorflow as tf

        def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
            if shuffle_buffer > 1:
                ds = ds.shuffle(shuffle_buffer)
            return ds.batch(batch_size).map(preprocess, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
        """),
    "shuffle-batch-map-prefetch: non-deterministic map, cache before shuffle, options that leave autotune on":
        ("shuffle-batch-map-prefetch", """
        import tensorflow as tf

        def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
            options = tf.data.Options()
            options.autotune.enabled = True
            ds = ds.cache().shuffle(buffer_size=shuffle_buffer, reshuffle_each_iteration=True)
            ds = ds.batch(batch_size).map(preprocess, num_parallel_calls=tf.data.AUTOTUNE, deterministic=False)
            return ds.prefetch(tf.data.experimental.AUTOTUNE).with_options(options)
        """),
    "batch-then-prefetch: a parallel batch that may finish out of order": ("batch-then-prefetch", """
        import tensorflow as tf

        def batch_and_prefetch(ds, batch_size):
            batched = ds.batch(batch_size, num_parallel_calls=tf.data.AUTOTUNE, deterministic=False)
            return batched.prefetch(tf.data.AUTOTUNE)
        """),
    "iris-input-pipeline: uint8 labels, split before shuffle, parallel batch": ("iris-input-pipeline", """
        import tensorflow as tf

        def make_dataset(rows, batch_size=32, seed=None):
            ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("uint8")))
            ds = ds.shuffle(len(rows), seed=seed)
            ds = ds.batch(batch_size, drop_remainder=True, num_parallel_calls=tf.data.AUTOTUNE)
            return ds.prefetch(tf.data.AUTOTUNE)
        """),
    "iris-input-pipeline: int64 labels mapped per row, non-deterministic": ("iris-input-pipeline", """
        import tensorflow as tf

        def make_dataset(rows, batch_size=32, seed=None):
            ds = tf.data.Dataset.from_tensor_slices(rows).shuffle(len(rows), seed=seed)
            ds = ds.map(lambda r: (r[:4], tf.cast(r[4], tf.int64)), num_parallel_calls=tf.data.AUTOTUNE,
                        deterministic=False)
            return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
        """),
    "overlap-slow-pipeline: loading through a parallel interleave": ("overlap-slow-pipeline", """
        import tensorflow as tf

        def fast_pipeline(ds, load):
            loaded = ds.interleave(lambda x: tf.data.Dataset.from_tensors(load(x)), cycle_length=4,
                                   num_parallel_calls=tf.data.AUTOTUNE, deterministic=False)
            return loaded.prefetch(tf.data.AUTOTUNE)
        """),
    "overlap-slow-pipeline: sequential map, prefetch through apply": ("overlap-slow-pipeline", """
        import tensorflow as tf

        def fast_pipeline(ds, load):
            return ds.map(load).apply(lambda d: d.prefetch(tf.data.experimental.AUTOTUNE))
        """),
    "train-with-prefetch: a 70/30 split in batches of 64 that drop the remainder": ("train-with-prefetch", """
        import numpy as np
        import tensorflow as tf

        def build_and_train(rows, epochs=5):
            rows = np.asarray(rows, np.float32)[np.random.default_rng(0).permutation(len(rows))]
            cut = int(0.7 * len(rows))
            def ds_of(r, shuffle):
                ds = tf.data.Dataset.from_tensor_slices((r[:, :4], r[:, 4].astype(np.int32)))
                ds = ds.shuffle(len(r)) if shuffle else ds
                return ds.batch(64, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
            model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="relu"),
                                         tf.keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy")
            return model.fit(ds_of(rows[:cut], True), validation_data=ds_of(rows[cut:], False), epochs=epochs,
                             verbose=0)
        """),
    "train-with-prefetch: one-hot labels and a validation split": ("train-with-prefetch", """
        import tensorflow as tf

        def build_and_train(rows, epochs=5):
            features, labels = rows[:, :4], tf.one_hot(rows[:, 4].astype("int32"), 3)
            ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(len(rows), seed=0,
                                                                                 reshuffle_each_iteration=False)
            cut = int(len(rows) * 0.8)
            train = ds.take(cut).shuffle(cut).batch(32).prefetch(tf.data.AUTOTUNE)
            valid = ds.skip(cut).batch(32).prefetch(tf.data.AUTOTUNE)
            model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                         tf.keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="categorical_crossentropy",
                          metrics=["accuracy"])
            return model.fit(train, validation_data=valid, epochs=epochs, verbose=0)
        """),
}


@pytest.mark.parametrize("name", list(ALTERNATIVES))
def test_a_right_alternative_keeps_full_marks(grade, name):
    exercise, code = ALTERNATIVES[name]
    report = grade(code, exercise, device="cpu")
    failed = {c.id: c.message for c in report.checks if not c.passed}
    assert report.status == "graded", report.error
    assert report.score == report.max_score and not failed, failed
