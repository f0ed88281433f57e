"""The command line as a learner and a CI job use it: exit codes 0/1/2, formats, start, device."""

import json

import pytest

from tests.conftest import SOLUTIONS, run_cli

pytestmark = pytest.mark.slow


def test_right_file_exits_0_and_prints_the_checks_by_id_and_title():
    result = run_cli("submit", str(SOLUTIONS / "prefetch-basics.py"), env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    assert "prefetch-basics: PASSED  score 10/10" in result.stdout
    assert "range5-output: range(5) through your pipeline gives 0 1 2 3 4" in " ".join(result.stdout.split())
    assert "\x1b[" not in result.stdout and max(map(len, result.stdout.splitlines())) <= 80


def test_timeline_writes_the_svg_and_prints_the_report_once(tmp_path):
    picture = tmp_path / "t.svg"
    result = run_cli("submit", str(SOLUTIONS / "overlap-slow-pipeline.py"), "--timeline", str(picture))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("overlap-slow-pipeline: PASSED") == 1
    assert picture.read_text().startswith("<svg") and "<rect" in picture.read_text()


def test_start_then_submit_the_starter_exits_1_and_json_is_schema_v1(tmp_path):
    assert run_cli("start", "batch-then-prefetch", str(tmp_path)).returncode == 0
    again = run_cli("start", "batch-then-prefetch", str(tmp_path))
    assert again.returncode == 2 and "already exists" in again.stderr
    out = tmp_path / "report.json"
    result = run_cli("submit", str(tmp_path / "exercise.py"), "--format", "json", "--output", str(out),
                     "--device", "cpu")
    assert result.returncode == 1
    assert "NOT PASSED" in result.stdout  # the text summary still goes to stdout
    assert '"schema_version"' not in result.stdout  # and only the summary: the JSON went to its file
    report = json.loads(out.read_text())
    assert report["schema_version"] == 1 and report["exercise"] == "batch-then-prefetch"
    assert report["status"] == "graded" and report["passed"] is False and report["device"] == "CPU"
    assert set(report) >= {"submission", "score", "max_score", "duration_s", "isolation", "checks", "error"}
    assert {c["kind"] for c in report["checks"]} == {"equivalence", "property", "stage-order", "autotune"}


def test_json_to_stdout_is_only_json():
    result = run_cli("submit", str(SOLUTIONS / "batch-then-prefetch.py"), "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["passed"] is True


@pytest.mark.parametrize("args, says", [
    (["submit", "no-such-file.py"], "error: no such file: no-such-file.py"),
    (["submit", "SOLUTION", "--exercise", "nope"], "error: unknown exercise 'nope'"),
    (["show", "nope"], "error: unknown exercise 'nope'"),
    (["submit", "SOLUTION", "--timeout", "-1"], "error: --timeout must be a positive number"),
])
def test_usage_errors_exit_2_with_one_line(args, says):
    args = [str(SOLUTIONS / "prefetch-basics.py") if a == "SOLUTION" else a for a in args]
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(says) and "Traceback" not in result.stderr


def test_untagged_file_needs_exercise(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("def add_prefetch(ds):\n    return ds\n")
    result = run_cli("submit", str(path))
    assert result.returncode == 2 and "pass --exercise ID" in result.stderr


def test_gpu_without_gpu_exits_2():
    """This machine has no GPU (CI neither); on a GPU machine the grading runs there instead."""
    result = run_cli("submit", str(SOLUTIONS / "prefetch-basics.py"), "--device", "gpu")
    if result.returncode == 0:
        assert "GPU" in result.stdout
    else:
        assert result.returncode == 2 and "TensorFlow sees no GPU" in result.stderr


def test_show_prints_prompt_signature_and_checks():
    result = run_cli("show", "batch-then-prefetch")
    assert result.returncode == 0
    assert "batch_and_prefetch(ds: tf.data.Dataset, batch_size: int)" in result.stdout
    assert "batch comes before prefetch" in result.stdout
