# expect: graded
"""Attack: unmount /proc (in the namespace tier the child is root of its own mount namespace) and mount
over the work folder's parent, to see the host's processes or escape the file rules."""
import ctypes
import os

import tensorflow as tf

libc = ctypes.CDLL(None, use_errno=True)
for target in (b"/proc", b"/dev/shm", os.getcwd().encode()):
    if libc.umount2(target, 2) == 0:  # MNT_DETACH
        print("ESCAPED unmounted", target)
    else:
        print("blocked umount", target, ctypes.get_errno())
if libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 0, None) == 0:
    print("ESCAPED mounted /tmp")
else:
    print("blocked mount /tmp", ctypes.get_errno())


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
