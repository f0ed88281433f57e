# expect: memory
# RLIMIT_DATA does not count a MAP_SHARED mapping: the resident-memory watchdog must stop it.
import mmap

size = 6 * 2 ** 30
chunk = b"\1" * (1 << 20)
block = mmap.mmap(-1, size, flags=mmap.MAP_SHARED)
for offset in range(0, size, len(chunk)):
    block[offset:offset + len(chunk)] = chunk


def add_prefetch(ds):
    import time

    time.sleep(60)  # hold the memory: the watchdog polls every 0.1 s
