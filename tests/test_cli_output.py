"""What the light commands print: help, --version, list (lesson order, broken specs, 80 columns),
show (hidden titles), report (a saved JSON report in any format), submit's usage errors, new."""

from __future__ import annotations

import json
import shutil
import sys

import pytest
import typer
from junitparser import JUnitXml
from typer.testing import CliRunner

from grader.catalog import exercises_root
from grader.cli import app
from grader.report import render
from tests.test_formats import report as sample_report

LESSON = ["prefetch-basics", "batch-then-prefetch", "shuffle-batch-map-prefetch", "iris-input-pipeline",
          "train-with-prefetch", "overlap-slow-pipeline", "prefetch-quiz"]


@pytest.fixture(autouse=True)
def own_environment(monkeypatch):
    """--exercises sets GRADER_EXERCISES in this process: undo it after each test."""
    monkeypatch.setenv("GRADER_EXERCISES", "unset")
    monkeypatch.delenv("GRADER_EXERCISES")


def invoke(*args: str, columns: int = 80, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns), **(env or {})})


def _commands(group: typer.Typer, prefix: tuple[str, ...] = ()):
    yield prefix
    for command in group.registered_commands:
        yield (*prefix, command.name or command.callback.__name__)
    for sub in group.registered_groups:
        yield from _commands(sub.typer_instance, (*prefix, sub.name))


@pytest.mark.parametrize("command", list(_commands(app)), ids=" ".join)
def test_every_help_reads_plainly_at_80_columns(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output and "[[" not in result.output and "]]" not in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines()), result.output


def test_scheduler_help_keeps_the_extra_name():
    assert "grader[distributed]" in invoke("grade-all", "--help").output


def test_version():
    from grader import __version__

    result = invoke("--version")
    assert result.exit_code == 0 and result.output == f"grader {__version__}\n"


def test_list_is_in_lesson_order_and_never_cuts_an_id():
    result = invoke("list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines), result.output
    rows = [next(i for i, line in enumerate(lines) if line.split() and line.split()[0] == e) for e in LESSON]
    assert rows == sorted(rows), result.output  # each id whole, at the start of its row, in lesson order


def test_one_broken_spec_is_listed_and_the_others_still_work(tmp_path):
    for name in ("prefetch-basics", "batch-then-prefetch"):
        shutil.copytree(exercises_root() / name, tmp_path / name)
    spec = tmp_path / "batch-then-prefetch" / "exercise.yaml"
    spec.write_text(spec.read_text().replace("difficulty: easy", "difficulty: trivial"))
    result = CliRunner().invoke(app, ["--exercises", str(tmp_path), "list"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "prefetch-basics" in result.stdout and "batch-then-prefetch" in result.stdout
    assert "BROKEN" in result.stdout
    assert f"{spec}" in result.stderr and "difficulty" in result.stderr and "line " in result.stderr
    assert CliRunner().invoke(app, ["--exercises", str(tmp_path), "show", "prefetch-basics"]).exit_code == 0
    shown = CliRunner().invoke(app, ["--exercises", str(tmp_path), "show", "batch-then-prefetch"])
    assert shown.exit_code == 2 and "difficulty" in shown.output


def test_show_hides_the_titles_of_hidden_checks(tmp_path):
    shutil.copytree(exercises_root() / "prefetch-basics", tmp_path / "prefetch-basics")
    spec = tmp_path / "prefetch-basics" / "exercise.yaml"
    text = spec.read_text()
    secret = "any generated dataset (0-64 elements, any structure and dtype) comes through unchanged"
    assert secret in text
    spec.write_text(text.replace(f"title: {secret}", f"title: {secret}\n    visibility: hidden"))
    result = CliRunner().invoke(app, ["--exercises", str(tmp_path), "show", "prefetch-basics"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "(hidden check)" in result.output and "any generated dataset" not in result.output
    assert "prefetch is the last stage" in result.output  # visible titles stay


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(render(sample_report(), "json", show_hidden=True))
    return path


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "gradescope", "classroom", "markdown"])
def test_report_renders_a_saved_report_like_submit(saved, fmt):
    result = invoke("report", str(saved), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout == render(sample_report(), fmt, width=80)


def test_report_to_a_file_and_the_step_summary(saved, tmp_path):
    summary = tmp_path / "summary.md"
    junit = tmp_path / "junit.xml"
    result = invoke("report", str(saved), "--format", "junit", "--output", str(junit),
                    env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0 and result.stdout == f"wrote {junit} (junit)\n"
    (suite,) = JUnitXml.fromfile(str(junit))
    assert len(list(suite)) == 3 and not summary.exists()
    result = invoke("report", str(saved), "--format", "markdown", "--output", str(tmp_path / "r.md"),
                    env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text() == (tmp_path / "r.md").read_text() == render(sample_report(), "markdown")


@pytest.mark.parametrize("content, says", [
    ("{not json", "is not a grader JSON report"),
    (json.dumps({"schema_version": 1, "exercise": "x"}), "is not a grader JSON report: submission: Field required"),
    (None, "cannot read"),
])
def test_report_refuses_a_bad_file_with_one_line(tmp_path, content, says):
    path = tmp_path / "r.json"
    if content is not None:
        path.write_text(content)
    result = invoke("report", str(path))
    assert result.exit_code == 2
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_timeline_without_a_throughput_check_is_a_usage_error(tmp_path):
    from tests.conftest import SOLUTIONS

    picture = tmp_path / "t.svg"
    result = invoke("submit", str(SOLUTIONS / "prefetch-basics.py"), "--timeline", str(picture))
    assert result.exit_code == 2 and "has no throughput check" in result.stderr
    assert not picture.exists()


def test_a_tag_that_disagrees_with_exercise_is_a_usage_error_in_submit_only(tmp_path):
    """submit: the learner's tag may not choose another exercise than --exercise, nor be silently
    overruled. grade-all grades the class as the instructor's exercise, whatever a file says."""
    from tests.conftest import SOLUTIONS, run_cli

    (tmp_path / "class").mkdir()
    answers = tmp_path / "class" / "ann.yaml"
    answers.write_text((SOLUTIONS / "prefetch-quiz.yaml").read_text().replace("prefetch-quiz", "prefetch-basics"))
    result = run_cli("submit", str(answers), "--exercise", "prefetch-quiz")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"error: {answers} is tagged for prefetch-basics but --exercise is prefetch-quiz: fix or "
                             "remove its 'exercise:' line, or submit the file written for prefetch-quiz\n")
    assert run_cli("submit", str(SOLUTIONS / "prefetch-quiz.yaml"), "--exercise", "prefetch-quiz").returncode == 0
    graded = run_cli("grade-all", str(tmp_path / "class"), "--exercise", "prefetch-quiz", "--csv",
                     str(tmp_path / "book.csv"))
    assert graded.returncode == 0 and ",prefetch-quiz,10,10,true,graded," in (tmp_path / "book.csv").read_text()


def test_new_writes_under_dir_and_validate_can_find_it(tmp_path):
    result = invoke("new", "cache-then-prefetch", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exercises" / "cache-then-prefetch" / "exercise.yaml").is_file()
    assert (tmp_path / "solutions" / "cache-then-prefetch.py").is_file()
    assert (tmp_path / "solutions" / "mutants" / "cache-then-prefetch" / "fixed-buffer.py").is_file()
    assert f"grader --exercises {tmp_path / 'exercises'} validate cache-then-prefetch" in result.output
    listed = invoke("--exercises", str(tmp_path / "exercises"), "list")
    assert listed.exit_code == 0 and "cache-then-prefetch" in listed.stdout
    again = invoke("new", "cache-then-prefetch", "--dir", str(tmp_path))
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_new_defaults_to_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke("new", "my-exercise").exit_code == 0
    assert (tmp_path / "exercises" / "my-exercise" / "starter.py").is_file()


@pytest.mark.parametrize("where", ["package", "site-packages"])
def test_new_never_writes_inside_the_installed_grader(where):
    import sysconfig

    import grader

    target = grader.__file__.rsplit("/", 1)[0] if where == "package" else sysconfig.get_paths()["purelib"]
    result = invoke("new", "never-here", "--dir", target)
    assert result.exit_code == 2 and "inside the installed grader" in result.stderr
    assert not list(__import__("pathlib").Path(target).glob("exercises/never-here"))


def test_module_entry_point_is_the_cli():
    import subprocess

    done = subprocess.run([sys.executable, "-m", "grader", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("grader ")
