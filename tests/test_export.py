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
