"""Hostile and broken submissions (tests/hostile/, one file each, first line '# expect: KIND'):
each becomes an error report of its kind, never a pass; submit returns within its limit plus a
small margin; and no process of the submission is left behind."""

from __future__ import annotations

import os
import platform
import socket
import threading
import time
from pathlib import Path

import pytest

from grader import submit
from grader.sandbox import isolation, nosockets

pytestmark = pytest.mark.slow

HOSTILE = Path(__file__).parent / "hostile"
TIMEOUT_S = 20  # generous: CI grades these beside other tests on 2 cores
MARGIN_S = 8  # killing, rescanning and removing the work directory


def _expected(path: Path) -> set[str]:
    return set(path.read_text().splitlines()[0].removeprefix("# expect: ").split("|"))


def _descendants() -> dict[int, str]:
    """Live processes below this test process (orphans come back to it as a subreaper), by pid."""
    table = isolation._processes()
    found, grown = {os.getpid()}, True
    while grown:
        more = {pid for pid, (parent, state, _) in table.items() if parent in found and state != "Z"} - found
        found |= more
        grown = bool(more)
    found.discard(os.getpid())
    out = {}
    for pid in found:
        try:
            out[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
    return out


def _new_descendants(before: dict[int, str], grace_s: float = 10.0) -> list[str]:
    """Descendants that were not there before (other tests may leave helpers, e.g. Dask's). A killed
    process that is still releasing a large mapping (its command line already empty) gets
    ``grace_s`` to finish exiting."""
    deadline = time.monotonic() + grace_s
    while True:
        left = [command for pid, command in _descendants().items() if pid not in before]
        if not left or any(left) or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def _marked(tag: bytes = b"# MARKER") -> list[int]:
    """Processes anywhere whose command line ends an argument with ``tag`` (the hostile files' MARKER)."""
    out = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and tag + b"\0" in (entry / "cmdline").read_bytes():
                out.append(int(entry.name))
        except OSError:
            continue
    return out


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.py")), ids=lambda p: p.stem)
def test_hostile_submission(path, monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret_that_must_not_leak")
    monkeypatch.setenv("ACTIONS_RUNTIME_TOKEN", "actions_secret_that_must_not_leak")
    before = _descendants()
    started = time.monotonic()
    report = submit(path, "prefetch-basics", timeout_s=TIMEOUT_S)
    elapsed = time.monotonic() - started
    assert not report.passed and report.score == 0
    assert report.status == "error" and report.error.kind in _expected(path), report.error
    assert "Traceback" not in report.error.message
    assert elapsed < TIMEOUT_S + MARGIN_S
    assert _new_descendants(before) == []
    if b"# MARKER" in path.read_bytes():  # only that attack starts marked processes: the scan is machine-wide,
        assert _marked() == []  # and another test worker may be grading it right now (seen in CI)
    assert "secret_that_must_not_leak" not in report.output.stdout + report.output.stderr
    assert len(report.output.stdout) < 70 * 1024  # captured and truncated


PTRACE_SYSCALL = {"x86_64": 101, "aarch64": 117}.get(platform.machine(), -1)


@pytest.mark.parametrize("tier", ["namespaces", "process"])
def test_network_is_cut_where_the_report_says_so(learner_file, monkeypatch, tmp_path, tier):
    """TCP to this machine, and a Unix socket on its file system (which a network namespace leaves open)."""
    if tier == "namespaces" and isolation.tier() != "namespaces":
        pytest.skip("this machine refuses namespaces")
    monkeypatch.setenv("GRADER_ISOLATION", tier)
    isolation.tier.cache_clear()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(15)
    local = socket.socket(socket.AF_UNIX)
    local.bind(str(tmp_path / "host.sock"))
    local.listen()
    local.settimeout(15)
    accepted = []
    for listening in (server, local):
        threading.Thread(target=lambda s=listening: accepted.append(_accept(s)), daemon=True).start()
    port = server.getsockname()[1]
    path = learner_file(f"""
        import socket
        targets = ((socket.AF_INET, ("127.0.0.1", {port})), (socket.AF_UNIX, {str(tmp_path / "host.sock")!r}))
        for family, address in targets:
            try:
                connection = socket.socket(family)
                connection.settimeout(3)
                connection.connect(address)
                connection.sendall(b"leak")
                print("CONNECTED", family)
            except OSError as error:
                print("BLOCKED", family, error)
        import ctypes, errno, os
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall({PTRACE_SYSCALL}, 16, os.getpid(), 0, 0)  # PTRACE_ATTACH to itself: EPERM, unless refused
        print("PTRACE", errno.errorcode.get(ctypes.get_errno()))
        def add_prefetch(ds):
            return None
        """)
    try:
        report = submit(path, "prefetch-basics", timeout_s=TIMEOUT_S)
    finally:
        isolation.tier.cache_clear()
    time.sleep(0.5)
    assert report.isolation.tier == tier
    if report.isolation.network == "off":
        assert report.output.stdout.count("BLOCKED") == 2 and "CONNECTED" not in report.output.stdout
        assert [a for a in accepted if a is not None] == []
    if nosockets.supported():  # the same filter refuses tracing
        assert "PTRACE EACCES" in report.output.stdout, report.output.stdout
    else:  # a process tier with no seccomp here: the report must say so
        assert tier == "process" and not nosockets.supported() and "CONNECTED" in report.output.stdout
    server.close()
    local.close()


def _accept(server: socket.socket) -> object:
    try:
        return server.accept()
    except OSError:
        return None


def test_process_tier_also_leaves_nothing(monkeypatch):
    """The fallback where namespaces are refused: a session kill, a token scan, a subreaper."""
    monkeypatch.setenv("GRADER_ISOLATION", "process")
    isolation.tier.cache_clear()
    try:
        before = _descendants()
        report = submit(HOSTILE / "forked_setsid_sleepers.py", "prefetch-basics", timeout_s=TIMEOUT_S)
        assert report.isolation.tier == "process"
        assert report.isolation.network == ("off" if nosockets.supported() else "not isolated")
        assert report.error.kind == "bad-return"
        assert _new_descendants(before) == [] and _marked() == []
        report = submit(HOSTILE / "shared_mmap_6gib.py", "prefetch-basics", timeout_s=TIMEOUT_S)
        assert report.error.kind == "memory"
    finally:
        isolation.tier.cache_clear()


SLEEPERS = """
import subprocess
for number in range(3):
    subprocess.Popen(["/bin/sh", "-c", "sleep 600; : # KILLED-{tag}"], env={{}}, start_new_session=True)

def add_prefetch(ds):
    import time
    time.sleep(600)
"""


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_nothing_outlives_a_killed_grader(learner_file, warm):
    """Namespace tier: PR_SET_PDEATHSIG from the grader down to the submission's PID namespace."""
    if isolation.tier() != "namespaces":
        pytest.skip("only the namespace tier survives the grader being killed (see the README)")
    import subprocess
    import sys

    tag = f"{os.getpid()}-{warm}"
    mine = f"# KILLED-{tag}".encode()
    path = learner_file(SLEEPERS.format(tag=tag))
    script = ("import sys; from pathlib import Path; from grader import submit\n"
              "from grader.sandbox.runner import warm_workers\n"
              f"with warm_workers() as zygote:\n"
              f"    submit(Path(sys.argv[1]), 'prefetch-basics', timeout_s=120, zygote=zygote if {warm} else None)\n")
    grader = subprocess.Popen([sys.executable, "-c", script, str(path)])
    deadline = time.monotonic() + 60
    while len(_marked(mine)) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(_marked(mine)) >= 3, "the submission never started its sleepers"
    grader.kill()
    grader.wait()
    deadline = time.monotonic() + 10
    while _marked(mine) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _marked(mine) == []
