"""The report formats, checked against their consumers: a JUnit parser, the results.json fields
Gradescope documents, GitHub Classroom's reporter fields, Markdown; and hidden checks."""

import json
import shutil

import pytest
import yaml
from junitparser import Error, Failure, JUnitXml, Skipped

from grader.catalog import exercises_root
from grader.report import render
from grader.report.model import CheckResult, Isolation, NotebookInfo, Output, Report, ReportError


def report(**changes) -> Report:
    checks = [
        CheckResult(id="range5-output", kind="equivalence", title="range(5)", passed=True, score=2, max_score=2,
                    message="yielded the 5 expected elements"),
        CheckResult(id="prefetch-last", kind="stage-order", title="prefetch last", passed=False, score=0,
                    max_score=3, message="map comes after prefetch", hint="End with prefetch."),
        CheckResult(id="secret", kind="property", title="hidden property", passed=False, score=0, max_score=5,
                    message="add_prefetch(...) broke", counterexample="import tensorflow as tf", visibility="hidden"),
    ]
    base = dict(exercise="prefetch-basics", submission="exercise.py", status="graded", passed=False, score=2,
                max_score=10, device="CPU", duration_s=2.5, isolation=Isolation(tier="namespaces", network="off"),
                checks=checks)
    return Report(**{**base, **changes})


def test_junit_parses_with_a_junit_library(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(render(report(), "junit"))
    (suite,) = JUnitXml.fromfile(str(path))
    cases = {case.name: case for case in suite}
    assert set(cases) == {"range5-output", "prefetch-last", "secret"}
    assert cases["range5-output"].is_passed
    (failure,) = [r for r in cases["prefetch-last"].result if isinstance(r, Failure)]
    assert failure.message == "map comes after prefetch" and "Hint: End with prefetch." in failure.text
    assert cases["secret"].result[0].message == "hidden check: only its score is shown"
    assert {p.name: p.value for p in suite.properties()}["score"] == "2"


def test_junit_error_report_has_an_error_and_skips():
    broken = report(status="error", score=0, error=ReportError(kind="syntax", message="exercise.py, line 1"))
    (suite,) = JUnitXml.fromstring(render(broken, "junit"))
    results = [r for case in suite for r in case.result]
    assert any(isinstance(r, Error) and r.type == "syntax" for r in results)
    assert any(isinstance(r, Skipped) for r in results)


@pytest.mark.parametrize("status", ["graded", "error"])
def test_junit_counts_are_those_of_its_testcases(status):
    error = ReportError(kind="crash", message="exited with code 3") if status == "error" else None
    (suite,) = JUnitXml.fromstring(render(report(status=status, error=error), "junit"))
    cases = list(suite)
    results = [r for case in cases for r in case.result]
    assert suite.tests == len(cases) == 3 + (status == "error")
    assert suite.failures == sum(isinstance(r, Failure) for r in results)
    assert suite.errors == sum(isinstance(r, Error) for r in results)
    assert suite.skipped == sum(isinstance(r, Skipped) for r in results)


def test_gradescope_results_json_has_the_documented_fields():
    data = json.loads(render(report(), "gradescope"))
    assert data["score"] == 2 and isinstance(data["tests"], list)
    for test in data["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert test["status"] in ("passed", "failed")
    secret = next(t for t in data["tests"] if t["name"].startswith("secret"))
    assert secret["visibility"] == "hidden" and "broke" in secret["output"]  # Gradescope hides it itself


def test_classroom_json_has_the_reporter_fields():
    data = json.loads(render(report(), "classroom"))
    assert data["version"] == 1 and data["status"] == "fail" and data["max_score"] == 10
    assert {"name", "status", "score", "message"} <= set(data["tests"][0])
    assert [t["status"] for t in data["tests"]] == ["pass", "fail", "fail"]
    broken = report(status="error", score=0, error=ReportError(kind="syntax", message="exercise.py, line 1"))
    assert "(syntax: exercise.py, line 1)" in json.loads(render(broken, "classroom"))["tests"][0]["message"]


def test_markdown_table_titles_hints_and_no_colour_codes():
    text = render(report(), "markdown")
    assert text.startswith("### prefetch-basics: not passed, 2/10")
    assert ("| prefetch-last: prefetch last | 0/3 | ❌ | map comes after prefetch<br>**Hint:** End with prefetch. |"
            in text)
    assert "| secret | 0/5 | ❌ | hidden check: only its score is shown |" in text
    assert "hidden property" not in text and "import tensorflow" not in text
    assert "\x1b[" not in render(report(), "text")


def test_text_report_names_checks_by_id_and_title_and_shows_hints():
    text = render(report(), "text", width=80)
    assert "range5-output: range(5)" in text and "prefetch-last: prefetch last" in text
    assert "Hint: End with prefetch." in text
    assert "hidden property" not in text  # a hidden check's title says what it tests


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", [80, 60])
def test_text_report_reads_at_narrow_widths(width):
    long = ("add_prefetch(tf.data.Dataset.range(5)) yielded [0, 1, 2]; expected [0, 1, 2, 3, 4]. Did take() "
            "cut it short? Every element of the input must come through, in the same order, prefetched.")
    checks = [CheckResult(id="shuffle-batch-map-prefetch-order", kind="stage-order", passed=False, score=0,
                          max_score=3, title="shuffle, then batch, then map, then prefetch, in that order",
                          message=long, hint="Read the dataset's stages from the source to the sink, one by one.")]
    text = render(report(checks=checks), "text", width=width)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), text
    assert any("shuffle-batch-map-prefetch-order" in line for line in lines)  # the id is never cut
    flowing = _words(text)
    for sentence in (long, checks[0].title, checks[0].hint):
        assert _words(sentence) in flowing, (sentence, text)  # words wrap whole, in order


def test_markdown_shows_counterexamples_as_code():
    text = render(report(), "markdown", show_hidden=True)
    assert "Smallest failing input for `secret`:\n\n```python\nimport tensorflow as tf\n```" in text


def test_hidden_checks_keep_only_their_score_unless_shown():
    learner = json.loads(render(report(), "json"))
    secret = next(c for c in learner["checks"] if c["id"] == "secret")
    assert secret["message"] == "hidden check: only its score is shown" and secret["counterexample"] is None
    instructor = json.loads(render(report(), "json", show_hidden=True))
    assert next(c for c in instructor["checks"] if c["id"] == "secret")["message"] == "add_prefetch(...) broke"


@pytest.mark.slow
def test_private_catalog_and_step_summary(tmp_path):
    from tests.conftest import SOLUTIONS, run_cli

    private = tmp_path / "private"
    shutil.copytree(exercises_root() / "prefetch-basics", private / "prefetch-basics")
    spec_path = private / "prefetch-basics" / "exercise.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    spec["checks"][0]["visibility"] = "after_due"
    spec_path.write_text(yaml.safe_dump(spec))
    learner = tmp_path / "mine.py"
    learner.write_text("import tensorflow as tf\n\n\ndef add_prefetch(ds):\n    return ds.take(2).prefetch(-1)\n")
    summary = tmp_path / "summary.md"
    result = run_cli("--exercises", str(private), "submit", str(learner), "--exercise", "prefetch-basics",
                     "--format", "markdown", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    assert "| range5-output | 0/1 | ❌ | shown after the due date |" in result.stdout  # no title either
    assert summary.read_text() == result.stdout
    assert run_cli("--exercises", str(private), "submit", str(SOLUTIONS / "prefetch-basics.py")).returncode == 0


def test_a_notebooks_left_out_lines_are_listed_in_text_and_gradescope():
    skipped = [f"cell 2, line {n}: %time f() (a magic)" for n in range(1, 13)]
    notebook = report(submission="work.ipynb", notebook=NotebookInfo(skipped=skipped))
    text = render(notebook, "text", width=100)
    assert "Left out of grading (12; first 10, all in the JSON report):" in text
    assert "cell 2, line 10: %time f() (a magic)" in text and "line 11:" not in text
    assert json.loads(render(notebook, "gradescope"))["output"].endswith("\n".join(skipped))
    assert "Left out" not in render(report(), "text") + render(report(), "gradescope")


SPOOF = ("\x1b[2J\x1b[3J\x1b[H\x1b[1;32mprefetch-basics: PASSED  score 10/10\x1b[0m\x1b]0;title\x07\x9b2J\u202e\x00\x7f"
         "\ufffe\uffff")


def _spoofing() -> Report:
    """Learner text everywhere a report shows it: output, a message quoting an element, an exception."""
    checks = [CheckResult(id="range5-output", kind="equivalence", title="range(5)", passed=False, score=0,
                          max_score=2, message=f"yielded [b'{SPOOF}']; expected [0, 1, 2, 3, 4]\r",
                          counterexample=f"ds = {SPOOF!s}")]
    return report(checks=checks, output=Output(stdout=f"{SPOOF}\nsecond\tline\r\nthird\rfourth"),
                  error=ReportError(kind="import", message=f"ValueError: {SPOOF}"), notebook=NotebookInfo(
                      skipped=[f"cell 1, line 1: {SPOOF}"]))


@pytest.mark.parametrize("fmt", ["text", "markdown", "junit", "gradescope", "classroom"])
def test_learner_text_loses_its_control_sequences_in_every_displayed_format(fmt):
    shown = render(_spoofing(), fmt, color=True)
    own = "\x1b" if fmt == "text" else None  # the text report's own colours stay
    assert [c for c in ("\x1b", "\x9b", "\u202e", "\x00", "\x7f", "\r", "2J", "]0;title", "\ufffe", "\uffff")
            if c in shown and c != own] == []
    if fmt == "junit":  # U+FFFE in an XML file: not well-formed
        JUnitXml.fromstring(shown)
    if fmt == "text":
        printed = shown.split("Your code printed")[1].split("\n", 1)[1]
        assert "\x1b" not in printed  # the learner's lines come out plain
        assert "prefetch-basics: PASSED  score 10/10\nsecond  line\nthird\nfourth" in printed  # rich expands tabs


def test_the_json_report_keeps_what_was_printed_as_written():
    assert json.loads(render(_spoofing(), "json"))["output"]["stdout"].startswith("\x1b[2J")


def test_the_notebook_table_shows_learner_text_printable():
    from grader.notebook import Graded

    shown = Graded(_spoofing())._repr_html_()
    assert "yielded [b&#x27;prefetch-basics: PASSED  score 10/10" in shown
    assert not any(c in shown for c in "\x1b\x9b\u202e\x00\x7f\r")


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "gradescope", "classroom", "markdown"])
def test_a_file_name_that_is_not_utf8_renders_in_every_format(fmt):
    """os.fsdecode keeps such a name's bytes as lone surrogates, which no encoder takes: each is
    written out as \\xNN (it once made `grader submit --format json` print a traceback)."""
    import os

    shown = render(report(submission=os.fsdecode(b"bad\xff.py")), fmt)
    shown.encode("utf-8")
    if fmt in ("text", "json"):  # the formats that name the file
        assert "bad\\xff.py" in shown or "bad\\\\xff.py" in shown
