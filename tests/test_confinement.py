"""Issue 11: hostile submissions (tests/hostile_confinement/, one attack each, first line '# expect: KINDS')
graded in both tiers. Each file is a valid prefetch-basics submission whose attack runs at import time and
prints 'ESCAPED ...' for whatever it managed. Every attack must fail, and nothing outside the work folder
may change: the grader package and site-packages (paths, sizes, mtimes), and /tmp and /root."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from grader import submit
from grader.sandbox import confine, isolation

# One worker runs these one after another (scripts/test.sh: --dist loadgroup): the hop check looks for
# HOSTILE-HOP processes anywhere, and a hopping attack graded beside another test was counted there.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("confinement"),
              pytest.mark.skipif(confine.landlock_abi() < 1, reason="this kernel has no Landlock")]

HOSTILE = Path(__file__).parent / "hostile_confinement"
ROOT = Path(__file__).resolve().parents[1]
SITE = Path(next(p for p in sys.path if p.endswith("site-packages")))
TIMEOUT_S = 40
NAMESPACE_ONLY = {"umount_proc"}  # in the process tier a failed confinement would unmount the host's /proc


def _fingerprint(folder: Path) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime) of every file and folder under ``folder`` (bytecode caches left out)."""
    out, stack = {}, [str(folder)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.name == "__pycache__":
                    continue
                info = entry.stat(follow_symlinks=False)
                out[entry.path] = (info.st_size, info.st_mtime_ns)
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
    return out


def _hostile_names() -> list[str]:
    """Anything named like an attack's leftovers in /tmp or /root."""
    return [str(p) for folder in (Path("/tmp"), Path("/root")) for p in folder.iterdir() if "hostile" in p.name]


def _hoppers() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and b"HOSTILE-HOP" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _clear_hoppers() -> None:
    """Kill HOSTILE-HOP processes left from an earlier test, until three scans in a row find none.
    A chain that forks every 10 ms can slip past one scan of /proc (the parent is gone before the
    scan reaches it, the child's pid already passed): seen twice in CI as a hopper counted by a
    later, unrelated attack. Known gap, in the issue's note: the process tier's kill also scans."""
    quiet = 0
    while quiet < 3:
        found = _hoppers()
        quiet = 0 if found else quiet + 1
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.02)


@pytest.fixture(params=["namespaces", "process"])
def tier(request, monkeypatch):
    if request.param == "namespaces" and os.environ.get("GRADER_ISOLATION") != "namespaces":
        isolation.tier.cache_clear()
        monkeypatch.delenv("GRADER_ISOLATION", raising=False)
        if isolation.tier() != "namespaces":
            pytest.skip("this machine cannot make namespaces")
    monkeypatch.setenv("GRADER_ISOLATION", request.param)
    isolation.tier.cache_clear()
    yield request.param
    monkeypatch.undo()
    isolation.tier.cache_clear()


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.py")), ids=lambda p: p.stem)
def test_attack_fails_and_changes_nothing_outside(path, tier):
    if tier == "process" and path.stem in NAMESPACE_ONLY:
        pytest.skip("namespace tier only")
    expected = set(path.read_text().splitlines()[0].removeprefix("# expect: ").split("|"))
    _clear_hoppers()  # debris of an earlier hopping attack is not this test's finding (see _clear_hoppers)
    before = {"grader": _fingerprint(ROOT / "grader"), "site": _fingerprint(SITE)}
    leftovers = _hostile_names()
    try:
        report = submit(path, "prefetch-basics", timeout_s=TIMEOUT_S)
        time.sleep(0.3)  # a hop in flight lands
        hoppers = _hoppers()
    finally:
        for pid in _hoppers():
            os.kill(pid, signal.SIGKILL)
    kind = report.status if report.status == "graded" else report.error.kind
    assert kind in expected, (report.error, report.output.stderr[-2000:])
    if report.status == "graded":
        assert report.isolation.filesystem == "work folder only" and report.isolation.user in ("root", "unprivileged")
    assert "ESCAPED" not in report.output.stdout, report.output.stdout
    assert "blocked" in report.output.stdout or path.stem == "hopping_chain" or kind != "graded", report.output
    if path.stem == "hopping_chain":  # only that attack starts hoppers; see _clear_hoppers for the open gap
        assert hoppers == []
    assert _hostile_names() == leftovers
    assert _fingerprint(ROOT / "grader") == before["grader"]
    assert _fingerprint(SITE) == before["site"]


def test_in_grade_all_a_submission_cannot_read_a_classmates_file(tmp_path):
    from grader.gradebook import grade_all

    folder = tmp_path / "class"
    (folder / "bob").mkdir(parents=True)
    (folder / "alice").mkdir()
    bob = folder / "bob" / "exercise.py"
    bob.write_text("# bob's secret answer\nimport tensorflow as tf\n\n\ndef add_prefetch(ds):\n"
                   "    return ds.prefetch(tf.data.AUTOTUNE)\n")
    (folder / "alice" / "exercise.py").write_text(
        "import tensorflow as tf\n\n"
        "try:\n"
        f"    print('ESCAPED', open({str(bob)!r}).read())\n"
        "except OSError as error:\n"
        "    print('blocked', error)\n\n\n"
        "def add_prefetch(ds):\n    return ds.prefetch(tf.data.AUTOTUNE)\n")
    book = grade_all(folder, "prefetch-basics", workers=1, timeout_s=TIMEOUT_S)
    alice = book.reports["alice"]
    assert "blocked" in alice.output.stdout and "ESCAPED" not in alice.output.stdout
    assert alice.isolation.filesystem == "work folder only"
