# expect: graded
"""Attack: a chain of processes that hop: each one setsid()s, forks its successor and exits at once, with
an empty environment (no run marker), so that no single process lives long enough to be caught."""
import os
import sys

import tensorflow as tf

HOP = r"""
import os, time
end = time.time() + 60
while time.time() < end:
    if os.fork():
        os._exit(0)
    os.setsid()
    time.sleep(0.01)
# HOSTILE-HOP
"""
if os.fork() == 0:
    os.setsid()
    os.execve(sys.executable, [sys.executable, "-c", HOP], {})
print("chain started")


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
