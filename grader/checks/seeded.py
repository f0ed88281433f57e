"""``seeded``: a seeded call repeats exactly, and another seed gives another order."""

from __future__ import annotations

from typing import Any

from grader.checks.registry import Verdict, judge
from grader.spec.checks import SeededCheck


@judge("seeded")
def seeded(check: SeededCheck, data: dict[str, Any], call: str) -> Verdict:
    """Same seed, same output; other seed, other output."""
    first, second = check.seeds
    name = check.param
    if not data["same"]:
        return Verdict(False, f"{call} with {name}={first}, called twice, gave two different orders: a seeded "
                              f"call should repeat exactly. Pass the seed to the shuffle (ds.shuffle(n, seed={name})).")
    if not data["differ"]:
        return Verdict(False, f"{call} gave the same order with {name}={first} and {name}={second}: the {name} "
                              "argument seems ignored (a fixed seed, or no shuffle at all).")
    return Verdict(True, f"{name}={first} repeats exactly, and {name}={second} gives another order.")
