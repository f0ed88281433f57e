"""grader export gradescope: the zip's run_autograder grades a submission into results.json."""

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT, SOLUTIONS, run_cli

pytestmark = pytest.mark.slow


def _autograder(tmp_path: Path, exercise_id: str) -> Path:
    """The exported zip unpacked as Gradescope lays it out, with setup.sh's venv being this one."""
    archive = tmp_path / "autograder.zip"
    assert run_cli("export", "gradescope", exercise_id, "--output", str(archive)).returncode == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert {"setup.sh", "run_autograder", "grader-src/pyproject.toml",
                f"catalog/{exercise_id}/exercise.yaml"} <= set(names)
        assert not [n for n in names if "solutions" in n]
        opened.extractall(root / "source")
    run = root / "source" / "run_autograder"
    run.chmod(run.stat().st_mode | stat.S_IXUSR)
    assert subprocess.run(["bash", "-n", str(root / "source" / "setup.sh")]).returncode == 0
    (root / "venv" / "bin").mkdir(parents=True)
    for command in ("grader", "python"):
        (root / "venv" / "bin" / command).symlink_to(Path(sys.executable).parent / command)
    return root


def _run_autograder(root: Path, files: dict[str, str], links: dict[str, Path] | None = None) -> dict:
    """A fresh submission folder holding ``files`` (and ``links``: name -> target), graded by
    run_autograder; its results.json."""
    shutil.rmtree(root / "submission", ignore_errors=True)
    (root / "submission").mkdir(parents=True)
    for name, text in files.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_text(text)
    for name, target in (links or {}).items():
        (root / "submission" / name).symlink_to(target)
    env = {**os.environ, "AUTOGRADER": str(root), "PYTHONPATH": str(ROOT)}  # the grader under test, not an install's
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_autograder_zip_runs_like_gradescope(tmp_path):
    root = _autograder(tmp_path, "prefetch-basics")
    right = (SOLUTIONS / "prefetch-basics.py").read_text()
    # exercise.py is graded, not the file ls would list first
    results = _run_autograder(root, {"exercise.py": right, "a_scratch.py": "x = 1\n"})
    assert results["score"] == 10 and all(t["status"] == "passed" for t in results["tests"])


def test_autograder_never_grades_a_link(tmp_path):
    root = _autograder(tmp_path, "prefetch-basics")
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(SOLUTIONS / "prefetch-basics.py", tmp_path / "elsewhere" / "exercise.py")
    links = {"exercise.py": SOLUTIONS / "prefetch-basics.py", "work": tmp_path / "elsewhere"}
    only_links = _run_autograder(root, {}, links)
    assert only_links == {"score": 0, "output": "No .py or .ipynb file found in the submission."}
    wrong = "def add_prefetch(ds):\n    return ds\n"
    results = _run_autograder(root, {"mine.py": wrong}, links)  # the learner's own file, not the link
    assert results["score"] < 10 and not all(t["status"] == "passed" for t in results["tests"])


def test_autograder_zip_grades_a_notebook(tmp_path):
    root = _autograder(tmp_path, "prefetch-basics")
    right = (SOLUTIONS / "prefetch-basics.py").read_text()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("%load_ext autoreload\n" + right)])
    wrong = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def add_prefetch(ds):\n    return ds\n")])
    results = _run_autograder(root, {"work.ipynb": nbformat.writes(notebook),
                                     ".ipynb_checkpoints/work-checkpoint.ipynb": nbformat.writes(wrong)})
    assert results["score"] == 10 and all(t["status"] == "passed" for t in results["tests"]), results
    assert "cell 1, line 1: %load_ext autoreload (a magic)" in results["output"]
    unreadable = _run_autograder(root, {"exercise.ipynb": "{not json"})
    assert unreadable["score"] == 0 and "not a readable Jupyter notebook" in unreadable["output"]


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


@pytest.mark.parametrize("where", ["folder", "missing/zip"])
def test_export_to_a_path_it_cannot_write_is_a_usage_error(tmp_path, where):
    (tmp_path / "folder").mkdir()
    done = run_cli("export", "gradescope", "prefetch-basics", "--output", str(tmp_path / where))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "cannot write" in done.stderr
