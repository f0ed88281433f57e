"""The parent side: start the child, enforce the limits, collect one result, clean up.

Each submission runs in its own process tree (``python -m grader.evaluate``, which forks the
builder), confined as
``isolation`` describes, in a fresh temporary directory, with an allow-listed environment.
Its stdout and stderr go to files (kept, truncated, for the report); its result comes back on
a private pipe as one framed message carrying this run's secret token. The parent never waits
for the pipe's end: it waits for the process, against its own deadline, and polls the
resident memory of every process of the run meanwhile.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import secrets
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from grader.sandbox import confine, confinement, isolation, launch, protocol

_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "LD_LIBRARY_PATH", "CUDA_VISIBLE_DEVICES",
               "NVIDIA_VISIBLE_DEVICES", "XLA_FLAGS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
SEED = 20261124
NOBODY = 65534
_MEMORY_EVERY_S = 0.1  # how often the memory watchdog looks; the child's exit is seen at once


@dataclass
class ChildRun:
    """What came back from one child: its message (or None), why it ended, its output."""

    message: dict[str, Any] | None
    timed_out: bool
    memory_exceeded: bool
    forged: bool
    returncode: int | None
    stdout: str
    stderr: str
    duration_s: float
    tier: str


def base_environment() -> dict[str, str]:
    """The allow-listed environment every child starts from (a zygote too)."""
    env = {name: os.environ[name] for name in _PASSED_ENV if name in os.environ}
    # oneDNN off: its kernels are chosen by the CPU's instruction set, so the same submission could
    # round differently on another machine (TensorFlow says so at import); its graph rewrite pass is
    # also a sixth of each process's first TensorFlow op.
    env.update(PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", TF_CPP_MIN_LOG_LEVEL="3",
               PYTHONPATH=_PACKAGE_PARENT, PYTHONUNBUFFERED="1", TF_ENABLE_ONEDNN_OPTS="0")
    return env


def gpu_possible() -> bool:
    """Whether this machine has a device node a CUDA GPU is reached through (``/dev/nvidia0``...,
    or ``/dev/dxg`` under WSL2). Without one, TensorFlow cannot see a GPU, and each of a grading's
    processes would still spend a failed CUDA initialization finding that out."""
    return bool(glob.glob("/dev/nvidia[0-9]*")) or os.path.exists("/dev/dxg")


def _environment(device: str, workdir: str, marker: str) -> dict[str, str]:
    env = base_environment()
    env.update(HOME=workdir, TMPDIR=workdir, **{isolation.MARKER_VARIABLE: marker})
    if device == "cpu" or (device == "auto" and not gpu_possible()):
        env["CUDA_VISIBLE_DEVICES"] = "-1"
    return env


def _tail(path: Path, limit_bytes: int) -> str:
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - limit_bytes))
        text = handle.read().decode("utf-8", "replace")
    return (f"[... {size - limit_bytes} bytes cut ...]\n" + text) if size > limit_bytes else text


# TensorFlow's native log lines carry times and thread ids: dropped, so that reports repeat exactly.
_NATIVE_LOG = re.compile(r"^(?:[IWEF]\d{4} [\d:.]+\s+\d+ \S+:\d+\] .*"
                         r"|WARNING: All log messages before absl::InitializeLog\(\) is called .*)$")


def _without_native_logs(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not _NATIVE_LOG.match(line.rstrip("\n")))


@contextlib.contextmanager
def warm_workers() -> Iterator[launch.Zygote | None]:
    """A zygote for many gradings in a row, where the namespace tier holds (else None: cold children)."""
    zygote = None
    if isolation.tier() == "namespaces":
        try:
            zygote = launch.Zygote(base_environment())
        except (OSError, RuntimeError):
            zygote = None
    try:
        yield zygote
    finally:
        if zygote is not None:
            zygote.close()


def _others_can_run_python() -> bool:
    """Whether an unprivileged user could load this interpreter's modules (every directory on the
    way to them searchable by others). Where not (a pyenv under a private /root), dropping to
    nobody would break the learner's imports, so the submission keeps the grader's user."""
    import sysconfig

    for place in {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"],
                  sysconfig.get_paths()["purelib"], _PACKAGE_PARENT}:
        path = Path(place).resolve()
        for folder in [path, *path.parents]:
            if not os.stat(folder).st_mode & 0o001:
                return False
    return True


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _watch(child: Any, marker: str, deadline: float, memory_bytes: int,
           folder: tuple[str, int] | None = None) -> tuple[bool, bool]:
    """Wait for the child; returns (timed out, memory exceeded). Kills the run on either.
    ``folder``: a work folder no tmpfs bounds, and its limit in bytes (counted as memory)."""
    while True:
        if isolation.resident_bytes(isolation.members(child.pid, marker)) > memory_bytes:
            return False, True
        if folder and confine.folder_bytes(folder[0]) > folder[1]:
            return False, True
        remaining = deadline - time.monotonic()
        if child.wait(min(_MEMORY_EVERY_S, remaining)):
            return False, False
        if remaining <= _MEMORY_EVERY_S:
            return True, False


def run_child(submission: Path | None, plan: dict[str, Any], *, timeout_s: float, device: str, output_kb: int,
              file_mb: int = 256, zygote: launch.Zygote | None = None) -> ChildRun:
    """Run ``plan`` against a copy of ``submission`` in a fresh directory, within the limits;
    the child is a fresh interpreter, or a fork of ``zygote`` (warm, same isolation). With no
    submission (a reference run), the directory stays empty."""
    workdir = tempfile.mkdtemp(prefix="grader-")
    tier = isolation.tier()
    if tier == "process":
        isolation.become_subreaper()
    token = secrets.token_hex(16)  # proves a result came from our child; never in its environment
    marker = secrets.token_hex(8)  # in the environment: finds every process of the run
    try:
        target: Path | None = None
        if submission is not None:
            target = Path(workdir) / submission.name
            shutil.copyfile(submission, target)
        drop = os.geteuid() == 0 and _others_can_run_python()
        if drop:  # the submission runs as nobody: give it its own directory, nothing else
            for path in filter(None, (Path(workdir), target)):
                os.chown(path, NOBODY, NOBODY)
        plan = {**plan, "submission": str(target) if target else None, "device": device, "seed": SEED, "token": token,
                "tier": tier, "file_mb": file_mb}
        read_fd, write_fd = os.pipe()
        received: list[dict[str, Any] | None] = []
        reader = threading.Thread(target=lambda: received.append(protocol.receive(read_fd)), daemon=True)
        out_dir = Path(tempfile.mkdtemp(prefix="grader-out-"))
        out_path, err_path = out_dir / "stdout", out_dir / "stderr"
        start = time.monotonic()
        env = _environment(device, workdir, marker)
        env[confinement.WORK_MB_VARIABLE] = str(file_mb)
        if drop:
            env[confinement.RUN_AS_VARIABLE] = str(NOBODY)
        with out_path.open("wb") as out, err_path.open("wb") as err:
            child = (zygote.start if zygote else launch.Cold)(plan, write_fd, out, err, workdir, env)
        os.close(write_fd)
        reader.start()
        bound = (workdir, file_mb * 1024 * 1024) if tier == "process" else None  # else a tmpfs bounds it
        timed_out, memory_exceeded = _watch(child, marker, start + timeout_s, plan["memory_mb"] * 1024 * 1024, bound)
        _kill_group(child.pid)  # the child and anything it started in its session
        isolation.kill_all(child.pid, marker)
        returncode = child.finish()
        reader.join(timeout=1.0)
        duration = time.monotonic() - start
        if not reader.is_alive():  # else a process that escaped still holds the pipe
            os.close(read_fd)
        message = received[0] if received else None
        forged = message is not None and message.get("token") != token
        limit = output_kb * 1024
        run = ChildRun(message=None if forged else message, timed_out=timed_out, memory_exceeded=memory_exceeded,
                       forged=forged, returncode=returncode, stdout=_tail(out_path, limit),
                       stderr=_without_native_logs(_tail(err_path, limit)), duration_s=duration, tier=tier)
        shutil.rmtree(out_dir, ignore_errors=True)
        return run
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
