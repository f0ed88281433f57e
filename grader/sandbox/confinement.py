"""How the evaluator and the builder confine themselves (``confine`` is the mechanism, ``isolation``
the tiers).

The evaluator, which runs learner graphs, confines itself first, while it has one thread: in the
namespace tier its work folder becomes a size-limited tmpfs and ``/dev/shm`` a small private one;
then no capabilities, ``no_new_privs``, a Landlock domain (read what running needs, write the work
folder) and the seccomp filter that refuses sockets and tracing. Then it forks the builder, which
runs learner Python and adds a nested, stricter domain (write only ``build/``): it cannot signal,
trace or read the memory of the evaluator or anything outside its run. Each returns what held, for
the report.
"""

from __future__ import annotations

import ctypes
import os
from typing import Any

from grader.sandbox import confine, nosockets

RUN_AS_VARIABLE = "GRADER_RUN_AS"  # the unprivileged uid the runner found usable, if any
WORK_MB_VARIABLE = "GRADER_WORK_MB"  # the work folder's size where a tmpfs can bound it
_SHM_MB = 64
_SIGNALS_SCOPED = [False]  # set once this process's Landlock domain scopes its signals


MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 1 << 14, 1 << 18


def private_proc() -> bool:
    """In a fresh PID and mount namespace (a warm child): every mount private, then this namespace's
    own /proc, as ``unshare --mount-proc`` gives a cold one; else /proc would list the host's processes."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return False
    return libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None) == 0


def _private_shm() -> None:
    """In our own mount namespace: every mount private first (on a host whose / is shared, a mount
    here would otherwise reach the host's), then a small tmpfs on /dev/shm."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return
    libc.mount(b"tmpfs", b"/dev/shm", b"tmpfs", 0, f"size={_SHM_MB}m".encode())


def _report(held: dict[str, Any], network: bool) -> dict[str, Any]:
    return {"network": "off" if network else "not isolated", "filesystem": held.get("filesystem", "not confined"),
            "user": held.get("user", "root"), "signals": held.get("signals", "not scoped")}


def confine_evaluator(workdir: str) -> dict[str, Any]:
    """Confine the evaluator (call it while it has one thread)."""
    namespaced = os.getpid() == 1  # PID 1 of its own namespaces: the namespace tier
    run_as = os.environ.get(RUN_AS_VARIABLE)
    uid = int(run_as) if run_as and run_as.isdigit() else None
    work_mb = int(os.environ.get(WORK_MB_VARIABLE, "256"))
    if namespaced:
        _private_shm()
    # /proc: the evaluator finds and kills what the builder started (a Landlocked process still cannot
    # read another domain's environ or memory).
    held = confine.confine_work_folder(workdir, tmpfs_mb=work_mb if namespaced else None, uid=uid, extra=["/proc"])
    _SIGNALS_SCOPED[0] = held.get("signals") == "scoped"
    os.makedirs(os.path.join(workdir, "build"), exist_ok=True)
    return _report(held, nosockets.install())


def confine_builder(workdir: str, build: str) -> dict[str, Any]:
    """The learner's process: a nested domain that reads the work folder and writes only ``build``."""
    held = confine.confine(confine.readable_paths([workdir]), [build])
    return _report(held, nosockets.supported())


def may_kill_everything_visible() -> bool:
    """Whether ``kill(-1)`` reaches only this run: PID 1 of our own PID namespace, or a process whose
    Landlock domain scopes its signals (a sibling run is in another domain). Never merely because the
    grader refuses a signal: a learner's code dropped to ``nobody`` would then reach every process of
    that user on the machine."""
    return os.getpid() == 1 or _SIGNALS_SCOPED[0]
