"""``property``: an equivalence that held on every generated dataset, or the smallest that broke it."""

from __future__ import annotations

from typing import Any

from grader.checks.equivalence import listing, compare
from grader.checks.registry import Verdict, judge
from grader.spec.checks import PropertyCheck


def _call(function: str, failure: dict[str, Any]) -> str:
    args = [f"{name}={value}" for name, value in failure["args"].items()]
    return f"{function}({', '.join([failure['input'] or '...', *args])})"


#: Names a spec's arguments may use that learners do not define: the counterexample imports them, so it runs.
_IMPORTS = {"slow_load(": "from grader.tfdata.inputs import slow_load  # the grader's simulated load: "
                          "sleeps, returns the element"}


def _imports(shown: str) -> list[str]:
    return [line for name, line in _IMPORTS.items() if name in shown]


@judge("property")
def property_(check: PropertyCheck, data: dict[str, Any], call: str) -> Verdict:
    """Re-check the child's smallest failing example here, and show it as code."""
    failure = data["failure"]
    if failure is None:
        return Verdict(True, f"held on {data['examples']} generated datasets (0 to {check.max_length} elements"
                             + (", scalar, tuple, dict and nested elements" if check.structures else "") + ").")
    shown = _call(call.partition("(")[0], failure)
    if failure["error"]:
        message = f"{shown} failed: {failure['error']}"
    else:
        verdict = compare(shown, failure["expected"], failure["got"], check.match)
        if verdict.passed:  # the child's verdict did not reproduce here: trust what we can check
            return Verdict(True, f"held on {data['examples']} generated datasets.")
        message = verdict.message
    lines = ["import tensorflow as tf", *_imports(shown), "", f"for element in {shown}:", "    print(element)"]
    if failure.get("expected") and failure.get("got"):
        lines += [f"# expected: {listing(failure['expected']['elements'])}",
                  f"# got:      {listing(failure['got']['elements'], failure['got']['truncated'])}"]
    return Verdict(False, f"A generated input breaks it: {message}", counterexample="\n".join(lines))
