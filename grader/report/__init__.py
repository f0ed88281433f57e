"""The report model (schema v1) and its formatters."""

from grader.report.formats import FORMATS, learner_view, render
from grader.report.model import SCHEMA_VERSION, CheckResult, Report
from grader.report.timeline import svg


def timeline_svg(report: Report) -> str | None:
    """The report's throughput timelines as one SVG picture; None when it has none (no throughput
    check, a submission that did not run, or a check hidden from this view)."""
    timelines = {check.id: check.timeline for check in report.checks if check.timeline}
    return svg(timelines) if timelines else None


__all__ = ["FORMATS", "SCHEMA_VERSION", "CheckResult", "Report", "learner_view", "render", "timeline_svg"]
