"""grader export gradescope: the zip's run_autograder grades a submission into results.json."""

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SOLUTIONS, run_cli

pytestmark = pytest.mark.slow


def test_autograder_zip_runs_like_gradescope(tmp_path):
    archive = tmp_path / "autograder.zip"
    assert run_cli("export", "gradescope", "prefetch-basics", "--output", str(archive)).returncode == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert {"setup.sh", "run_autograder", "grader-src/pyproject.toml",
                "catalog/prefetch-basics/exercise.yaml"} <= set(names)
        assert not [n for n in names if "solutions" in n]
        opened.extractall(root / "source")
    run = root / "source" / "run_autograder"
    run.chmod(run.stat().st_mode | stat.S_IXUSR)
    assert subprocess.run(["bash", "-n", str(root / "source" / "setup.sh")]).returncode == 0
    (root / "venv" / "bin").mkdir(parents=True)  # setup.sh's venv: here, the one running the tests
    (root / "venv" / "bin" / "grader").symlink_to(Path(sys.executable).parent / "grader")
    (root / "submission").mkdir()
    (root / "submission" / "exercise.py").write_text((SOLUTIONS / "prefetch-basics.py").read_text())
    done = subprocess.run(["bash", str(run)], env={**os.environ, "AUTOGRADER": str(root)}, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 10 and all(t["status"] == "passed" for t in results["tests"])


def test_the_zip_source_builds_a_wheel_of_one_exercise(tmp_path):
    """What setup.sh's pip install builds from grader-src (built here without network)."""
    archive = tmp_path / "autograder.zip"
    assert run_cli("export", "gradescope", "batch-then-prefetch", "--output", str(archive)).returncode == 0
    zipfile.ZipFile(archive).extractall(tmp_path / "source")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path / "dist"), str(tmp_path / "source" / "grader-src")], check=True, timeout=300,
                   capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("grader-*.whl")
    catalog = {n.split("/")[2] for n in zipfile.ZipFile(wheel).namelist() if n.startswith("grader/_exercises/")}
    assert catalog == {"batch-then-prefetch"}
