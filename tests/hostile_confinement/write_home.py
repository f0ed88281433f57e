# expect: graded
"""Attack: write into the grader user's home (a shell start-up file, a key)."""
import os

import tensorflow as tf

homes = {"/root", os.path.expanduser("~root")}
for home in sorted(homes):
    for name in ("hostile_planted", ".bashrc"):
        path = os.path.join(home, name)
        try:
            with open(path, "a") as handle:
                handle.write("\n# hostile was here\n")
            print("ESCAPED wrote", path)
        except OSError as exc:
            print("blocked", path, exc.errno)
    try:
        print("ESCAPED listed", home, len(os.listdir(home)))
    except OSError as exc:
        print("blocked listing", home, exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
