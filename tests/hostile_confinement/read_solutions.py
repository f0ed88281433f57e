# expect: graded
"""Attack: read the reference solutions next to the grader package (an editable install or a checkout)."""
import os

import tensorflow as tf

import grader

for root in (os.path.dirname(os.path.dirname(grader.__file__)), os.getcwd() + "/.."):
    folder = os.path.join(root, "solutions")
    try:
        names = os.listdir(folder)
        print("ESCAPED listed", folder, names[:3])
    except OSError as exc:
        print("blocked listing", folder, exc.errno)
    for name in ("prefetch_basics.py", "prefetch-basics.py"):
        try:
            with open(os.path.join(folder, name)) as handle:
                print("ESCAPED read", name, handle.read()[:40])
        except OSError as exc:
            print("blocked", name, exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
