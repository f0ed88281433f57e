"""The quiz: answers files graded as data (no child process), keys verified by running their code."""

import csv
import json
import shutil
import subprocess
import sys

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
    assert by_id(report)["q4"].message.startswith("A is right. The code runs as it is")


def quiz_catalog(tmp_path, monkeypatch, **settings):
    """A private copy of the quiz with its reveal settings changed."""
    folder = tmp_path / "catalog" / "prefetch-quiz"
    shutil.copytree(exercises_root() / "prefetch-quiz", folder)
    spec = yaml.safe_load((folder / "exercise.yaml").read_text())
    (folder / "exercise.yaml").write_text(yaml.safe_dump({**spec, **settings}))
    monkeypatch.setenv("GRADER_EXERCISES", str(tmp_path / "catalog"))


def test_wrong_and_missing_answers_score_zero_without_giving_the_key_away(tmp_path):
    report = submit(answers(tmp_path, {**{n: a for n, a in KEY.items() if n != 3}, 4: "D", 2: "a"}))
    checks = by_id(report)
    assert report.status == "graded" and not report.passed and report.score == 8
    assert checks["q4"].message.startswith("You answered D (Error because prefetch must come after batch")
    assert checks["q3"].message.startswith("No answer: this question scores 0.")
    assert checks["q2"].passed  # letters in either case
    for check in (checks["q3"], checks["q4"]):
        assert "The answer is" not in check.message and "key is not shown" in check.message
        assert check.hint is None  # the common mistakes name the wrong options: they would leak the key


def test_an_empty_answers_file_gets_no_key_back():
    report = submit(exercises_root() / "prefetch-quiz" / "answers.yaml")
    assert report.status == "graded" and report.score == 0
    text = " ".join(c.message + (c.hint or "") for c in report.checks)
    assert "The answer is" not in text and "Common mistakes" not in text
    for number, letter in KEY.items():  # neither the key's letter nor its option's text
        option = next(c for c in report.checks if c.id == f"q{number}")
        assert f" {letter} " not in option.message and f"({letter}" not in option.message


def test_reveal_always_shows_key_explanation_and_mistakes(tmp_path, monkeypatch):
    quiz_catalog(tmp_path, monkeypatch, reveal="always")
    report = submit(answers(tmp_path, {4: "D"}))
    q4 = by_id(report)["q4"]
    assert "The answer is A (No error; code runs fine as is)." in q4.message
    assert "Common mistakes: Believing a slow order is an error" in q4.message
    assert by_id(report)["q1"].message.startswith("No answer: this question scores 0. The answer is B")


@pytest.mark.parametrize("due, shown", [("2000-01-01T00:00:00Z", True), ("2999-01-01T00:00:00", False)])
def test_reveal_after_due_follows_the_due_date(tmp_path, monkeypatch, due, shown):
    quiz_catalog(tmp_path, monkeypatch, reveal="after_due", due=due)
    report = submit(answers(tmp_path, {4: "D"}))
    assert ("The answer is A" in by_id(report)["q4"].message) is shown


def test_after_due_without_a_due_date_is_a_spec_error(tmp_path, monkeypatch):
    from grader.errors import SpecError

    quiz_catalog(tmp_path, monkeypatch, reveal="after_due")
    with pytest.raises(SpecError, match="reveal: after_due needs due"):
        submit(answers(tmp_path, KEY))


def test_an_unknown_letter_fails_only_its_question(tmp_path):
    report = submit(answers(tmp_path, {**KEY, 1: "E", 2: "AB"}))
    checks = by_id(report)
    assert report.status == "graded" and report.score == 8
    assert checks["q1"].message.startswith("'E' is not one of A, B, C, D: this question scores 0.")
    assert not checks["q2"].passed and "'AB' is not one of A, B, C, D" in checks["q2"].message
    assert all(checks[f"q{n}"].passed for n in range(3, 11))


def test_q_prefixed_keys_are_accepted(tmp_path):
    report = submit(answers(tmp_path, {f"q{n}": a for n, a in KEY.items()}))
    assert report.passed


@pytest.mark.parametrize("mapping, says", [
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


def _bomb(levels: int) -> str:
    """A "billion laughs" answers file: ``levels`` levels of ten aliases each, 10**levels items."""
    lines = ["exercise: prefetch-quiz", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, levels)]
    return "\n".join(lines + [f"answers: {{1: *a{levels - 1}, 2: A}}"]) + "\n"


def test_yaml_aliases_are_refused_before_anything_expands(tmp_path):
    (tmp_path / "answers.yaml").write_text(_bomb(5))
    report = submit(tmp_path / "answers.yaml")
    assert report.status == "error" and report.error.kind == "syntax" and report.score == 0
    assert report.error.message == ("answers.yaml: line 2: YAML anchors and aliases (&, *) are not accepted in an "
                                    "answers file; write each answer out")


def test_a_billion_laughs_answers_file_is_one_error_line_not_a_dead_grader(tmp_path):
    """The red team's file (10**9 items once expanded), graded by the real command under a memory cap."""
    (tmp_path / "answers.yaml").write_text(_bomb(9))
    capped = "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); " \
             "sys.argv = ['grader', *sys.argv[1:]]; runpy.run_module('grader', run_name='__main__')"
    done = subprocess.run([sys.executable, "-c", capped, "submit", str(tmp_path / "answers.yaml"), "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr[-2000:]
    assert json.loads(done.stdout)["error"]["kind"] == "syntax" and "Traceback" not in done.stderr


@pytest.mark.parametrize("text, says", [
    ("answers:\n  1: [B, C]\n", "answers.yaml: the answer to question 1 is a list; write one letter, e.g. B"),
    ("answers:\n  1: {B: C}\n", "answers.yaml: the answer to question 1 is a dict; write one letter, e.g. B"),
    ("answers: " + "[" * 3000 + "]" * 3000 + "\n", "answers.yaml: not valid YAML (nested too deeply)"),
    ("answers:\n  1: B\n" + "# padding\n" * 7000, "answers.yaml is larger than 64 KiB; an answers file is a few "
                                                 "lines (answers: {1: B, 2: A})"),
])
def test_answers_must_be_small_and_scalar(tmp_path, text, says):
    (tmp_path / "answers.yaml").write_text(text)
    report = submit(tmp_path / "answers.yaml", "prefetch-quiz")
    assert report.status == "error" and report.error.kind == "syntax" and report.error.message == says


@pytest.mark.parametrize("text, says", [
    # the red team's file: "²" passes str.isdigit(), and int("²") raised a ValueError (a traceback, no report)
    ('answers:\n  "²": B\n  1: B\n', "answers.yaml: there is no question '²'; the questions are 1, 2, 3"),
    ("answers:\n  q①: B\n", "answers.yaml: there is no question 'q①'; the questions are 1, 2, 3"),
    ("answers:\n  ? q" + "1" * 5000 + "\n  : B\n", "answers.yaml: there is no question 'q111111111111111111111111111111"
                                            "1111...'; the questions are 1, 2, 3"),
    # values yaml's constructors raise on (ValueError, KeyError, AttributeError), keys and answers alike
    ("answers:\n  1: 2020-13-45\n", "answers.yaml, line 2: not valid YAML ('2020-13-45' is not a valid timestamp: "
                                    "month must be in 1..12)"),
    ("answers:\n  2020-02-30: B\n", "answers.yaml, line 2: not valid YAML ('2020-02-30' is not a valid timestamp: "
                                    "day is out of range for month)"),
    ("answers:\n  1: !!int abc\n", "answers.yaml, line 2: not valid YAML ('abc' is not a valid int: invalid "
                                   "literal for int() with base 10: 'abc')"),
    ("answers:\n  1: !!bool x\n", "answers.yaml, line 2: not valid YAML ('x' is not a valid bool)"),
    ("answers:\n  1: !!timestamp x\n", "answers.yaml, line 2: not valid YAML ('x' is not a valid timestamp)"),
    ("answers:\n  1: " + "1" * 5000 + "\n", "answers.yaml, line 2: not valid YAML ('111111111111111111111111111"
                                            "11111111...' is not a valid int: Exceeds the limit (4300 digits) for "
                                            "integer string conversion: value has 5000 digits)"),
], ids=["superscript-key", "circled-key", "5000-digit-key", "bad-date-value", "bad-date-key", "int-tag", "bool-tag",
        "timestamp-tag", "5000-digit-value"])
def test_a_malformed_key_or_value_is_a_clear_error_not_a_traceback(tmp_path, text, says):
    (tmp_path / "answers.yaml").write_text(text, encoding="utf-8")
    report = submit(tmp_path / "answers.yaml", "prefetch-quiz")
    assert report.status == "error" and report.error.kind == "syntax" and report.score == 0
    assert report.error.message.startswith(says), report.error.message


def test_the_superscript_key_file_is_one_report_from_the_command_line(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text('exercise: prefetch-quiz\nanswers:\n  "²": B\n  1: B\n', encoding="utf-8")
    done = run_cli("submit", str(path), "--format", "json")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["status"] == "error" and report["error"]["kind"] == "syntax"
    assert report["error"]["message"].startswith("answers.yaml: there is no question '²'")


def test_grade_all_gives_a_malformed_answers_file_its_own_row(tmp_path):
    """One learner's bad file is that learner's row: the rest of the class is still graded into the CSV."""
    from grader.gradebook import grade_all

    folder = tmp_path / "class"
    for learner, text in {"ann": yaml.safe_dump({"answers": KEY}), "ben": 'answers:\n  "²": B\n  1: B\n',
                          "cat": "answers:\n  1: 2020-13-45\n"}.items():
        (folder / learner).mkdir(parents=True)
        (folder / learner / "answers.yaml").write_text(text, encoding="utf-8")
    book_path = tmp_path / "grades.csv"
    done = run_cli("grade-all", str(folder), "--exercise", "prefetch-quiz", "--csv", str(book_path))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    with book_path.open(newline="", encoding="utf-8") as handle:
        rows = {row["learner"]: (row["score"], row["status"], row["error_kind"]) for row in csv.DictReader(handle)}
    assert rows == {"ann": ("10", "graded", ""), "ben": ("0", "error", "syntax"), "cat": ("0", "error", "syntax")}
    book = grade_all(folder, "prefetch-quiz")
    assert book.reports["ben"].error.message.startswith("answers.yaml: there is no question '²'")
