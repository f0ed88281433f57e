"""The report model (schema v1) and its formatters."""

from pathlib import Path

from pydantic import ValidationError

from grader.errors import UsageError
from grader.report.formats import FORMATS, learner_view, render
from grader.report.model import SCHEMA_VERSION, CheckResult, Report
from grader.report.printable import printable, printable_report
from grader.report.timeline import svg


def timeline_svg(report: Report) -> str | None:
    """The report's throughput timelines as one SVG picture; None when it has none (no throughput
    check, a submission that did not run, or a check hidden from this view)."""
    timelines = {check.id: check.timeline for check in report.checks if check.timeline}
    return svg(timelines) if timelines else None


def read_report(path: Path) -> Report:
    """A JSON report validated against the report model; anything else is a one-line UsageError."""
    try:
        report = Report.model_validate_json(path.read_bytes())
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        more = f" (and {error.error_count() - 1} more problems)" if error.error_count() > 1 else ""
        raise UsageError(f"{path} is not a grader JSON report: {where}: {first['msg']}{more}") from None
    if report.schema_version != SCHEMA_VERSION:
        raise UsageError(f"{path} is a schema-v{report.schema_version} report; this grader reads "
                         f"v{SCHEMA_VERSION}")
    return report


__all__ = ["FORMATS", "SCHEMA_VERSION", "CheckResult", "Report", "learner_view", "printable", "printable_report",
           "read_report", "render", "timeline_svg"]
