"""Shared helpers: write a learner file, grade it for real (child process), run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@pytest.fixture
def learner_file(tmp_path):
    """Write learner code (dedented) to ``exercise.py``, tagged with an exercise id if given."""

    def write(code: str, exercise: str | None = None, name: str = "exercise.py") -> Path:
        path = tmp_path / name
        tag = f"# exercise: {exercise}\n" if exercise else ""
        path.write_text(tag + textwrap.dedent(code), encoding="utf-8")
        return path

    return write


@pytest.fixture
def add_prefetch_exercise(tmp_path, monkeypatch):
    """Make a private catalog (``GRADER_EXERCISES``) of one ``add_prefetch(ds)`` exercise, ``ID``,
    with the checks given as YAML list items; returns its id."""

    def write(exercise_id: str, checks_yaml: str) -> str:
        folder = tmp_path / "exercises" / exercise_id
        folder.mkdir(parents=True)
        (folder / "exercise.yaml").write_text(
            f"id: {exercise_id}\ntitle: {exercise_id}\ndifficulty: easy\nkind: pipeline\n"
            "entry_point:\n  name: add_prefetch\n  params: [ds]\n"
            '  signature: "add_prefetch(ds: tf.data.Dataset) -> tf.data.Dataset"\n'
            "example:\n  input: tf.data.Dataset.range(5)\nchecks:\n" + textwrap.dedent(checks_yaml))
        (folder / "prompt.md").write_text("Return the dataset you are given, prefetched.\n")
        (folder / "starter.py").write_text("def add_prefetch(ds):\n    return ds\n")
        monkeypatch.setenv("GRADER_EXERCISES", str(tmp_path / "exercises"))
        return exercise_id

    return write


@pytest.fixture
def grade(learner_file):
    """Grade learner code for the given exercise with grader.submit; returns the Report."""
    from grader import submit

    def run(code: str, exercise: str, **options):
        return submit(learner_file(code), exercise, **options)

    return run


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``grader ARGS`` as a real command, with its exit code and output."""
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=300)


def by_id(report) -> dict:
    """The report's check results, by check id."""
    return {check.id: check for check in report.checks}
