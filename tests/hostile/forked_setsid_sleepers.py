# expect: bad-return
# Five detached sleepers in new sessions, with an empty environment (no run marker to find them by).
import subprocess

for number in range(5):
    subprocess.Popen(["/bin/sh", "-c", "sleep 600; : # MARKER"], env={}, start_new_session=True)


def add_prefetch(ds):
    return None
