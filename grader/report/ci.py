"""Report formats for course infrastructure: JUnit XML, Gradescope, GitHub Classroom, Markdown."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from grader.report.model import Report

# Gradescope's visibility values for ours (https://gradescope-autograders.readthedocs.io).
GRADESCOPE_VISIBILITY = {"visible": "visible", "hidden": "hidden", "after_due": "after_due_date"}


def _points(value: float) -> str:
    return f"{value:g}"


def junit(report: Report) -> str:
    """One testsuite, one testcase per check; points in <properties> (JUnit has no score field)."""
    failures = sum(not c.passed for c in report.checks)
    suite = ET.Element("testsuite", name=f"grader.{report.exercise}", tests=str(max(1, len(report.checks))),
                       failures=str(failures if report.status == "graded" else 0),
                       errors="1" if report.status == "error" else "0", time=f"{report.duration_s:.2f}")
    properties = ET.SubElement(suite, "properties")
    for name, value in (("score", _points(report.score)), ("max_score", _points(report.max_score)),
                        ("passed", str(report.passed).lower()), ("device", report.device),
                        ("isolation", f"{report.isolation.tier}/{report.isolation.network}")):
        ET.SubElement(properties, "property", name=name, value=value)
    if report.status == "error":
        case = ET.SubElement(suite, "testcase", classname=f"grader.{report.exercise}", name="submission runs")
        ET.SubElement(case, "error", type=report.error.kind, message=report.error.message).text = report.error.message
    for check in report.checks:
        case = ET.SubElement(suite, "testcase", classname=f"grader.{report.exercise}", name=check.id)
        props = ET.SubElement(case, "properties")
        for name, value in (("kind", check.kind), ("score", _points(check.score)),
                            ("max_score", _points(check.max_score))):
            ET.SubElement(props, "property", name=name, value=value)
        if report.status == "error":
            ET.SubElement(case, "skipped", message="the submission did not run")
        elif not check.passed:
            detail = "\n\n".join(p for p in (check.message, check.hint and f"Hint: {check.hint}",
                                             check.counterexample) if p)
            ET.SubElement(case, "failure", type=check.kind, message=check.message).text = detail
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def gradescope(report: Report) -> str:
    """Gradescope's results.json: score, and one test per check with its visibility."""
    tests = []
    if report.error:
        tests.append({"name": "submission runs", "score": 0, "max_score": 0, "status": "failed",
                      "output": f"{report.error.kind}: {report.error.message}", "visibility": "visible"})
    for check in report.checks:
        output = "\n\n".join(p for p in (check.message, check.hint and f"Hint: {check.hint}",
                                         check.counterexample) if p)
        tests.append({"name": f"{check.id}: {check.title}", "score": check.score, "max_score": check.max_score,
                      "status": "passed" if check.passed else "failed", "output": output,
                      "visibility": GRADESCOPE_VISIBILITY[check.visibility]})
    results = {"score": report.score, "execution_time": round(report.duration_s),
               "output": f"{report.exercise}: {'passed' if report.passed else 'not passed'} "
                         f"({_points(report.score)}/{_points(report.max_score)})",
               "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}
    return json.dumps(results, indent=2) + "\n"


def classroom(report: Report) -> str:
    """The JSON GitHub Classroom's autograding reporter reads from a runner step's output."""
    tests = [{"name": check.id, "status": "pass" if check.passed else "fail", "score": check.score,
              "max_score": check.max_score, "message": check.message, "line_no": 0, "test_code": check.kind,
              "filename": report.submission, "execution_time": ""} for check in report.checks]
    result = {"version": 1, "status": "pass" if report.passed else ("error" if report.error else "fail"),
              "max_score": report.max_score, "tests": tests}
    return json.dumps(result, indent=2) + "\n"


def markdown(report: Report) -> str:
    """A summary table, for GITHUB_STEP_SUMMARY or a merge-request comment."""
    verdict = "passed" if report.passed else "not passed"
    lines = [f"### {report.exercise}: {verdict}, {_points(report.score)}/{_points(report.max_score)}", ""]
    if report.error:
        lines += [f"**{report.error.kind}**: {report.error.message}", ""]
    lines += ["| check | points | passed | message |", "|---|---:|:---:|---|"]
    for check in report.checks:
        message = check.message.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {check.id} | {_points(check.score)}/{_points(check.max_score)} | "
                     f"{'✅' if check.passed else '❌'} | {message} |")
    return "\n".join(lines) + "\n"
