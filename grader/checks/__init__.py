"""Judges, one module per check kind; importing this package registers them all."""

from grader.checks import autotune, equivalence, quiz, render, stage_order, training  # noqa: F401  (registration)
from grader.checks.registry import JUDGES, Verdict, spec_kinds

__all__ = ["JUDGES", "Verdict", "spec_kinds"]
