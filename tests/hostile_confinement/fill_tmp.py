# expect: graded|memory
"""Attack: fill /tmp (shared with the grader and every other learner) with 300 MB, then the work folder."""
import os
import tempfile

import tensorflow as tf

chunk = b"\0" * (10 << 20)
try:
    with open("/tmp/hostile_fill", "wb") as handle:
        for _ in range(30):
            handle.write(chunk)
    print("ESCAPED wrote 300 MB to /tmp")
except OSError as exc:
    print("blocked /tmp", exc.errno)
written = 0
try:  # the work folder is bounded: a tmpfs (namespace tier) or a watched total (process tier)
    for index in range(30):
        with open(os.path.join(tempfile.gettempdir(), f"fill{index}"), "wb") as handle:
            handle.write(chunk)
        written += len(chunk)
    print("work folder took", written >> 20, "MB")
except OSError as exc:
    print("blocked work folder at", written >> 20, "MB", exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
