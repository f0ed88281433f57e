"""Judges, one module per check kind; importing this package registers them all."""

from grader.checks import (  # noqa: F401  (registration)
    autotune, equivalence, property, quiz, render, seeded, stage_order, throughput, training)
from grader.checks.registry import JUDGES, Verdict, spec_kinds

__all__ = ["JUDGES", "Verdict", "spec_kinds"]
