"""confine() on the real kernel: a confined process writes only its work folder, reads only what running
needs, holds no capability, and cannot signal, stop, trace or read the memory of a process outside it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.sandbox import confine

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
ABI = confine.landlock_abi()
needs_landlock = pytest.mark.skipif(ABI < 1, reason="this kernel has no Landlock")
needs_scopes = pytest.mark.skipif(ABI < 6, reason="Landlock ABI < 6: no signal scoping on this kernel")


def _probe(workdir: Path, **extra) -> dict:
    victim = subprocess.Popen(["sleep", "30"])
    try:
        args = {"workdir": str(workdir), "repo": str(ROOT), "parent": os.getpid(), "victim": victim.pid, **extra}
        prefix = []
        if extra.get("try_mounts"):
            prefix = ["unshare", "--mount", "--propagation", "private"] if os.geteuid() == 0 else \
                ["unshare", "--user", "--map-root-user", "--mount"]
        done = subprocess.run([*prefix, sys.executable, str(HERE / "confined_probe.py"), json.dumps(args)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        state = Path(f"/proc/{victim.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        result["victim_state"] = state
        return result
    finally:
        victim.kill()
        victim.wait()


@pytest.fixture
def workdir(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def test_landlock_abi_is_a_number():
    assert isinstance(ABI, int) and ABI >= 0


def test_readable_paths_leave_out_the_catalogs_and_the_repository():
    paths = [Path(p) for p in confine.readable_paths(["/x/work"])]
    assert Path("/x/work") in paths
    assert Path(os.__file__).parent in paths or any(Path(os.__file__).is_relative_to(p) for p in paths)
    for secret in (ROOT / "solutions", ROOT / "exercises", ROOT / "tests", ROOT, Path.home()):
        assert not any(secret.is_relative_to(p) for p in paths), secret
    assert not any("_exercises" in p.parts for p in paths)


def test_folder_bytes_counts_what_is_written(workdir):
    (workdir / "sub").mkdir()
    (workdir / "sub" / "a").write_bytes(b"x" * 100_000)
    assert 100_000 <= confine.folder_bytes(str(workdir)) < 200_000
    assert confine.folder_bytes(str(workdir / "missing")) == 0


@needs_landlock
def test_a_confined_process_touches_only_its_work_folder(workdir):
    got = _probe(workdir)
    assert got["held"]["filesystem"] == "work folder only", got
    assert got["write_workdir"] == "ok" and (workdir / "inside.txt").exists()
    assert got["write_tmpdir_file"] == "ok"  # TMPDIR points into the work folder
    for name in ("write_grader_package", "write_site_packages", "write_home", "write_tmp"):
        assert got[name] == "EACCES", (name, got[name])
    for name in ("read_shadow", "read_solutions", "read_exercises", "read_repo_root"):
        assert got[name] == "EACCES", (name, got[name])
    assert got["read_stdlib"] == "ok" and got["read_own_proc"] == "ok"
    assert got["read_parent_environ"] == "EACCES" and got["open_parent_mem"] == "EACCES"
    assert got["read_parent_status"] == "EACCES"  # no other process is even visible
    assert got["ptrace_parent"] == "EPERM"
    assert not Path("/tmp/_confine_probe").exists() and not (ROOT / "grader" / "_confine_probe.py").exists()


@needs_landlock
def test_a_confined_process_is_never_privileged(workdir):
    got = _probe(workdir)
    assert int(got["cap_eff"], 16) == 0 and int(got["cap_bnd"], 16) == 0
    assert got["no_new_privs"] == "1"
    assert got["held"]["capabilities"] == "none"
    assert got["held"]["user"] == ("root" if got["uid"] == 0 else "unprivileged")


@needs_landlock
@pytest.mark.skipif(shutil.which("unshare") is None, reason="no unshare(1) to make a private mount namespace")
def test_a_confined_process_cannot_mount_or_unmount(workdir):
    got = _probe(workdir, try_mounts=True)
    assert got["umount_proc"] == "EPERM" and got["mount_tmpfs"] == "EPERM"


@needs_scopes
def test_a_confined_process_cannot_signal_outside_its_run(workdir):
    got = _probe(workdir)
    assert got["held"]["signals"] == "scoped"
    assert got["signal_parent"] == "EPERM"
    assert got["stop_victim"] == "EPERM" and got["kill_victim"] == "EPERM"
    assert got["victim_state"] == "S"  # still sleeping: neither stopped nor killed


@pytest.mark.skipif(ABI >= 1, reason="Landlock is here: covered by the tests above")
def test_without_landlock_the_report_says_not_confined(workdir):
    got = _probe(workdir)
    assert got["held"]["filesystem"] == "not confined"


@pytest.mark.slow
@needs_landlock
def test_a_confined_fork_of_tensorflow_runs_a_pipeline_trains_and_exports(workdir):
    done = subprocess.run([sys.executable, str(HERE / "confined_tf.py"), str(ROOT), str(workdir)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"confine() took {got.get('cost_s', 0) * 1000:.1f} ms after import tensorflow")
    assert "error" not in got, got
    assert got["held"]["filesystem"] == "work folder only"
    assert got["sum"] == sum(range(2000)) * 2 and got["epochs"] == 1
    assert "saved_model.pb" in got["exported"]
    assert got["write_tmp"] == "PermissionError" and not Path("/tmp/_confined_tf_probe").exists()
    assert got["cost_s"] < 0.1


def test_an_installed_grader_is_opened_entry_by_entry_without_its_catalog(tmp_path):
    site = tmp_path / "site-packages"
    for folder in ("numpy", "grader/sandbox", "grader/_exercises/prefetch-basics"):
        (site / folder).mkdir(parents=True)
    (site / "six.py").write_text("")
    got = confine._entries_except(site, site / "grader" / "_exercises")
    assert got == [str(site / "grader" / "sandbox"), str(site / "numpy"), str(site / "six.py")]
