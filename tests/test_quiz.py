"""The quiz: answers files graded as data (no child process), keys verified by running their code."""

import shutil

import pytest
import yaml

from grader import submit
from grader.catalog import exercises_root
from grader.validate import validate
from tests.conftest import SOLUTIONS, by_id, run_cli

KEY = {1: "B", 2: "A", 3: "A", 4: "A", 5: "C", 6: "A", 7: "B", 8: "A", 9: "C", 10: "A"}


def answers(tmp_path, mapping, name="answers.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"exercise": "prefetch-quiz", "answers": mapping}))
    return path


def test_right_answers_pass_and_show_explanations():
    report = submit(SOLUTIONS / "prefetch-quiz.yaml")
    assert report.passed and report.score == 10 and report.isolation.tier == "no code run"
    assert by_id(report)["q4"].message.startswith("A is right. The code runs")


def test_wrong_and_missing_answers_score_zero_with_the_right_answer_shown(tmp_path):
    report = submit(answers(tmp_path, {**{n: a for n, a in KEY.items() if n != 3}, 4: "D", 2: "a"}))
    checks = by_id(report)
    assert report.status == "graded" and not report.passed and report.score == 8
    assert checks["q4"].message.startswith("You answered D; the answer is A (No error; code runs fine as is)")
    assert checks["q3"].message.startswith("No answer. The answer is A")
    assert checks["q2"].passed  # letters in either case
    assert checks["q4"].hint.startswith("Common mistakes: Believing a slow order is an error")


def test_q_prefixed_keys_are_accepted(tmp_path):
    report = submit(answers(tmp_path, {f"q{n}": a for n, a in KEY.items()}))
    assert report.passed


@pytest.mark.parametrize("mapping, says", [
    ({1: "E"}, "question 1: 'E' is not one of A, B, C, D"),
    ({11: "A"}, "there is no question 11; the questions are 1, 2, 3"),
    ("B", "needs a mapping 'answers:'"),
])
def test_bad_answers_are_a_clear_error(tmp_path, mapping, says):
    report = submit(answers(tmp_path, mapping))
    assert report.status == "error" and report.error.kind == "syntax" and says in report.error.message


def test_cli_exit_codes_for_answers(tmp_path):
    assert run_cli("submit", str(SOLUTIONS / "prefetch-quiz.yaml")).returncode == 0
    assert run_cli("submit", str(answers(tmp_path, {1: "B"}))).returncode == 1
    started = run_cli("start", "prefetch-quiz", str(tmp_path / "mine"))
    assert started.returncode == 0 and (tmp_path / "mine" / "answers.yaml").is_file()


@pytest.mark.slow
def test_a_wrong_key_fails_validate(tmp_path, monkeypatch):
    folder = tmp_path / "exercises" / "prefetch-quiz"
    shutil.copytree(exercises_root() / "prefetch-quiz", folder)
    (tmp_path / "solutions").mkdir()
    spec = yaml.safe_load((folder / "exercise.yaml").read_text())
    spec["checks"][9]["answer"] = "B"  # q10: the code prints [4, 4, 2], which is A
    (folder / "exercise.yaml").write_text(yaml.safe_dump(spec))
    wrong = {**KEY, 10: "B"}
    answers(tmp_path / "solutions", wrong, name="prefetch-quiz.yaml")
    monkeypatch.setenv("GRADER_EXERCISES", str(tmp_path / "exercises"))
    findings = {f.subject: f for f in validate(["prefetch-quiz"])}
    assert findings["solution"].ok  # the solution agrees with the (wrong) key...
    assert not findings["key q10"].ok  # ...but the code does not
    assert "key B, but the code agrees with A (printed '[4, 4, 2]\\n')" in findings["key q10"].detail
    assert findings["key q4"].ok
