"""The whole catalog, as `grader validate` sees it: solutions full marks, starters scoring 0,
every mutant (a known-wrong submission) caught by the checks it names, central mistakes losing
at least half the points."""

import shutil

import pytest

from grader import list_exercises
from grader.catalog import exercises_root, solutions_root
from grader.validate import validate
from tests.conftest import SOLUTIONS, run_cli

pytestmark = pytest.mark.slow


def test_every_exercise_validates():
    findings = validate()
    problems = [f for f in findings if not f.ok]
    assert not problems, "\n".join(f"{f.exercise} {f.subject}: {f.detail}" for f in problems)
    for exercise in list_exercises():
        subjects = [f.subject for f in findings if f.exercise == exercise.id]
        assert {"spec", "solution", "starter"} <= set(subjects)
        assert sum(s.startswith("mutant") for s in subjects) >= 3, exercise.id
        starter = next(f for f in findings if f.exercise == exercise.id and f.subject == "starter")
        assert starter.detail.startswith(f"scores 0/{exercise.max_score:g}"), (exercise.id, starter.detail)
    central = [f for f in findings if f.subject.startswith("mutant") and "; scores " in f.detail]
    assert len({f.exercise for f in central}) == 6  # every code exercise has its central mistakes as mutants


@pytest.fixture
def private_catalog(tmp_path, monkeypatch):
    """A copy of prefetch-basics in a catalog of its own, with its solution and no mutants."""
    shutil.copytree(exercises_root() / "prefetch-basics", tmp_path / "exercises" / "prefetch-basics")
    (tmp_path / "solutions" / "mutants" / "prefetch-basics").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "prefetch-basics.py", tmp_path / "solutions")
    monkeypatch.setenv("GRADER_EXERCISES", str(tmp_path / "exercises"))
    assert solutions_root() == tmp_path / "solutions"
    return tmp_path


def test_validate_fails_a_solution_without_full_marks(private_catalog):
    (private_catalog / "solutions" / "prefetch-basics.py").write_text("def add_prefetch(ds):\n    return ds\n")
    result = run_cli("validate", "prefetch-basics")
    assert result.returncode == 1
    assert "scores 3/10" in result.stdout


def test_validate_fails_a_mutant_that_survives(private_catalog):
    mutant = private_catalog / "solutions" / "mutants" / "prefetch-basics" / "not-wrong.py"
    mutant.write_text("# must-fail: prefetch-autotune\nimport tensorflow as tf\n\n\n"
                      "def add_prefetch(ds):\n    return ds.prefetch(tf.data.AUTOTUNE)\n")
    findings = {f.subject: f for f in validate(["prefetch-basics"])}
    assert findings["solution"].ok and findings["starter"].ok
    assert not findings["mutant not-wrong.py"].ok
    assert "passes prefetch-autotune, which must fail on it" in findings["mutant not-wrong.py"].detail


def test_validate_lists_the_checks_a_starter_passes(private_catalog):
    starter = private_catalog / "exercises" / "prefetch-basics" / "starter.py"
    starter.write_text("def add_prefetch(ds):\n    return ds\n")  # keeps the data: passes the data checks
    findings = {f.subject: f for f in validate(["prefetch-basics"])}
    assert not findings["starter"].ok
    assert findings["starter"].detail.startswith("scores 3/10; it passes range5-output, long-input, tuple-input")
    assert findings["starter"].detail.endswith("which must fail on the untouched starter")


def test_validate_fails_a_central_mistake_that_keeps_half_the_points(private_catalog):
    mutant = private_catalog / "solutions" / "mutants" / "prefetch-basics" / "fixed-buffer.py"
    mutant.write_text("# must-fail: prefetch-autotune\n# central-mistake: a fixed buffer (not central)\n"
                      "def add_prefetch(ds):\n    return ds.prefetch(1)\n")
    findings = {f.subject: f for f in validate(["prefetch-basics"])}
    assert not findings["mutant fixed-buffer.py"].ok
    assert "scores 8/10: it must lose at least half the points" in findings["mutant fixed-buffer.py"].detail


def test_new_scaffolds_an_exercise_that_validates(private_catalog):
    result = run_cli("new", "cache-then-prefetch", cwd=private_catalog)  # writes here: ./exercises, ./solutions
    assert result.returncode == 0, result.stderr
    assert (private_catalog / "exercises" / "cache-then-prefetch" / "exercise.yaml").is_file()
    assert (private_catalog / "solutions" / "cache-then-prefetch.py").is_file()
    check = run_cli("validate", "cache-then-prefetch")
    assert check.returncode == 0, check.stdout
    assert run_cli("new", "cache-then-prefetch", cwd=private_catalog).returncode == 2
    assert "lower-case words" in run_cli("new", "Bad_Id", cwd=private_catalog).stderr
