"""ruff (configured in pyproject.toml) passes on the package and the tests."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _ruff() -> list[str]:
    beside = Path(sys.executable).parent / "ruff"  # the test extra installs it into the venv
    found = str(beside) if beside.exists() else shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    return [found]


def test_ruff_check_passes():
    result = subprocess.run([*_ruff(), "check", "grader", "tests"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes_on_the_package():
    """mypy, configured in pyproject.toml ([tool.mypy]: files = grader, lenient, per-module known debt)."""
    beside = Path(sys.executable).parent / "mypy"
    found = str(beside) if beside.exists() else shutil.which("mypy")
    if found is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    result = subprocess.run([found], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
