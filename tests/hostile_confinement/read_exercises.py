# expect: graded
"""Attack: read the exercise catalog (checks, hidden expectations): exercises/*/exercise.yaml, or the
copy an installed wheel ships as grader/_exercises."""
import glob
import os

import tensorflow as tf

import grader

package = os.path.dirname(grader.__file__)
for folder in (os.path.join(os.path.dirname(package), "exercises"), os.path.join(package, "_exercises")):
    if not os.path.exists(folder):
        continue
    try:
        print("ESCAPED listed", folder, len(os.listdir(folder)))
    except OSError as exc:
        print("blocked listing", folder, exc.errno)
    for path in [os.path.join(folder, "prefetch-basics", "exercise.yaml"), *glob.glob(folder + "/*/*.yaml")]:
        try:
            with open(path) as handle:
                print("ESCAPED read", path, handle.read()[:40])
        except OSError as exc:
            print("blocked", path, exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
