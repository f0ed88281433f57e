"""The report model (schema v1) and its formatters."""

from grader.report.formats import FORMATS, render
from grader.report.model import SCHEMA_VERSION, CheckResult, Report

__all__ = ["FORMATS", "SCHEMA_VERSION", "CheckResult", "Report", "render"]
