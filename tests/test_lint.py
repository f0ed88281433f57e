"""ruff and mypy (configured in pyproject.toml) pass on the package and the tests."""

import shutil
import subprocess
import sys
import tomllib
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


# The modules whose type errors are still switched off, being rewritten; this list may only shrink.
KNOWN_DEBT: set[str] = set()  # none left: keep it that way


def test_mypy_debt_only_shrinks():
    """No module gains a per-module override that switches error codes off: fix the types instead."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    overrides = config["tool"]["mypy"].get("overrides", [])
    switched_off = {module for o in overrides if o.get("disable_error_code") or o.get("ignore_errors")
                    for module in ([o["module"]] if isinstance(o["module"], str) else o["module"])}
    assert switched_off <= KNOWN_DEBT, f"new mypy debt in {sorted(switched_off - KNOWN_DEBT)}"
