"""Formatters: a report in, text out. Only the CLI prints what they return."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.report import ci, timeline
from grader.report.model import CheckResult, Report
from grader.report.printable import encodable_report, printable_report

_OUTPUT_LINES = 10


def _points(value: float) -> str:
    return f"{value:g}"


def _check_body(check: CheckResult) -> Text:
    body = Text(check.heading, "bold")
    body.append(f"\n{check.message}")
    if check.hint:
        body.append("\nHint: ", "bold")
        body.append(check.hint)
    return body


def text(report: Report, color: bool = False, width: int | None = None) -> str:
    """The verdict, then one entry per check (mark, points, id: title, message, hint), then the
    error, counterexamples, timelines, what a notebook left out and what the submission printed. Words wrap to ``width``
    (default: the terminal's, or $COLUMNS, or 80): nothing is cut, no word is split."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False,
                      soft_wrap=False)
    verdict = "PASSED" if report.passed else "NOT PASSED"
    style = "bold green" if report.passed else "bold red"
    console.print(Text.assemble((f"{report.exercise}: ", "bold"), (verdict, style),
                                f"  score {_points(report.score)}/{_points(report.max_score)}"))
    console.print(Text(f"{report.submission}, {report.device}, {report.duration_s:.1f} s, isolation: "
                       f"{report.isolation.tier}", "dim"))
    if report.error:
        console.print(Text.assemble((f"error ({report.error.kind}): ", "bold red"), report.error.message))
    else:
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(ratio=1)
        for number, check in enumerate(report.checks, 1):
            mark = Text("yes", "green") if check.passed else Text("no", "red")
            body = _check_body(check)
            body.append("\n" if number < len(report.checks) else "")  # a blank line between checks
            table.add_row(mark, f"{_points(check.score)}/{_points(check.max_score)}", body)
        console.print()
        console.print(table)
        lanes = min(60, max(20, console.width - 10))
        for check in report.checks:
            if check.counterexample:
                console.print(Text.assemble((f"\nSmallest failing input for {check.id}:\n", "bold"),
                                            check.counterexample))
            if check.timeline:
                console.print(Text(f"\nTimeline of {check.id}:", "bold"))
                console.print(Text(timeline.text(check.timeline, width=lanes)))
    skipped = report.notebook.skipped if report.notebook else []
    if skipped:
        shown = "" if len(skipped) <= _OUTPUT_LINES else f"; first {_OUTPUT_LINES}, all in the JSON report"
        console.print(Text(f"\nLeft out of grading ({len(skipped)}{shown}):", "bold"))
        console.print(Text("\n".join(skipped[:_OUTPUT_LINES])))
    printed = report.output.stdout.strip().splitlines()
    if printed:
        console.print(Text(f"\nYour code printed ({len(printed)} lines; last {min(len(printed), _OUTPUT_LINES)}):",
                           "bold"))
        console.print(Text("\n".join(printed[-_OUTPUT_LINES:])))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())  # no padding to the width


def json_report(report: Report) -> str:
    """The schema-v1 JSON report."""
    return report.model_dump_json(indent=2) + "\n"


FORMATS = {"text": text, "json": json_report, "junit": ci.junit, "gradescope": ci.gradescope,
           "classroom": ci.classroom, "markdown": ci.markdown}
_HIDDEN = {"hidden": "hidden check: only its score is shown", "after_due": "shown after the due date"}


def learner_view(report: Report) -> Report:
    """The report as a learner may see it: hidden and after-due checks keep only their id and score
    (their title would say what they test)."""
    checks = [check if check.visibility == "visible" else
              check.model_copy(update={"title": check.id, "message": _HIDDEN[check.visibility], "hint": None,
                                       "counterexample": None, "timeline": None}) for check in report.checks]
    return report.model_copy(update={"checks": checks})


def render(report: Report, fmt: str, color: bool = False, show_hidden: bool = False, width: int | None = None) -> str:
    """The report in format ``fmt`` (one of FORMATS); Gradescope applies visibility itself. Every
    format but JSON shows learner text printable (grader.report.printable)."""
    if fmt != "gradescope" and not show_hidden:
        report = learner_view(report)
    report = encodable_report(report) if fmt == "json" else printable_report(report)
    return text(report, color=color, width=width) if fmt == "text" else FORMATS[fmt](report)
