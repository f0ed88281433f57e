"""An instructor's minimum isolation (``--require-isolation`` or ``GRADER_REQUIRE_ISOLATION``): a
grading that cannot have it is refused before it starts, and one whose report shows less is
refused after (exit 2, one line saying what is missing), never silently downgraded.

The names: ``namespaces`` (the namespace tier), ``network`` (network off), ``filesystem`` (the
work folder only: Landlock), ``unprivileged`` (the learner's code does not run as root).
"""

from __future__ import annotations

import os
from typing import Any

from grader.errors import GraderError, UsageError

VARIABLE = "GRADER_REQUIRE_ISOLATION"
NAMES = ("namespaces", "network", "filesystem", "unprivileged")


class IsolationUnavailable(GraderError):
    """The isolation an instructor required cannot be had here."""


def required(option: str | None = None) -> frozenset[str]:
    """The names in ``option`` (comma-separated), else in the environment variable."""
    text = option if option is not None else os.environ.get(VARIABLE, "")
    names = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(names - set(NAMES))
    if unknown:
        raise UsageError(f"--require-isolation: unknown {', '.join(unknown)}; choose from {', '.join(NAMES)}")
    return names


def _unprivileged_possible() -> bool:
    from grader.sandbox.runner import _others_can_run_python

    return os.geteuid() != 0 or _others_can_run_python()


def check_machine(names: frozenset[str]) -> None:
    """Refuse before grading when this machine cannot give what ``names`` require."""
    if not names:
        return
    from grader.sandbox import confine, isolation, nosockets

    reasons = {
        "namespaces": (isolation.tier() == "namespaces", "this machine refuses namespaces (process tier)"),
        "network": (isolation.tier() == "namespaces" or nosockets.supported(),
                    "neither a network namespace nor the seccomp filter is available"),
        "filesystem": (confine.landlock_abi() > 0, "this kernel has no Landlock"),
        "unprivileged": (_unprivileged_possible(), "the grader runs as root and its Python is not readable by "
                                                   "an unprivileged user (e.g. a pyenv under a private /root)"),
    }
    missing = [f"{name} ({reasons[name][1]})" for name in NAMES if name in names and not reasons[name][0]]
    if missing:
        raise IsolationUnavailable("isolation required but not available: " + "; ".join(missing))


def check_report(names: frozenset[str], isolation: Any) -> None:
    """Refuse a report whose isolation is below what ``names`` require."""
    held = {"namespaces": isolation.tier == "namespaces", "network": isolation.network == "off",
            "filesystem": isolation.filesystem == "work folder only", "unprivileged": isolation.user == "unprivileged"}
    missing = [name for name in NAMES if name in names and not held[name]]
    if missing:
        raise IsolationUnavailable(f"isolation required but the grading ran without: {', '.join(missing)} "
                                   f"(tier {isolation.tier}, network {isolation.network}, filesystem "
                                   f"{isolation.filesystem}, user {isolation.user})")
