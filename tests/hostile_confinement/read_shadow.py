# expect: graded
"""Attack: read /etc/shadow (the grader may run as root) and other system secrets."""
import tensorflow as tf

for path in ("/etc/shadow", "/etc/gshadow", "/etc/passwd", "/etc/ssh/ssh_host_ed25519_key"):
    try:
        with open(path, "rb") as handle:
            print("ESCAPED read", path, len(handle.read()))
    except OSError as exc:
        print("blocked", path, exc.errno)


def add_prefetch(ds):
    return ds.prefetch(tf.data.AUTOTUNE)
