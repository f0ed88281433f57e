# expect: graded
"""Attack: drop a module into the installed grader package (and append to one of its files)."""
import os

import tensorflow as tf

import grader

package = os.path.dirname(grader.__file__)
for path, mode in ((os.path.join(package, "hostile_planted.py"), "w"), (os.path.join(package, "api.py"), "a")):
    try:
        with open(path, mode) as handle:
            handle.write("\n# hostile was here\n")
        print("ESCAPED wrote", path)
    except OSError as exc:
        print("blocked", path, exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
