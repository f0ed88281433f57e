"""Confinement of a process that runs learner code: it may write only its work folder, read only what
running needs, holds no capability, cannot signal or trace anything outside its own run.

Landlock is the anchor (unprivileged, no namespace needed). The binding is a small ctypes one: the
three system calls have the same numbers on every architecture (444, 445, 446), and the PyPI bindings
found were young or pre-releases. ``confine`` applies, in order:

1. securebits (no root magic on exec), the capability bounding set emptied (``PR_CAPBSET_DROP``);
2. optionally an unprivileged uid/gid (only when the caller knows that user can read the interpreter);
3. the effective, permitted and inheritable capabilities emptied (``capset``), the ambient set cleared;
4. ``PR_SET_NO_NEW_PRIVS``;
5. a Landlock domain at the highest ABI the kernel knows: every file-system right it knows is handled
   (read-only rules for ``read``, all rights for ``write``); TCP bind and connect denied (ABI >= 4);
   abstract Unix sockets and signals scoped to the run (ABI >= 6). A Landlocked process can neither
   ptrace nor read ``/proc/PID/environ`` or ``mem`` of a process outside its domain, and cannot mount.

Landlock restricts the *calling thread* (and what it starts later): call ``confine`` while the process
has one thread (a fresh fork, or before TensorFlow or NumPy start theirs). With more threads it still
applies, but reports the file system as ``"not confined"``: the other threads are not held.

Everything here is importable without TensorFlow and never raises on a kernel without Landlock.
"""

from __future__ import annotations

import ctypes
import os
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_VERSION_FLAG = 1  # LANDLOCK_CREATE_RULESET_VERSION
_PATH_BENEATH = 1  # LANDLOCK_RULE_PATH_BENEATH

# File-system rights: bits 0-12 (ABI 1), REFER (2), TRUNCATE (3), IOCTL_DEV (5).
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1}
_FS_ALL = (1 << 16) - 1  # ABI >= 5
TRUNCATE, IOCTL_DEV = 1 << 14, 1 << 15
_FILE_ONLY = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV  # the rights a rule on a file may carry
_NET_TCP = 0b11  # BIND_TCP | CONNECT_TCP (ABI >= 4)
_SCOPES = 0b11  # ABSTRACT_UNIX_SOCKET | SIGNAL (ABI >= 6)

PR_CAPBSET_DROP, PR_SET_SECUREBITS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 28, 47, 4
PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS = 38, 39
_SECURE_NOROOT_ALL = 0b101111  # NOROOT, NO_SETUID_FIXUP, KEEP_CAPS_LOCKED and their locks
_CAP_VERSION_3 = 0x20080522
MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 2, 4, 1 << 14, 1 << 18

# System libraries, devices and files a Python + TensorFlow process opens (found by running one under
# strace), and the system's programs (a learner's subprocess may run sh or sleep).
_SYSTEM_READ = ["/usr/lib", "/lib", "/lib64", "/usr/lib64", "/usr/local/lib", "/bin", "/usr/bin",
                "/etc/ld.so.cache", "/etc/localtime", "/usr/share/zoneinfo", "/sys/devices/system/cpu",
                "/sys/fs/cgroup", "/proc/self", "/proc/cpuinfo", "/proc/stat", "/proc/meminfo",
                "/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"]
_WRITABLE_DEVICES = ["/dev/null"]


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class _NetPort(ctypes.Structure):
    _fields_ = [("allowed_access", ctypes.c_uint64), ("port", ctypes.c_uint64)]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _libc() -> Any:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    return libc


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 when Landlock is missing or disabled."""
    if not sys.platform.startswith("linux"):
        return 0
    version = _libc().syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_VERSION_FLAG))
    return max(int(version), 0)


def _grader_package() -> Path:
    return Path(__file__).resolve().parents[1]


def _entries_except(folder: Path, skip: Path) -> list[str]:
    """``folder``'s entries, ``skip``'s parent chain opened up entry by entry (Landlock has no deny rule)."""
    out = []
    for entry in sorted(folder.iterdir()):
        if entry == skip:
            continue
        if entry in skip.parents:
            out += _entries_except(entry, skip)
        else:
            out.append(str(entry))
    return out


def readable_paths(extra: list[str] | None = None) -> list[str]:
    """What a confined grader process may read: the stdlib, site-packages (never the catalog the wheel
    ships as ``grader/_exercises``), the grader package itself (in an editable install only its
    ``grader/`` folder, never the repository's ``solutions/``, ``exercises/`` or ``tests/``), the system
    libraries, a few devices, its own ``/proc/self``, and ``extra`` (its work folder)."""
    grader = _grader_package()
    catalog = grader / "_exercises"
    paths = sysconfig.get_paths()
    places = {paths[k] for k in ("stdlib", "platstdlib", "include", "platinclude") if k in paths}
    places |= {os.path.join(prefix, "lib") for prefix in {sys.base_prefix, sys.base_exec_prefix}}
    out: list[str] = []
    for place in places:
        resolved = Path(place).resolve()
        if grader.is_relative_to(resolved):  # a folder that holds the grader: open it entry by entry
            out += _entries_except(resolved, catalog)
        elif resolved.is_dir():
            out.append(str(resolved))
    for entry in sys.path:
        resolved = Path(entry or ".").resolve()
        if not resolved.is_dir() or resolved == Path.cwd().resolve():
            continue
        if grader.is_relative_to(resolved):
            if "site-packages" in resolved.parts or "dist-packages" in resolved.parts:
                out += _entries_except(resolved, catalog)  # installed: everything but the catalog
            else:  # an editable install's repository: only the package, without a catalog in it
                out += _entries_except(grader, catalog) if catalog.exists() else [str(grader)]
        elif not resolved.is_relative_to(grader.parent) or "site-packages" in resolved.parts:
            out.append(str(resolved))
    if not any(grader.is_relative_to(p) for p in map(Path, out)):  # grader imported by another path
        out += _entries_except(grader, catalog) if catalog.exists() else [str(grader)]
    interpreter = [os.path.realpath(sys.executable), os.path.join(sys.prefix, "pyvenv.cfg")]  # a learner's subprocess
    out += [p for p in [*interpreter, *_SYSTEM_READ] if os.path.exists(p)]
    out += list(extra or [])
    return list(dict.fromkeys(out))


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def _add_path(libc: Any, ruleset: int, path: str, rights: int) -> bool:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if not os.path.isdir(f"/proc/self/fd/{fd}"):
            rights &= _FILE_ONLY
        rule = _PathBeneath(rights, fd)
        return libc.syscall(_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(_PATH_BENEATH), ctypes.byref(rule),
                            ctypes.c_uint32(0)) == 0
    finally:
        os.close(fd)


def _landlock(libc: Any, abi: int, read: list[str], write: list[str]) -> bool:
    handled = _FS_BY_ABI.get(abi, _FS_ALL)
    attr = _RulesetAttr(handled, _NET_TCP if abi >= 4 else 0, _SCOPES if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    ruleset = libc.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return False
    try:
        readable = handled & (EXECUTE | READ_FILE | READ_DIR)
        for path in read:
            _add_path(libc, ruleset, path, readable | (handled & IOCTL_DEV if path.startswith("/dev/") else 0))
        for path in [*write, *_WRITABLE_DEVICES]:
            _add_path(libc, ruleset, path, handled)
        return libc.syscall(_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
    finally:
        os.close(ruleset)


def _drop_capabilities(libc: Any) -> bool:
    """Empty every capability set; True when the effective set reads back empty."""
    libc.prctl(PR_SET_SECUREBITS, _SECURE_NOROOT_ALL, 0, 0, 0)  # needs CAP_SETPCAP; harmless without
    for cap in range(64):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() == 22:  # EINVAL: past the last
            break
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    data = (_CapData * 2)()
    libc.capset(ctypes.byref(_CapHeader(_CAP_VERSION_3, 0)), data)
    return _status("CapEff") == 0 and _status("CapPrm") == 0


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1], 16)
    return -1


def confine(read: list[str], write: list[str], uid: int | None = None) -> dict[str, Any]:
    """Confine this process (and what it starts) to reading ``read`` and writing ``write``; with
    ``uid``, become that user and group first. ``TMPDIR`` becomes ``write[0]``. Returns what held::

        {"filesystem": "work folder only" | "not confined", "user": "unprivileged" | "root",
         "signals": "scoped" | "not scoped", "capabilities": "none" | "some", "landlock_abi": N}
    """
    libc = _libc()
    threads = _threads()
    abi = landlock_abi()
    read_now = [os.path.realpath(p) if p == "/proc/self" else p for p in read]  # Landlock sees /proc/PID
    if uid is not None and os.geteuid() == 0:
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        except OSError:
            pass
    caps_dropped = _drop_capabilities(libc)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    held = abi > 0 and _landlock(libc, abi, read_now, write)
    if write:  # temporary files go to the work folder, even where tempfile already chose a folder
        os.environ["TMPDIR"] = write[0]
        tempfile.tempdir = write[0]
    return {"filesystem": "work folder only" if held and threads == 1 else "not confined",
            "user": "unprivileged" if os.getuid() != 0 and os.geteuid() != 0 else "root",
            "signals": "scoped" if held and abi >= 6 else "not scoped",
            "capabilities": "none" if caps_dropped else "some", "landlock_abi": abi, "threads": threads}


def mount_tmpfs(path: str, size_mb: int, owner: int | None = None) -> bool:
    """Mount a ``size_mb`` tmpfs on ``path`` (mode 0700, owned by ``owner`` or the caller). Only inside a
    private mount namespace: every mount is first made private there, so nothing reaches the host's.
    Needs CAP_SYS_ADMIN, so before ``confine``. False when the kernel refused."""
    libc = _libc()
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return False
    who = owner if owner is not None else os.getuid()
    options = f"size={size_mb}m,mode=0700,uid={who},gid={who if owner is not None else os.getgid()}"
    return libc.mount(b"tmpfs", path.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, options.encode()) == 0


def folder_bytes(path: str) -> int:
    """Bytes allocated under ``path`` (sparse files count what they hold), for a watchdog where no tmpfs
    bounds the work folder. Symbolic links are not followed; vanished entries are skipped."""
    total, stack = 0, [path]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        else:
                            total += entry.stat(follow_symlinks=False).st_blocks * 512
                    except OSError:
                        continue
        except OSError:
            continue
    return total


def confine_work_folder(workdir: str, *, tmpfs_mb: int | None = None, uid: int | None = None,
                        extra: list[str] | None = None) -> dict[str, Any]:
    """The one call a grading process makes, before any thread starts: with ``tmpfs_mb`` (only in a
    private mount namespace) the work folder first becomes a tmpfs of that size, its files carried over;
    then ``confine`` to it. The result adds ``work_folder``: ``"tmpfs N MiB"`` or ``"on disk"``."""
    bounded = False
    if tmpfs_mb:
        saved = {entry.name: Path(entry.path).read_bytes() for entry in os.scandir(workdir)
                 if entry.is_file(follow_symlinks=False)}
        if mount_tmpfs(workdir, tmpfs_mb, owner=uid):
            for name, data in saved.items():
                (Path(workdir) / name).write_bytes(data)
                if uid is not None:
                    os.chown(Path(workdir) / name, uid, uid)
            os.chdir(workdir)  # the old folder is under the mount now
            bounded = True
    held = confine(readable_paths([workdir, *(extra or [])]), [workdir], uid=uid)
    return {**held, "work_folder": f"tmpfs {tmpfs_mb} MiB" if bounded else "on disk"}
