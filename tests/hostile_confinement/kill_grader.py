# expect: graded
"""Attack: SIGKILL the grader (the parent), and find other Python processes (other learners, the grader)
by scanning /proc. The scan only asks whether a signal would be delivered (signal 0), so that a failure of
the confinement cannot hurt anything but this test's own grader."""
import os
import signal

import tensorflow as tf

parent = os.getppid()
if parent == 0:
    print("blocked: the grader is not visible (another PID namespace)")
if parent > 0:  # the evaluator (PID 1 in the namespace tier), or the grader above it
    try:
        os.kill(parent, signal.SIGKILL)
        print("ESCAPED killed the grader", parent)
    except OSError as exc:
        print("blocked SIGKILL of", parent, exc.errno)
try:
    names = os.listdir("/proc")
except OSError as exc:
    names = []
    print("blocked listing /proc", exc.errno)
for name in names:
    if name.isdigit() and int(name) != os.getpid():
        try:
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                if b"python" not in handle.read():
                    continue
        except OSError:
            continue
        try:
            os.kill(int(name), 0)
            print("ESCAPED could signal", name)
        except OSError as exc:
            print("blocked signal to", name, exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
