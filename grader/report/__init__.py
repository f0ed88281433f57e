"""The report model (schema v1) and its formatters."""

from grader.report.formats import FORMATS, render
from grader.report.model import SCHEMA_VERSION, CheckResult, Report
from grader.report.timeline import svg


def timeline_svg(report: Report) -> str:
    """The report's throughput timelines as one SVG picture (empty axes when it has none)."""
    return svg({check.id: check.timeline for check in report.checks if check.timeline})


__all__ = ["FORMATS", "SCHEMA_VERSION", "CheckResult", "Report", "render", "timeline_svg"]
