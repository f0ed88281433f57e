"""Run as ``python confined_probe.py JSON``: confine this process to a work folder, try what a hostile
submission would, and print one JSON object: each attempt -> "ok" or the errno name it failed with."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import signal
import sys
import time

args = json.loads(sys.argv[1])
sys.path.insert(0, args["repo"])
from grader.sandbox import confine  # noqa: E402

workdir, repo, parent, victim = args["workdir"], args["repo"], args["parent"], args["victim"]
started = time.perf_counter()
held = confine.confine(confine.readable_paths([workdir]), [workdir], uid=args.get("uid"))
cost = time.perf_counter() - started
libc = ctypes.CDLL(None, use_errno=True)


def attempt(action):
    try:
        result = action()
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc.errno))
    return "ok" if result is None or result is not False else "refused"


def write(path):
    return lambda: open(path, "w").write("x")


def read(path):
    return lambda: os.listdir(path) if os.path.isdir(path) else open(path, "rb").read(1)


def libc_call(name, *call_args):
    def run():
        if getattr(libc, name)(*call_args) != 0:
            raise OSError(ctypes.get_errno(), name)
    return run


def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return line.split()[1]


site = next(p for p in sys.path if p.endswith("site-packages"))
results = {
    "held": held, "cost_s": cost,
    "write_workdir": attempt(write(os.path.join(workdir, "inside.txt"))),
    "write_tmpdir_file": attempt(lambda: __import__("tempfile").NamedTemporaryFile(delete=False).close()),
    "write_grader_package": attempt(write(os.path.join(repo, "grader", "_confine_probe.py"))),
    "write_site_packages": attempt(write(os.path.join(site, "_confine_probe.pth"))),
    "write_home": attempt(write("/root/_confine_probe")),
    "write_tmp": attempt(write("/tmp/_confine_probe")),
    "read_shadow": attempt(read("/etc/shadow")),
    "read_solutions": attempt(read(os.path.join(repo, "solutions"))),
    "read_exercises": attempt(read(os.path.join(repo, "exercises"))),
    "read_repo_root": attempt(read(repo)),
    "read_stdlib": attempt(read(os.__file__)),
    "read_own_proc": attempt(read("/proc/self/status")),
    "signal_parent": attempt(lambda: os.kill(parent, 0)),
    "stop_victim": attempt(lambda: os.kill(victim, signal.SIGSTOP)),
    "kill_victim": attempt(lambda: os.kill(victim, signal.SIGKILL)),
    "read_parent_environ": attempt(read(f"/proc/{parent}/environ")),
    "open_parent_mem": attempt(lambda: os.close(os.open(f"/proc/{parent}/mem", os.O_RDWR))),
    "read_parent_status": attempt(read(f"/proc/{parent}/status")),
    "ptrace_parent": attempt(libc_call("ptrace", 16, parent, None, None)),  # PTRACE_ATTACH
    "cap_eff": status("CapEff"), "cap_bnd": status("CapBnd"), "no_new_privs": status("NoNewPrivs"),
    "uid": os.getuid(),
}
if args.get("try_mounts"):  # only ever run inside a private mount namespace
    results["umount_proc"] = attempt(libc_call("umount2", b"/proc", 2))
    results["mount_tmpfs"] = attempt(libc_call("mount", b"tmpfs", workdir.encode(), b"tmpfs", 0, None))
print(json.dumps(results))
