"""How a submission is confined, and how everything it started is found and killed.

Two tiers, chosen once per grader process (``GRADER_ISOLATION=namespaces|process`` forces one):

- ``namespaces``: the child runs under ``unshare --net --pid --mount --fork --kill-child
  --mount-proc`` (plus ``--user --map-root-user`` when the grader is not root). It is PID 1
  of its own PID namespace, so when it exits the kernel kills every process left in it,
  ``setsid()`` or not; the unshare process carries ``PR_SET_PDEATHSIG`` so the namespace dies
  with the grader too. No network interface but a down loopback: no network.
- ``process``: where namespaces are refused (GitHub's ubuntu-24.04 runners through AppArmor,
  Docker's default seccomp profile). The child gets its own session; every process that
  inherits the run's marker in its environment, or is re-parented to the grader (a child
  subreaper), is killed in a rescan loop until none is left. No network namespace: the
  child's seccomp filter (``nosockets``) is what cuts the network there.

Both tiers: a resident-memory watchdog over every process of the run (``RLIMIT_DATA`` does not
stop a ``MAP_SHARED`` mapping), an allow-listed environment, and a fresh temporary directory.
"""

from __future__ import annotations

import ctypes
import functools
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
MARKER_VARIABLE = "GRADER_RUN_MARKER"


def _prctl(option: int, value: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(option, value, 0, 0, 0)


def die_with_parent() -> None:
    """In the forked child, before exec: SIGKILL when the grader dies."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def namespace_prefix() -> list[str]:
    unshare = shutil.which("unshare") or "unshare"
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    return [unshare, *user, "--net", "--pid", "--mount", "--fork", "--kill-child", "--mount-proc", "--"]


@functools.lru_cache(maxsize=1)
def tier() -> str:
    """``namespaces`` when this machine lets us create them, else ``process``."""
    forced = os.environ.get("GRADER_ISOLATION")
    if forced in ("namespaces", "process"):
        return forced
    try:
        done = subprocess.run([*namespace_prefix(), "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "process"
    return "namespaces" if done.returncode == 0 else "process"


def command(child: list[str]) -> tuple[list[str], Callable[[], None] | None]:
    """The argv to start and the preexec function, for the current tier."""
    if tier() == "namespaces":
        return [*namespace_prefix(), *child], die_with_parent
    return child, None


def become_subreaper() -> None:
    """Orphans of the submission are re-parented to us (process tier), so we can find them."""
    try:
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
    except OSError:
        pass


def _processes() -> dict[int, tuple[int, str, int]]:
    """pid -> (parent pid, state, session id) for every visible process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        table[int(entry.name)] = (int(fields[1]), fields[0], int(fields[3]))
    return table


def _has_marker(pid: int, marker: str) -> bool:
    try:
        return f"{MARKER_VARIABLE}={marker}".encode() in (Path("/proc") / str(pid) / "environ").read_bytes()
    except OSError:
        return False


def members(root: int, marker: str) -> set[int]:
    """Every live process of a run: the descendants of ``root``, and (process tier) any carrying its
    marker. In the namespace tier the descendants are all of them: an orphan there is re-parented
    to the namespace's PID 1, itself a descendant, so no process's environment need be read."""
    table = _processes()
    found = {root} if root in table else set()
    grown = True
    while grown:
        more = {pid for pid, (parent, _, _) in table.items() if parent in found} - found
        found |= more
        grown = bool(more)
    if tier() == "process":
        found |= {pid for pid in table if pid != os.getpid() and _has_marker(pid, marker)}
    return {pid for pid in found if table.get(pid, (0, "Z", 0))[1] != "Z"}


def resident_bytes(pids: set[int]) -> int:
    """Resident memory of ``pids``, shared pages included (VmRSS counts RssShmem)."""
    total = 0
    for pid in pids:
        try:
            for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
    return total


_STARTED: set[int] = set()  # every child process a run started and has not reaped: never an orphan
STARTING = threading.Lock()  # held while a run starts its child and records it, and while orphans are listed


def started(pid: int) -> None:
    """Record a run's own child (call with STARTING held, right after starting it)."""
    _STARTED.add(pid)


def reaped(pid: int) -> None:
    with STARTING:
        _STARTED.discard(pid)


def _adopted() -> dict[int, str]:
    """Processes re-parented to us from another session: a submission's orphans (process tier)."""
    session = os.getsid(0)
    with STARTING:  # a run's child that exists is already recorded
        table = _processes()
        ours = set(_STARTED)
    return {pid: state for pid, (parent, state, sid) in table.items()
            if parent == os.getpid() and sid != session and pid not in ours}


def kill_all(root: int, marker: str) -> int:
    """SIGKILL the run's processes until a rescan finds none; returns how many were killed.

    In the process tier, orphans re-parented to this process (the subreaper) are killed too:
    children of ours in another session than ours, except the runs' own children. The grader's
    other children (a snippet runner, say) share its session and are left alone."""
    killed, quiet = 0, 0
    for _ in range(50):
        targets = members(root, marker)
        adopted = _adopted() if tier() == "process" else {}
        orphans = {pid for pid, state in adopted.items() if state != "Z"}
        for pid in set(adopted) - orphans:  # adopted zombies: reap them
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        targets |= orphans
        quiet = 0 if targets else quiet + 1
        # In the process tier only scans find processes, and one can miss a process that forks and
        # exits in between: three in a row must find none. A PID namespace dies whole.
        if quiet >= (3 if tier() == "process" else 1):
            return killed
        if not targets:
            time.sleep(0.01)
            continue
        for pid in targets:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.02)
    return killed
