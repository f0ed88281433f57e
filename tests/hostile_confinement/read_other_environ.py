# expect: graded
"""Attack: read another process's environment (secrets in CI) through /proc/PID/environ."""
import os

import tensorflow as tf

mine = {os.getpid()}
seen = 0
try:
    names = os.listdir("/proc")
except OSError as exc:
    names = []
    print("blocked listing /proc", exc.errno)
for name in names:
    if name.isdigit() and int(name) not in mine:
        seen += 1
        try:
            with open(f"/proc/{name}/environ", "rb") as handle:
                data = handle.read()
            print("ESCAPED read environ of", name, len(data))
            break
        except OSError:
            pass
for pid in {os.getppid(), 1} - mine:
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            print("ESCAPED read environ of", pid, len(handle.read()))
    except OSError as exc:
        print("blocked environ of", pid, exc.errno)
print("processes seen", seen)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
