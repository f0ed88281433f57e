"""Starting a child: cold (a new interpreter under unshare) or warm (forked by a zygote).

Both give a handle with the child's ``pid``, ``wait(timeout)`` and ``finish()``; the runner enforces
limits and cleans up the same way for both. ``wait`` blocks on a pidfd, so the runner learns of
the child's exit at once rather than at its next poll.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading
from typing import Any

from grader.sandbox import isolation


def _exited(pidfd: int | None, timeout: float) -> bool:
    """Whether the process behind ``pidfd`` has exited, waiting up to ``timeout`` seconds."""
    return pidfd is None or bool(select.select([pidfd], [], [], max(timeout, 0))[0])


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except ProcessLookupError:
        return None


def _write_all(fd: int, data: bytes) -> None:
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError:
        pass  # the child died first; its exit tells why


class Cold:
    """A fresh interpreter per submission (``python -m grader.evaluate``)."""

    def __init__(self, plan: dict[str, Any], write_fd: int, out: Any, err: Any, workdir: str,
                 env: dict[str, str]) -> None:
        argv, preexec = isolation.command([sys.executable, "-m", "grader.evaluate", str(write_fd)])
        with isolation.STARTING:
            self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=out, stderr=err, cwd=workdir,
                                            env=env, pass_fds=(write_fd,), start_new_session=True,
                                            preexec_fn=preexec)
            isolation.started(self.process.pid)
        self.pid = self.process.pid
        self._pidfd = _pidfd(self.pid)
        stdin = self.process.stdin
        if stdin is None:  # Popen makes one for stdin=PIPE, as above; not reached
            raise RuntimeError("the child was started without a pipe for its plan")
        try:
            stdin.write(json.dumps(plan).encode())
            stdin.close()
        except BrokenPipeError:
            pass  # the child died at once; its return code tells why

    def wait(self, timeout: float) -> bool:
        return _exited(self._pidfd, timeout)

    def finish(self) -> int | None:
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
        self.process.wait()
        isolation.reaped(self.pid)
        return self.process.returncode


class Warm:
    """A child forked by a zygote; the zygote reaps it, so only its exit is visible here."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._pidfd = _pidfd(pid)

    def wait(self, timeout: float) -> bool:
        return _exited(self._pidfd, timeout)

    def finish(self) -> int | None:
        if self._pidfd is not None:
            _exited(self._pidfd, 5)
            os.close(self._pidfd)
            self._pidfd = None
        return None  # reaped by the zygote


class Zygote:
    """One warm process that has imported TensorFlow; ``start`` forks a fresh child from it."""

    def __init__(self, env: dict[str, str]) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen([sys.executable, "-m", "grader.sandbox.zygote", str(theirs.fileno())],
                                        pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True, preexec_fn=isolation.die_with_parent)
        theirs.close()
        self.socket = ours
        self.lines = ours.makefile("rb")
        self.lock = threading.Lock()
        ready = self.lines.readline()
        if not ready.startswith(b'{"ready"'):
            raise RuntimeError("the warm worker did not start")

    def start(self, plan: dict[str, Any], write_fd: int, out: Any, err: Any, workdir: str,
              env: dict[str, str]) -> Warm:
        # The plan goes on a pipe of its own, read only by the evaluator once it has forked the
        # builder: the zygote never holds it, so no process a learner's code runs in inherits it.
        request = json.dumps({"workdir": workdir, "env": env}).encode()
        framed = len(request).to_bytes(8, "big") + request  # the zygote reads until it has all of it
        plan_read, plan_write = os.pipe()
        with self.lock:
            sent = socket.send_fds(self.socket, [framed], [write_fd, out.fileno(), err.fileno(), plan_read])
            self.socket.sendall(framed[sent:])
            pid = json.loads(self.lines.readline())["pid"]
        os.close(plan_read)
        threading.Thread(target=_write_all, args=(plan_write, json.dumps(plan).encode()), daemon=True).start()
        return Warm(pid)

    def close(self) -> None:
        self.socket.close()
        self.process.kill()
        self.process.wait()
