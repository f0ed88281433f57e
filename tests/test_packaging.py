"""The installed package: a wheel carries the catalog, never the reference solutions or mutants."""

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_wheel_ships_exercises_but_not_solutions(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, timeout=300, capture_output=True)
    (wheel,) = tmp_path.glob("grader-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "grader/_exercises/prefetch-basics/exercise.yaml" in names
    assert "grader/_exercises/prefetch-quiz/exercise.yaml" in names
    assert not [n for n in names if "solution" in n or "mutant" in n], [n for n in names if "solution" in n]
    assert "grader/cli.py" in names
