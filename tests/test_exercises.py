"""Every exercise of the catalog: its reference solution scores full marks, its starter does not pass."""

import pytest

from grader import list_exercises, start, submit
from tests.conftest import SOLUTIONS

IDS = [exercise.id for exercise in list_exercises()]
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("exercise_id", IDS)
def test_solution_scores_full_marks(exercise_id):
    report = submit(SOLUTIONS / f"{exercise_id}.py")
    failed = [(c.id, c.message) for c in report.checks if not c.passed]
    assert report.status == "graded" and report.passed and not failed, failed
    assert report.score == report.max_score


@pytest.mark.parametrize("exercise_id", IDS)
def test_starter_does_not_pass(exercise_id, tmp_path):
    starter = start(exercise_id, tmp_path)
    report = submit(starter)  # found by the tag `start` wrote
    assert report.exercise == exercise_id
    assert report.status == "graded" and not report.passed and report.score < report.max_score
