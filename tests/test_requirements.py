"""An instructor's minimum isolation: refused before grading where the machine cannot give it, and
after grading where the report shows less; exit 2 with one line, never a silent downgrade."""

from __future__ import annotations

import pytest

from grader.report.model import Isolation
from grader.sandbox import requirements
from grader.sandbox.runner import _others_can_run_python
from tests.conftest import SOLUTIONS, run_cli


def test_names_come_from_the_option_or_the_environment(monkeypatch):
    monkeypatch.setenv(requirements.VARIABLE, "network, filesystem")
    assert requirements.required() == {"network", "filesystem"}
    assert requirements.required("namespaces") == {"namespaces"}
    assert requirements.required("") == frozenset()
    with pytest.raises(requirements.UsageError, match="unknown bogus"):
        requirements.required("bogus,network")


def test_a_report_below_the_requirement_is_refused():
    weak = Isolation(tier="process", network="off", filesystem="not confined", user="root")
    requirements.check_report(frozenset({"network"}), weak)
    with pytest.raises(requirements.IsolationUnavailable, match="filesystem, unprivileged"):
        requirements.check_report(frozenset({"network", "filesystem", "unprivileged"}), weak)
    strong = Isolation(tier="namespaces", network="off", filesystem="work folder only", user="unprivileged")
    requirements.check_report(frozenset(requirements.NAMES), strong)


def test_the_command_refuses_with_exit_2_and_one_line_when_the_machine_cannot():
    import os

    if os.geteuid() != 0 or _others_can_run_python():
        pytest.skip("this machine can run the learner's code unprivileged")
    result = run_cli("submit", str(SOLUTIONS / "prefetch-basics.py"), "--require-isolation", "unprivileged")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "unprivileged" in result.stderr
    assert result.stdout == ""


def test_kill_all_visible_is_never_assumed_outside_a_scoped_or_namespaced_run():
    """kill(-1) as the grader's user (or nobody) would reach far more than one run."""
    from grader.sandbox import confinement

    assert confinement.may_kill_everything_visible() is False
