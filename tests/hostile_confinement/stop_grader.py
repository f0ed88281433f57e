# expect: graded
"""Attack: SIGSTOP the process above (the evaluator, which measures; in the process tier also the
grader's group), so that the deadline or the measuring stalls (resumed at once if it worked)."""
import os
import signal

import tensorflow as tf

parent = os.getppid()
if parent == 0:
    print("blocked: the grader is not visible (another PID namespace)")
for target in {parent, os.getpgid(parent) if parent > 1 else 0} - {0}:
    try:
        os.kill(target, signal.SIGSTOP)
        os.kill(target, signal.SIGCONT)
        print("ESCAPED stopped", target)
    except OSError as exc:
        print("blocked SIGSTOP of", target, exc.errno)
try:
    os.killpg(0, 0)
    print("own group signalable")
except OSError as exc:
    print("blocked own group", exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
