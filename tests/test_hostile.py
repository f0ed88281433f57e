"""Hostile and broken submissions (tests/hostile/, one file each, first line '# expect: KIND'):
each becomes an error report of its kind, never a pass; submit returns within its limit plus a
small margin; and no process of the submission is left behind."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from grader import submit
from grader.sandbox import isolation

pytestmark = pytest.mark.slow

HOSTILE = Path(__file__).parent / "hostile"
TIMEOUT_S = 20  # generous: CI grades these beside other tests on 2 cores
MARGIN_S = 8  # killing, rescanning and removing the work directory


def _expected(path: Path) -> set[str]:
    return set(path.read_text().splitlines()[0].removeprefix("# expect: ").split("|"))


def _descendants() -> list[str]:
    """Live processes below this test process (orphans come back to it as a subreaper)."""
    table = isolation._processes()
    found, grown = {os.getpid()}, True
    while grown:
        more = {pid for pid, (parent, state, _) in table.items() if parent in found and state != "Z"} - found
        found |= more
        grown = bool(more)
    found.discard(os.getpid())
    return [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            for pid in found if Path(f"/proc/{pid}").exists()]


def _marked() -> list[int]:
    """Processes anywhere whose command line carries the hostile files' MARKER."""
    out = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and b"# MARKER" in (entry / "cmdline").read_bytes():
                out.append(int(entry.name))
        except OSError:
            continue
    return out


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.py")), ids=lambda p: p.stem)
def test_hostile_submission(path, monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret_that_must_not_leak")
    monkeypatch.setenv("ACTIONS_RUNTIME_TOKEN", "actions_secret_that_must_not_leak")
    started = time.monotonic()
    report = submit(path, "prefetch-basics", timeout_s=TIMEOUT_S)
    elapsed = time.monotonic() - started
    assert not report.passed and report.score == 0
    assert report.status == "error" and report.error.kind in _expected(path), report.error
    assert "Traceback" not in report.error.message
    assert elapsed < TIMEOUT_S + MARGIN_S
    assert _descendants() == []
    assert _marked() == []
    assert "secret_that_must_not_leak" not in report.output.stdout + report.output.stderr
    assert len(report.output.stdout) < 70 * 1024  # captured and truncated


def test_network_is_cut_where_the_report_says_so(learner_file):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(15)
    accepted = []
    threading.Thread(target=lambda: accepted.append(_accept(server)), daemon=True).start()
    port = server.getsockname()[1]
    path = learner_file(f"""
        import socket
        try:
            socket.create_connection(("127.0.0.1", {port}), timeout=3).sendall(b"leak")
            print("CONNECTED")
        except OSError as error:
            print("BLOCKED", error)
        def add_prefetch(ds):
            return None
        """)
    report = submit(path, "prefetch-basics", timeout_s=TIMEOUT_S)
    time.sleep(0.5)
    if report.isolation.network == "off":
        assert "BLOCKED" in report.output.stdout and accepted in ([], [None])
    else:
        assert report.isolation.tier == "process" and "CONNECTED" in report.output.stdout
    server.close()


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
        report = submit(HOSTILE / "forked_setsid_sleepers.py", "prefetch-basics", timeout_s=TIMEOUT_S)
        assert report.isolation.tier == "process" and report.isolation.network == "not isolated"
        assert report.error.kind == "bad-return"
        assert _descendants() == [] and _marked() == []
        report = submit(HOSTILE / "shared_mmap_6gib.py", "prefetch-basics", timeout_s=TIMEOUT_S)
        assert report.error.kind == "memory"
    finally:
        isolation.tier.cache_clear()
