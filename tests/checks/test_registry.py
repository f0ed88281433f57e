import pytest

from grader.checks import JUDGES, spec_kinds
from grader.checks.registry import judge
from grader.report.model import ErrorKind


def test_every_spec_kind_has_exactly_one_judge():
    assert set(JUDGES) == spec_kinds()


def test_registering_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown check kind"):
        judge("speed")(lambda check, data, call: None)


def test_registering_a_second_judge_is_refused():
    with pytest.raises(ValueError, match="already has a judge"):
        judge("equivalence")(lambda check, data, call: None)


def test_error_kinds_are_the_documented_ones():
    documented = "syntax|import|missing-entry-point|timeout|memory|crash|bad-return|tampering".split("|")
    assert list(ErrorKind.__args__) == documented
