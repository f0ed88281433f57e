"""The private channel from child to parent: one length-prefixed JSON message on a pipe.

The parent never waits for end-of-file (a process the submission left behind could
hold the pipe open for ever): it reads exactly one framed message, then stops.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

_HEADER = struct.Struct(">Q")
MAX_MESSAGE = 64 * 1024 * 1024


def send(fd: int, message: dict[str, Any]) -> None:
    """Write one framed JSON message to ``fd``."""
    body = json.dumps(message, allow_nan=True).encode("utf-8")
    data = _HEADER.pack(len(body)) + body
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def receive(fd: int) -> dict[str, Any] | None:
    """Read one framed message from ``fd``; None if the writer died before finishing it."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    if size > MAX_MESSAGE:
        return None
    body = _read_exactly(fd, size)
    if body is None:
        return None
    try:
        message = json.loads(body)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None
