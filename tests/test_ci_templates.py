"""The example CI workflows in docs/: valid YAML, calling grader commands and options that exist,
grading once and rendering the other reports from that run, with the grader pinned; the GitHub
workflow's own commands run here (the grading step for real in the slow test).

What cannot run here: the GitHub/GitLab runners themselves, action-junit-report, the sysctl (it
needs the runner's sudo), and the pip install from the course's URL."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from junitparser import JUnitXml
from typer.testing import CliRunner

from grader.cli import app
from grader.report import render
from tests.conftest import SOLUTIONS
from tests.test_formats import report as sample_report

DOCS = Path(__file__).resolve().parents[1] / "docs"
WORKFLOWS = ["github-actions.yml", "gitlab-ci.yml"]


def _scripts(node):
    """Every shell line of the workflow, in order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script") or isinstance(value, (dict, list)):
                yield from _scripts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _scripts(value)
    elif isinstance(node, str):
        yield from node.splitlines()


def _grader_calls(workflow) -> list[list[str]]:
    calls = []
    for line in _scripts(workflow):
        for command in re.split(r";|\|\||&&", line.split("#")[0]):
            words = shlex.split(command)
            if words[:1] == ["grader"]:
                calls.append(words[1:])
    return calls


def _load(name: str):
    return yaml.safe_load((DOCS / name).read_text())


@pytest.mark.parametrize("name", WORKFLOWS)
def test_workflow_is_yaml_calling_real_commands(name):
    calls = _grader_calls(_load(name))
    assert calls, "the workflow never runs grader"
    for args in calls:
        result = CliRunner().invoke(app, [args[0], "--help"])
        assert result.exit_code == 0, (args, result.output)
        for option in [a.split("=")[0] for a in args if a.startswith("--")]:
            assert option in result.output, (option, args)


@pytest.mark.parametrize("name", WORKFLOWS)
def test_workflow_grades_once_and_renders_the_rest(name):
    calls = _grader_calls(_load(name))
    submits = [c for c in calls if c[0] == "submit"]
    assert len(submits) == 1 and submits[0][submits[0].index("--format") + 1] == "json"
    saved = submits[0][submits[0].index("--output") + 1]
    reports = [c for c in calls if c[0] == "report"]
    assert reports and all(c[1] == saved for c in reports)
    assert "junit" in {c[c.index("--format") + 1] for c in reports}


@pytest.mark.parametrize("name", WORKFLOWS)
def test_the_grader_is_pinned(name):
    (install,) = [line for line in _scripts(_load(name)) if "pip install" in line]
    url = install.split("git+", 1)[1]
    assert "@" in url.split("://", 1)[1], install  # git+URL@REF
    ref_variable = url.rsplit("@", 1)[1].strip('"{}$')
    workflow = _load(name)
    variables = workflow.get("env") or workflow["grade"]["variables"]
    assert re.fullmatch(r"v?\d+\.\d+\.\d+|[0-9a-f]{40}", str(variables[ref_variable]))


def test_github_workflow_may_write_checks_and_enables_namespaces_first():
    workflow = _load("github-actions.yml")
    assert workflow["permissions"]["checks"] == "write"
    steps = workflow["jobs"]["grade"]["steps"]
    runs = [step.get("run", "") for step in steps]
    sysctl = next(i for i, run in enumerate(runs) if "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0" in run)
    grade = next(i for i, run in enumerate(runs) if "grader submit" in run)
    assert sysctl < grade
    reporter = next(step for step in steps if "action-junit-report" in step.get("uses", ""))
    after = [step for step in steps[grade + 1:]]
    assert all(step.get("if") == "always()" for step in after) and reporter in after


def _github_step(name: str) -> str:
    steps = _load("github-actions.yml")["jobs"]["grade"]["steps"]
    return next(step["run"] for step in steps if step.get("name") == name)


def _run(script: str, cwd: Path, summary: Path, **variables: str) -> subprocess.CompletedProcess:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {k: v for k, v in os.environ.items() if k != "GRADER_EXERCISE"}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**env, "PATH": path, "GITHUB_STEP_SUMMARY": str(summary), **variables})


def _gitlab_script() -> str:
    """The GitLab job's script lines, as its runner runs them (the install aside: the grader is here)."""
    return "\n".join(line for line in _load("gitlab-ci.yml")["grade"]["script"] if "pip install" not in line)


@pytest.mark.parametrize("name", WORKFLOWS)
def test_the_instructor_chooses_the_exercise_not_the_learners_tag(name):
    """The exercise comes from GRADER_EXERCISE, a variable the instructor sets outside the
    repository (GitHub: a configuration variable; GitLab: a CI/CD variable), never from the file."""
    (submit,) = [c for c in _grader_calls(_load(name)) if c[0] == "submit"]
    assert submit[submit.index("--exercise") + 1].startswith("${GRADER_EXERCISE:?")
    workflow = _load(name)
    assert "GRADER_EXERCISE" not in (workflow["grade"]["variables"] if name == "gitlab-ci.yml" else {})
    if name == "github-actions.yml":
        assert workflow["env"]["GRADER_EXERCISE"] == "${{ vars.GRADER_EXERCISE }}"


def test_a_file_tagged_for_another_exercise_fails_the_job(tmp_path):
    """The red team's file: tagged as the easy prefetch-basics, solved in one line, in an iris
    assignment's repository. It passed the job (exit 0, 10/10); now the job stops, saying why."""
    (tmp_path / "exercise.py").write_text("# exercise: prefetch-basics\nimport tensorflow as tf\n\n\n"
                                          "def add_prefetch(ds):\n    return ds.prefetch(tf.data.AUTOTUNE)\n")
    summary = tmp_path / "summary.md"
    for script in (_github_step("Grade"), _gitlab_script()):
        done = _run(script, tmp_path, summary, GRADER_EXERCISE="iris-input-pipeline")
        assert done.returncode == 2, done.stderr
        assert "error: exercise.py is tagged for prefetch-basics but --exercise is iris-input-pipeline: fix or " \
               "remove its 'exercise:' line, or submit the file written for iris-input-pipeline\n" in done.stderr
        assert not (tmp_path / "grader.json").exists()


def test_without_the_exercise_variable_the_job_stops_before_grading(tmp_path):
    (tmp_path / "exercise.py").write_text("# exercise: prefetch-basics\n")
    for script in (_github_step("Grade"), _gitlab_script()):
        done = _run(script, tmp_path, tmp_path / "summary.md")
        assert done.returncode != 0 and "GRADER_EXERCISE: set the GRADER_EXERCISE variable" in done.stderr
        assert not (tmp_path / "grader.json").exists()


def test_github_reports_step_runs_on_a_saved_report(tmp_path):
    (tmp_path / "grader.json").write_text(render(sample_report(), "json"))
    summary = tmp_path / "summary.md"
    done = _run(_github_step("Reports"), tmp_path, summary)
    assert done.returncode == 0, done.stderr
    (suite,) = JUnitXml.fromfile(str(tmp_path / "grader-junit.xml"))
    assert suite.tests == 3
    assert summary.read_text() == render(sample_report(), "markdown")


@pytest.mark.slow
def test_github_grade_then_reports_steps_for_real(tmp_path):
    shutil.copy(SOLUTIONS / "batch-then-prefetch.py", tmp_path / "exercise.py")
    summary = tmp_path / "summary.md"
    graded = _run(_github_step("Grade"), tmp_path, summary, GRADER_EXERCISE="batch-then-prefetch")
    assert graded.returncode == 0, graded.stderr
    assert "batch-then-prefetch: PASSED" in graded.stdout and "<testsuite" not in graded.stdout
    assert '"schema_version"' not in graded.stdout  # the JSON went to its file only
    assert _run(_github_step("Reports"), tmp_path, summary).returncode == 0
    (suite,) = JUnitXml.fromfile(str(tmp_path / "grader-junit.xml"))
    assert suite.failures == 0 and suite.tests >= 4
    assert summary.read_text().startswith("### batch-then-prefetch: passed")
