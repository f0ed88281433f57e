"""grader: auto-graded exercises for TensorFlow input pipelines.

The public surface; everything else is private to the package.
"""

from grader.api import list_exercises, start, submit
from grader.errors import DeviceUnavailable, GraderError, SpecError, UsageError
from grader.notebook import check
from grader.report.model import CheckResult, Report
from grader.spec import Exercise, load_spec

__all__ = [
    "CheckResult",
    "DeviceUnavailable",
    "Exercise",
    "GraderError",
    "Report",
    "SpecError",
    "UsageError",
    "check",
    "list_exercises",
    "load_spec",
    "start",
    "submit",
]
__version__ = "0.1.0"
