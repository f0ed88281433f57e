"""Warm workers: a process that has imported TensorFlow forks one fresh child per submission.

Importing TensorFlow costs seconds; a process forked after the import (and before any
TensorFlow op runs) starts a pipeline at once. ``grade-all`` keeps one zygote and sends it a
request per submission over a Unix socket, with the result pipe and the output files as
passed descriptors (SCM_RIGHTS). The zygote forks; the fork enters new PID, network and mount
namespaces (and a user namespace when not root) and forks again, so the submission's process
is PID 1 of its own namespace, as with a cold child: when it exits, everything it started
dies, and it dies with the fork before it, which dies with the zygote, which dies with the
grader (PR_SET_PDEATHSIG all the way up). Each submission still gets a
fresh process, and no process a submission touched is ever reused. Used only in the
namespace tier; elsewhere grade-all starts cold children.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import signal
import socket
import sys
from typing import Any

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x10000000, 0x20000000, 0x40000000
PR_SET_PDEATHSIG = 1
MAX_REQUEST = 1 << 22  # bytes per read; a request may take several


def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def _enter_namespaces() -> None:
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | (0 if uid == 0 else CLONE_NEWUSER)
    if _libc().unshare(flags) != 0:
        raise OSError(ctypes.get_errno(), "unshare failed")
    if uid != 0:  # map ourselves to root inside, as unshare --map-root-user does
        with open("/proc/self/setgroups", "w") as handle:
            handle.write("deny")
        with open("/proc/self/uid_map", "w") as handle:
            handle.write(f"0 {uid} 1")
        with open("/proc/self/gid_map", "w") as handle:
            handle.write(f"0 {gid} 1")


def _run(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become the submission's process, in its own namespaces."""
    from grader.evaluate import main as evaluator

    result_fd, out_fd, err_fd, plan_fd = fds
    os.setsid()
    os.dup2(out_fd, 1)
    os.dup2(err_fd, 2)
    for fd in (out_fd, err_fd):
        os.close(fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.chdir(request["workdir"])
    os.environ.clear()
    os.environ.update(request["env"])
    _enter_namespaces()
    pid = os.fork()
    if pid:  # the fork between: waits for PID 1 of the new namespace, then goes with it
        _, status = os.waitpid(pid, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    from grader.sandbox.confinement import private_proc

    if not private_proc():  # the host's processes would be visible: never grade so
        os._exit(71)
    target = 300 + int.from_bytes(os.urandom(2), "big") % 700
    os.dup2(result_fd, target, inheritable=False)
    os.close(result_fd)
    os.set_inheritable(plan_fd, False)
    evaluator.serve(lambda: evaluator.read_all(plan_fd), target)


def _receive(sock: socket.socket) -> tuple[bytes | None, list[int]]:
    """One request: its length (8 bytes), then that much JSON; the descriptors come with the first
    bytes. A stream socket may split a large request (a plan with a reference) across reads.
    None when the grader has closed the socket."""
    data, fds, _, _ = socket.recv_fds(sock, MAX_REQUEST, 4)
    while data and (len(data) < 8 or len(data) < 8 + int.from_bytes(data[:8], "big")):
        more = sock.recv(MAX_REQUEST)
        if not more:
            return None, fds
        data += more
    return (data[8:] if data else None), fds


def _reap(signum: int, frame: Any) -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[1]))
    import keras  # noqa: F401  - everything a child may import, imported once
    import tensorflow  # noqa: F401

    import grader.builder.serve  # noqa: F401
    import grader.checks.equivalence  # noqa: F401
    import grader.evaluate.main  # noqa: F401
    import grader.evaluate.graphs  # noqa: F401
    import grader.tfdata.stages  # noqa: F401
    import grader.tfdata.values  # noqa: F401
    import grader.tfdata.wire  # noqa: F401
    from grader.evaluate import properties

    properties.prime()
    gc.collect()
    gc.freeze()  # what is here now is never scanned again: a child's collections stay cheap

    signal.signal(signal.SIGCHLD, _reap)
    sock.sendall(b'{"ready": true}\n')
    while True:
        try:
            data, fds = _receive(sock)
        except InterruptedError:
            continue
        if data is None:
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # the zygote dies with the grader
            sock.close()
            try:
                _run(json.loads(data), fds)
            finally:
                os._exit(70)
        for fd in fds:
            os.close(fd)
        sock.sendall(json.dumps({"pid": pid}).encode() + b"\n")


if __name__ == "__main__":
    main()
