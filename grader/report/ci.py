"""Report formats for course infrastructure: JUnit XML, Gradescope, GitHub Classroom, Markdown."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from grader.report.model import Report

# Gradescope's visibility values for ours (https://gradescope-autograders.readthedocs.io).
GRADESCOPE_VISIBILITY = {"visible": "visible", "hidden": "hidden", "after_due": "after_due_date"}


def _points(value: float) -> str:
    return f"{value:g}"


def _detail(check) -> str:
    return "\n\n".join(p for p in (check.message, check.hint and f"Hint: {check.hint}", check.counterexample) if p)


def junit(report: Report) -> str:
    """One testsuite, one testcase per check (and one for a submission that did not run); points
    in <properties> (JUnit has no score field); the counts are those of the testcases written."""
    suite = ET.Element("testsuite", name=f"grader.{report.exercise}")
    properties = ET.SubElement(suite, "properties")
    for name, value in (("score", _points(report.score)), ("max_score", _points(report.max_score)),
                        ("passed", str(report.passed).lower()), ("device", report.device),
                        ("isolation", f"{report.isolation.tier}/{report.isolation.network}")):
        ET.SubElement(properties, "property", name=name, value=value)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if report.error:
        case = ET.SubElement(suite, "testcase", classname=f"grader.{report.exercise}", name="submission runs")
        ET.SubElement(case, "error", type=report.error.kind, message=report.error.message).text = report.error.message
        counts["tests"] += 1
        counts["errors"] += 1
    for check in report.checks:
        case = ET.SubElement(suite, "testcase", classname=f"grader.{report.exercise}", name=check.id)
        counts["tests"] += 1
        props = ET.SubElement(case, "properties")
        for name, value in (("title", check.title), ("kind", check.kind), ("score", _points(check.score)),
                            ("max_score", _points(check.max_score))):
            ET.SubElement(props, "property", name=name, value=value)
        if report.status == "error":
            ET.SubElement(case, "skipped", message="the submission did not run")
            counts["skipped"] += 1
        elif not check.passed:
            ET.SubElement(case, "failure", type=check.kind, message=check.message).text = _detail(check)
            counts["failures"] += 1
    suite.attrib.update({name: str(count) for name, count in counts.items()})
    suite.set("time", f"{report.duration_s:.2f}")
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def gradescope(report: Report) -> str:
    """Gradescope's results.json: score, and one test per check with its visibility; a notebook's
    left-out lines in the overall output."""
    tests = []
    if report.error:
        tests.append({"name": "submission runs", "score": 0, "max_score": 0, "status": "failed",
                      "output": f"{report.error.kind}: {report.error.message}", "visibility": "visible"})
    for check in report.checks:
        tests.append({"name": check.heading, "score": check.score, "max_score": check.max_score,
                      "status": "passed" if check.passed else "failed", "output": _detail(check),
                      "visibility": GRADESCOPE_VISIBILITY[check.visibility]})
    output = (f"{report.exercise}: {'passed' if report.passed else 'not passed'} "
              f"({_points(report.score)}/{_points(report.max_score)})")
    if report.notebook and report.notebook.skipped:
        output += "\n\nLeft out of grading:\n" + "\n".join(report.notebook.skipped)
    results = {"score": report.score, "execution_time": round(report.duration_s), "output": output,
               "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}
    return json.dumps(results, indent=2) + "\n"


def classroom(report: Report) -> str:
    """The JSON GitHub Classroom's autograding reporter reads from a runner step's output."""
    why = f" ({report.error.kind}: {report.error.message})" if report.error else ""  # why nothing was graded
    tests = [{"name": check.id, "status": "pass" if check.passed else "fail", "score": check.score,
              "max_score": check.max_score, "message": check.message + why, "line_no": 0,
              "test_code": check.kind, "filename": report.submission, "execution_time": ""} for check in report.checks]
    result = {"version": 1, "status": "pass" if report.passed else ("error" if report.error else "fail"),
              "max_score": report.max_score, "tests": tests}
    return json.dumps(result, indent=2) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(report: Report) -> str:
    """A summary table (check, points, passed, message and hint), then the smallest failing inputs;
    for GITHUB_STEP_SUMMARY or a merge-request comment."""
    verdict = "passed" if report.passed else "not passed"
    lines = [f"### {report.exercise}: {verdict}, {_points(report.score)}/{_points(report.max_score)}", ""]
    if report.error:
        lines += [f"**{report.error.kind}**: {report.error.message}", ""]
    lines += ["| check | points | passed | message |", "|---|---:|:---:|---|"]
    for check in report.checks:
        message = _cell(check.message) + (f"<br>**Hint:** {_cell(check.hint)}" if check.hint else "")
        lines.append(f"| {_cell(check.heading)} | {_points(check.score)}/{_points(check.max_score)} | "
                     f"{'✅' if check.passed else '❌'} | {message} |")
    for check in report.checks:
        if check.counterexample:
            lines += ["", f"Smallest failing input for `{check.id}`:", "", "```python", check.counterexample.rstrip(),
                      "```"]
    return "\n".join(lines) + "\n"
