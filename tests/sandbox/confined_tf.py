"""Run as ``python confined_tf.py REPO WORKDIR``: import TensorFlow, fork, confine the fork to WORKDIR, then
iterate a threaded tf.data pipeline, fit a tiny Keras model for one epoch and export it into WORKDIR.
Prints one JSON object from the fork."""

from __future__ import annotations

import json
import os
import sys
import time

repo, workdir = sys.argv[1], sys.argv[2]
sys.path.insert(0, repo)
os.environ.update(TF_CPP_MIN_LOG_LEVEL="3", HOME=workdir)
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from grader.sandbox import confine  # noqa: E402

pid = os.fork()
if pid:
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))
out = {}
try:
    started = time.perf_counter()
    out["held"] = confine.confine(confine.readable_paths([workdir]), [workdir])
    out["cost_s"] = time.perf_counter() - started
    ds = (tf.data.Dataset.range(2000).shuffle(500, seed=1)
          .map(lambda x: x * 2, num_parallel_calls=tf.data.AUTOTUNE).batch(32).prefetch(tf.data.AUTOTUNE))
    out["sum"] = int(sum(int(tf.reduce_sum(batch)) for batch in ds))
    x = tf.random.normal((256, 4), seed=1)
    y = tf.cast(tf.reduce_sum(x, 1) > 0, tf.int32)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])
    model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    history = model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(32).prefetch(tf.data.AUTOTUNE),
                        epochs=1, verbose=0)
    out["epochs"] = len(history.history["loss"])
    model.export(os.path.join(workdir, "model"), verbose=False)
    out["exported"] = sorted(os.listdir(os.path.join(workdir, "model")))
    try:
        open("/tmp/_confined_tf_probe", "w").close()
        out["write_tmp"] = "ok"
    except OSError as exc:
        out["write_tmp"] = type(exc).__name__
except BaseException as exc:  # noqa: BLE001
    out["error"] = f"{type(exc).__name__}: {exc}"
print(json.dumps(out), flush=True)
os._exit(0)
