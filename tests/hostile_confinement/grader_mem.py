# expect: graded
"""Attack: open the grader's /proc/PID/mem to rewrite its memory (the grade it computes)."""
import os

import tensorflow as tf

targets = {os.getppid()}
try:
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != os.getpid():
            try:
                with open(f"/proc/{name}/cmdline", "rb") as handle:
                    if b"python" in handle.read():
                        targets.add(int(name))
            except OSError:
                pass
except OSError as exc:
    print("blocked listing /proc", exc.errno)
for pid in sorted(targets - {0, os.getpid()}):
    try:
        os.close(os.open(f"/proc/{pid}/mem", os.O_RDWR))
        print("ESCAPED opened mem of", pid)
    except OSError as exc:
        print("blocked mem of", pid, exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
