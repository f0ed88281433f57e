"""grader export gradescope without grading: the zip holds one exercise, and setup.sh picks a
Python 3.11+ (installing one from deadsnakes where the image's python3 is older), run here with
fake commands in place of apt-get and pip.

What cannot run here: the real apt-get/add-apt-repository on Gradescope's Ubuntu 22.04 image and the
pip install of TensorFlow there; tests/test_export.py runs run_autograder against this venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.catalog import exercises_root
from grader.export import SETUP, gradescope_zip


@pytest.fixture
def private_catalog(tmp_path, monkeypatch):
    """Two exercises and an untracked draft with a spec of its own."""
    root = tmp_path / "exercises"
    for name in ("prefetch-basics", "batch-then-prefetch"):
        shutil.copytree(exercises_root() / name, root / name)
    (root / "draft-idea").mkdir()
    (root / "draft-idea" / "notes.md").write_text("not ready\n")
    (root / "prefetch-basics" / "__pycache__").mkdir()
    (root / "prefetch-basics" / "__pycache__" / "starter.cpython-311.pyc").write_bytes(b"\0")
    monkeypatch.setenv("GRADER_EXERCISES", str(root))
    return root


def test_the_zip_holds_only_the_exported_exercise(private_catalog, tmp_path):
    names = zipfile.ZipFile(gradescope_zip("prefetch-basics", tmp_path / "a.zip")).namelist()
    exercise_files = {n for n in names if "/exercises/" in f"/{n}" or n.startswith("catalog/")}
    assert exercise_files == {f"{where}/prefetch-basics/{name}" for where in ("grader-src/exercises", "catalog")
                              for name in ("exercise.yaml", "prompt.md", "starter.py")}
    assert not [n for n in names if "draft" in n or "batch-then-prefetch" in n or "__pycache__" in n]
    assert not [n for n in names if "solution" in n or "mutant" in n]
    assert {"setup.sh", "run_autograder", "grader-src/pyproject.toml", "grader-src/grader/cli.py"} <= set(names)


def _fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/bash\necho \"{name} $*\" >> \"$LOG\"\n{body}\n")
    path.chmod(0o755)


def _run_setup(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess, list[str]]:
    """setup.sh with PATH holding only fakes: python3 is 3.10, apt-get 'installs' a python3.11
    (copied from a stash) whose venv has a python that only logs."""
    bin_dir, stash = tmp_path / "bin", tmp_path / "stash"
    bin_dir.mkdir()
    stash.mkdir()
    venv = '/bin/mkdir -p "$AUTOGRADER/venv/bin"\n/bin/cp "$STASH/venv-python" "$AUTOGRADER/venv/bin/python"'
    _fake(stash, "venv-python", "")
    _fake(bin_dir, "python3", 'if [ "$1" = -c ]; then exit 1; fi')  # sys.version_info < (3, 11): 3.10
    _fake(stash, "python3.11", f'if [ "$1" = -c ]; then exit 0; fi\n{venv}')
    _fake(bin_dir, "newpython", f'if [ "$1" = -c ]; then exit 0; fi\n{venv}')
    _fake(bin_dir, "apt-get", 'if [[ " $* " == *" python3.11 "* ]]; then /bin/cp "$STASH/python3.11" "$BIN"; fi')
    _fake(bin_dir, "add-apt-repository", "")
    (tmp_path / "setup.sh").write_text(SETUP)
    log = tmp_path / "log"
    log.touch()
    done = subprocess.run(["/bin/bash", str(tmp_path / "setup.sh")], capture_output=True, text=True, timeout=60,
                          env={"PATH": str(bin_dir), "LOG": str(log), "AUTOGRADER": str(tmp_path / "ag"),
                               "STASH": str(stash), "BIN": str(bin_dir),
                               **{k: v.replace("BIN", str(bin_dir)) for k, v in env.items()}})
    return done, log.read_text().splitlines()


def test_setup_installs_python_311_where_python3_is_older(tmp_path):
    done, log = _run_setup(tmp_path, {})
    assert done.returncode == 0, done.stderr
    commands = [line for line in log if not line.endswith(("-c import sys; sys.exit(sys.version_info < (3, 11))",))]
    root = tmp_path / "ag"
    assert commands == ["apt-get update", "apt-get install -y software-properties-common",
                        "add-apt-repository -y ppa:deadsnakes/ppa", "apt-get update",
                        "apt-get install -y python3.11 python3.11-venv", f"python3.11 -m venv {root}/venv",
                        "venv-python -m pip install --upgrade pip",
                        f"venv-python -m pip install {root}/source/grader-src[notebook]"]
    assert "using python3.11" in done.stdout


def test_setup_uses_grader_python_and_installs_nothing(tmp_path):
    done, log = _run_setup(tmp_path, {"GRADER_PYTHON": "BIN/newpython"})
    assert done.returncode == 0, done.stderr
    assert not [line for line in log if line.startswith(("apt-get", "add-apt-repository", "python3"))]
    assert f"newpython -m venv {tmp_path}/ag/venv" in log


def test_setup_refuses_an_old_grader_python(tmp_path):
    done, log = _run_setup(tmp_path, {"GRADER_PYTHON": "BIN/python3"})
    assert done.returncode == 1 and "is not Python 3.11+" in done.stderr
    assert not [line for line in log if "venv" in line]


def test_setup_accepts_this_python(tmp_path):
    """The version test itself, with the real interpreter running the tests (3.11+)."""
    script = SETUP.split("\npython=")[0] + '\nnew_enough "$1" && echo yes\n'
    done = subprocess.run(["bash", "-c", script, "setup", sys.executable], capture_output=True, text=True,
                          env={**os.environ}, timeout=60)
    assert done.stdout.strip() == "yes", done.stderr
