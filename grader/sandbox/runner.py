"""The parent side: start the child, enforce the wall time, collect one result, clean up.

Each submission runs in its own process (``python -m grader.sandbox.child``) in a
fresh temporary directory, in its own session so that everything it starts can be
killed as a group, with an allow-listed environment. Its stdout and stderr go to
files (kept, truncated, for the report); its result comes back on a private pipe.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.sandbox import protocol

_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "LD_LIBRARY_PATH", "CUDA_VISIBLE_DEVICES",
               "NVIDIA_VISIBLE_DEVICES", "XLA_FLAGS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
SEED = 20261124


@dataclass
class ChildRun:
    """What came back from one child: its message (or None), why it ended, its output."""

    message: dict[str, Any] | None
    timed_out: bool
    returncode: int | None
    stdout: str
    stderr: str
    duration_s: float
    limits: dict[str, Any] = field(default_factory=dict)


def _environment(device: str, workdir: str) -> dict[str, str]:
    env = {name: os.environ[name] for name in _PASSED_ENV if name in os.environ}
    env.update(HOME=workdir, TMPDIR=workdir, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1",
               TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=_PACKAGE_PARENT, PYTHONUNBUFFERED="1")
    if device == "cpu":
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


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_child(submission: Path, plan: dict[str, Any], *, timeout_s: float, device: str,
              output_kb: int) -> ChildRun:
    """Run ``plan`` against a copy of ``submission`` in a fresh directory, within ``timeout_s``."""
    workdir = tempfile.mkdtemp(prefix="grader-")
    try:
        target = Path(workdir) / submission.name
        shutil.copyfile(submission, target)
        plan = {**plan, "submission": str(target), "device": device, "seed": SEED}
        read_fd, write_fd = os.pipe()
        received: list[dict[str, Any] | None] = []
        reader = threading.Thread(target=lambda: received.append(protocol.receive(read_fd)), daemon=True)
        out_path, err_path = Path(workdir) / ".stdout", Path(workdir) / ".stderr"
        start = time.monotonic()
        with out_path.open("wb") as out, err_path.open("wb") as err:
            process = subprocess.Popen(
                [sys.executable, "-m", "grader.sandbox.child", str(write_fd)],
                stdin=subprocess.PIPE, stdout=out, stderr=err, cwd=workdir,
                env=_environment(device, workdir), pass_fds=(write_fd,), start_new_session=True)
        os.close(write_fd)
        reader.start()
        try:
            process.stdin.write(json.dumps(plan).encode())
            process.stdin.close()
        except BrokenPipeError:
            pass  # the child died at once; its return code tells why
        timed_out = False
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
        _kill_group(process.pid)  # the child and anything it started in its session
        process.wait()
        reader.join(timeout=1.0)
        duration = time.monotonic() - start
        if not reader.is_alive():  # else a process that escaped the group still holds the pipe
            os.close(read_fd)
        limit = output_kb * 1024
        return ChildRun(message=received[0] if received else None, timed_out=timed_out,
                        returncode=process.returncode, stdout=_tail(out_path, limit),
                        stderr=_without_native_logs(_tail(err_path, limit)), duration_s=duration)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
