"""Formatters: a report in, text out. Only the CLI prints what they return."""

from __future__ import annotations

import io
import shutil

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.report import ci, timeline
from grader.report.model import Report

_OUTPUT_LINES = 10


def _points(value: float) -> str:
    return f"{value:g}"


def text(report: Report, color: bool = False, width: int | None = None) -> str:
    """A rich table: check, points, passed, message, hint; then the error or counterexamples."""
    buffer = io.StringIO()
    width = width or max(100, shutil.get_terminal_size((110, 24)).columns)
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False)
    verdict = "PASSED" if report.passed else "NOT PASSED"
    style = "bold green" if report.passed else "bold red"
    console.print(Text.assemble((f"{report.exercise}: ", "bold"), (verdict, style),
                                f"  score {_points(report.score)}/{_points(report.max_score)}"
                                f"  ({report.submission}, {report.device}, {report.duration_s:.1f} s)"))
    if report.error:
        console.print(Text.assemble((f"error ({report.error.kind}): ", "bold red"), report.error.message))
    else:
        hints = any(check.hint for check in report.checks)
        table = Table(show_lines=True, expand=True)
        table.add_column("check", no_wrap=True)
        table.add_column("points", justify="right", no_wrap=True)
        table.add_column("passed", no_wrap=True)
        table.add_column("message", ratio=3, overflow="fold")
        if hints:
            table.add_column("hint", ratio=1, overflow="fold")
        for check in report.checks:
            mark = Text("yes", "green") if check.passed else Text("no", "red")
            row = [check.id, f"{_points(check.score)}/{_points(check.max_score)}", mark, check.message]
            table.add_row(*row, *([check.hint or ""] if hints else []))
        console.print(table)
        for check in report.checks:
            if check.counterexample:
                console.print(Text.assemble((f"Smallest failing input for {check.id}:\n", "bold"),
                                            check.counterexample))
            if check.timeline:
                console.print(Text(f"Timeline of {check.id}:", "bold"))
                console.print(Text(timeline.text(check.timeline)))
    printed = report.output.stdout.strip().splitlines()
    if printed:
        console.print(Text(f"Your code printed ({len(printed)} lines; last {min(len(printed), _OUTPUT_LINES)}):",
                           "bold"))
        console.print(Text("\n".join(printed[-_OUTPUT_LINES:])))
    return buffer.getvalue()


def json_report(report: Report) -> str:
    """The schema-v1 JSON report."""
    return report.model_dump_json(indent=2) + "\n"


FORMATS = {"text": text, "json": json_report, "junit": ci.junit, "gradescope": ci.gradescope,
           "classroom": ci.classroom, "markdown": ci.markdown}
_HIDDEN = {"hidden": "hidden check: only its score is shown", "after_due": "shown after the due date"}


def learner_view(report: Report) -> Report:
    """The report as a learner may see it: hidden and after-due checks keep only their scores."""
    checks = [check if check.visibility == "visible" else
              check.model_copy(update={"message": _HIDDEN[check.visibility], "hint": None, "counterexample": None,
                                       "timeline": None}) for check in report.checks]
    return report.model_copy(update={"checks": checks})


def render(report: Report, fmt: str, color: bool = False, show_hidden: bool = False) -> str:
    """The report in format ``fmt`` (one of FORMATS); Gradescope applies visibility itself."""
    if fmt != "gradescope" and not show_hidden:
        report = learner_view(report)
    return text(report, color=color) if fmt == "text" else FORMATS[fmt](report)
