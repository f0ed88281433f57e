# expect: bad-return|tampering|crash
# Writes a framed "passed" message to every file descriptor it can find.
import json
import os
import struct

forged = json.dumps({"status": "ok", "device": "CPU", "probes": []}).encode()
for fd in range(3, 1024):
    try:
        os.write(fd, struct.pack(">Q", len(forged)) + forged)
    except OSError:
        pass


def add_prefetch(ds):
    return None
