"""``equivalence``: the learner's elements equal the expected ones (ordered, or as a multiset)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from grader.checks import render
from grader.checks.registry import Verdict, judge
from grader.spec.models import EquivalenceCheck

_SHOWN = 8


def _listing(elements: list[Any], more: bool = False) -> str:
    shown = [render.value(e, 40) for e in elements[:_SHOWN]]
    tail = ", ..." if more or len(elements) > _SHOWN else ""
    return "[" + ", ".join(shown) + tail + "]"


def _ordered(call: str, expected: list[Any], got: list[Any], got_more: bool) -> Verdict:
    for index, (want, came) in enumerate(zip(expected, got)):
        if render.key(want) != render.key(came):
            return Verdict(False, f"{call} element {index} is {render.value(came)}; expected {render.value(want)} "
                                  f"(expected {_listing(expected)}, got {_listing(got, got_more)}).")
    if len(got) < len(expected):
        return Verdict(False, f"{call} yielded {_listing(got)} ({len(got)} elements); expected "
                              f"{_listing(expected)} ({len(expected)}). Did a take() or filter() cut it short?")
    if got_more:
        return Verdict(False, f"{call} yielded more than the {len(expected)} expected elements "
                              f"{_listing(expected)}. Did a repeat() or an extra source slip in?")
    return Verdict(True, f"{call} yielded the {len(expected)} expected elements {_listing(expected)}.")


def _multiset(call: str, expected: list[Any], got: list[Any], got_more: bool) -> Verdict:
    want = Counter(render.key(e) for e in expected)
    came = Counter(render.key(e) for e in got)
    if want == came and not got_more:
        return Verdict(True, f"{call} yielded the {len(expected)} expected elements (in any order).")
    by_key = {render.key(e): e for e in expected + got}
    missing = [by_key[k] for k in (want - came).elements()]
    extra = [by_key[k] for k in (came - want).elements()]
    parts = [f"{call} yielded {len(got)}{'+' if got_more else ''} elements; expected {len(expected)} "
             f"(in any order)"]
    if missing:
        parts.append(f"missing {len(missing)}, e.g. {_listing(missing)}")
    if extra:
        parts.append(f"unexpected {len(extra)}, e.g. {_listing(extra)}")
    return Verdict(False, "; ".join(parts) + ".")


@judge("equivalence")
def equivalence(check: EquivalenceCheck, data: dict[str, Any], call: str) -> Verdict:
    """Compare structure and dtypes first, then the elements."""
    expected, got = data["expected"], data["got"]
    if render.structure(expected["spec"]) != render.structure(got["spec"]):
        return Verdict(False, f"{call} yields elements of type {render.spec(got['spec'])}; expected "
                              f"{render.spec(expected['spec'])}. Keep the input's structure and dtypes.")
    want, came = expected["elements"], got["elements"]
    got_more = got["truncated"] or len(came) > len(want)
    if expected["truncated"]:  # compare only the prefix both sides read
        came, got_more = came[: len(want)], False
    compare = _ordered if check.ordered else _multiset
    return compare(call, want, came[: len(want)], got_more)
