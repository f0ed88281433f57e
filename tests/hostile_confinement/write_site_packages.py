# expect: graded
"""Attack: plant a module in site-packages, next to TensorFlow."""
import os

import tensorflow as tf

site = os.path.dirname(os.path.dirname(tf.__file__))
for path in (os.path.join(site, "hostile_planted.py"), os.path.join(tf.__path__[0], "hostile_planted.py")):
    try:
        with open(path, "w") as handle:
            handle.write("print('hostile')\n")
        print("ESCAPED wrote", path)
    except OSError as exc:
        print("blocked", path, exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
