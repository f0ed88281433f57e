"""No new sockets for the learner's code: a seccomp filter, installed in the child just before the
learner's file is imported.

It makes ``socket()`` fail with EACCES, and ``io_uring_setup()`` too (io_uring can open sockets
without the ``socket`` system call). That cuts the network in the process tier, where no network
namespace could be made (GitHub's ubuntu-24.04 runners, Docker), and in the namespace tier it
also closes Unix sockets on the host's file system (a Docker socket, say), which a network
namespace leaves open. Nothing the grader does after the import needs a socket: the result goes
back on a pipe. It refuses ``ptrace``, ``process_vm_readv`` and ``process_vm_writev`` too: in
the process tier the grader's PID is visible, and on a host without Yama the learner's code could
otherwise attach to the grader. A system call from another ABI (i386, x32) is refused the same way.

The filter is classic BPF, built here; the system call numbers are per architecture, and on one
this module does not know, or a kernel without seccomp, nothing is installed and the report says
the network is not isolated (process tier).
"""

from __future__ import annotations

import ctypes
import errno
import platform
from pathlib import Path

# AUDIT_ARCH_*, the refused system calls (socket, io_uring_setup, ptrace, process_vm_readv and
# process_vm_writev), and whether another ABI shares the architecture's numbers (x32)
_ARCHES = {"x86_64": (0xC000003E, (41, 425, 101, 310, 311), True),
           "aarch64": (0xC00000B7, (198, 425, 117, 270, 271), False)}
_X32_BIT = 0x40000000
_LOAD_WORD, _JUMP_IF_EQUAL, _JUMP_IF_AT_LEAST, _RETURN = 0x20, 0x15, 0x35, 0x06
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000
_NR_OFFSET, _ARCH_OFFSET = 0, 4  # in struct seccomp_data
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def supported() -> bool:
    """Whether this machine's architecture and kernel let ``install`` work."""
    try:
        has_seccomp = "Seccomp:" in Path("/proc/self/status").read_text()
    except OSError:
        return False
    return platform.machine() in _ARCHES and has_seccomp


def _program(machine: str) -> list[tuple[int, int, int, int]]:
    """(code, jump if true, jump if false, k) for each instruction; jumps count instructions skipped."""
    arch, refused, other_abi = _ARCHES[machine]
    tests = [(_JUMP_IF_AT_LEAST, _X32_BIT)] * other_abi + [(_JUMP_IF_EQUAL, number) for number in refused]
    body = [(_LOAD_WORD, 0, 0, _NR_OFFSET)]
    for index, (code, value) in enumerate(tests):
        body.append((code, len(tests) - index, 0, value))  # true: over the rest and the allow, to refuse
    deny_after_arch = len(body) + 1  # from the arch test: over the body and the allow
    return [(_LOAD_WORD, 0, 0, _ARCH_OFFSET), (_JUMP_IF_EQUAL, 0, deny_after_arch, arch), *body,
            (_RETURN, 0, 0, _ALLOW), (_RETURN, 0, 0, _ERRNO | errno.EACCES)]


def install() -> bool:
    """Refuse new sockets (and tracing) to this process and its children; False when it cannot be done."""
    if not supported():
        return False
    instructions = _program(platform.machine())
    array = (_Instruction * len(instructions))(*[_Instruction(*i) for i in instructions])
    program = _Program(len(instructions), array)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(program), 0, 0) == 0
