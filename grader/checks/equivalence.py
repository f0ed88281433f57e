"""``equivalence``: the learner's elements equal the expected ones (ordered, or as a multiset)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from grader.checks import render
from grader.checks.registry import Verdict, judge
from grader.spec.models import EquivalenceCheck

_SHOWN = 8


def listing(elements: list[Any], more: bool = False) -> str:
    shown = [render.value(e, 40) for e in elements[:_SHOWN]]
    tail = ", ..." if more or len(elements) > _SHOWN else ""
    return "[" + ", ".join(shown) + tail + "]"


def _rows(element: Any) -> int | None:
    """The leading dimension of an element's first tensor (a batch's size), None for a scalar."""
    while "tuple" in element or "dict" in element:
        parts = element["tuple"] if "tuple" in element else list(element["dict"].values())
        if not parts:
            return None
        element = parts[0]
    shape = element.get("s")
    return shape[0] if shape else None


def _short_last_batch(expected: list[Any]) -> bool:
    """Whether the expected elements are batches whose last one is shorter than the first."""
    if len(expected) < 2:
        return False
    first, last = _rows(expected[0]), _rows(expected[-1])
    return first is not None and last is not None and last < first


def _ordered(call: str, expected: list[Any], got: list[Any], got_more: bool) -> Verdict:
    for index, (want, came) in enumerate(zip(expected, got)):
        if render.key(want) != render.key(came):
            return Verdict(False, f"{call} element {index} is {render.value(came)}; expected {render.value(want)} "
                                  f"(expected {listing(expected)}, got {listing(got, got_more)}).")
    if len(got) == len(expected) - 1 and _short_last_batch(expected):
        return Verdict(False, f"{call} yielded {len(got)} batches, {listing(got)}; expected {len(expected)}, "
                              f"{listing(expected)}: the last, shorter batch is missing: drop_remainder=True? "
                              "Keep it: batch without drop_remainder.")
    if len(got) < len(expected):
        return Verdict(False, f"{call} yielded {listing(got)} ({len(got)} elements); expected "
                              f"{listing(expected)} ({len(expected)}). Did a take() or filter() cut it short?")
    if got_more:
        return Verdict(False, f"{call} yielded more than the {len(expected)} expected elements "
                              f"{listing(expected)}. Did a repeat() or an extra source slip in?")
    return Verdict(True, f"{call} yielded the {len(expected)} expected elements {listing(expected)}.")


def _unordered(call: str, expected: list[Any], got: list[Any], got_more: bool, subset: bool) -> Verdict:
    want = Counter(render.key(e) for e in expected)
    came = Counter(render.key(e) for e in got)
    by_key = {render.key(e): e for e in expected + got}
    missing = [] if subset else [by_key[k] for k in (want - came).elements()]
    extra = [by_key[k] for k in (came - want).elements()]
    if not missing and not extra and not got_more:
        scope = f"{len(got)} of the {len(expected)} expected elements" if subset else \
            f"the {len(expected)} expected elements"
        return Verdict(True, f"{call} yielded {scope}, each at most once (in any order).")
    parts = [f"{call} yielded {len(got)}{'+' if got_more else ''} elements; expected "
             + (f"at most {len(expected)}, each at most once" if subset else f"{len(expected)} (in any order)")]
    if missing:
        parts.append(f"missing {len(missing)}, e.g. {listing(missing)}")
    if extra:
        parts.append(f"unexpected {len(extra)}, e.g. {listing(extra)}")
    return Verdict(False, "; ".join(parts) + ".")


@judge("equivalence")
def equivalence(check: EquivalenceCheck, data: dict[str, Any], call: str) -> Verdict:
    """Compare structure and dtypes first, then the elements (of the view, when the check reads one:
    the message says so, since what it lists are no longer the pipeline's own elements)."""
    read = f"{call}, read as {check.view}," if check.view else call
    return compare(read, data["expected"], data["got"], check.match, check.shuffled)


def compare(call: str, expected: dict[str, Any], got: dict[str, Any], match: str = "ordered",
            shuffled: bool = False) -> Verdict:
    """Two materialized datasets (see grader.tfdata.values), compared as ``match`` says."""
    if render.structure(expected["spec"]) != render.structure(got["spec"]):
        return Verdict(False, f"{call} yields elements of type {render.spec(got['spec'])}; expected "
                              f"{render.spec(expected['spec'])}. Keep the input's structure and dtypes.")
    want, came = expected["elements"], got["elements"]
    got_more = got["truncated"] or len(came) > len(want)
    if expected["truncated"]:  # compare only the prefix both sides read
        came, got_more = came[: len(want)], False
    if match == "ordered":
        return _ordered(call, want, came[: len(want)], got_more)
    verdict = _unordered(call, want, came[: len(want)], got_more, subset=match == "subset")
    if verdict.passed and shuffled and _in_order(want, came):
        return Verdict(False, f"{call} yielded its elements in the input's order {listing(came)}; they should "
                              "be shuffled: call .shuffle(buffer_size) on the elements, before batch.")
    return verdict


def _in_order(expected: list[Any], got: list[Any]) -> bool:
    """True when ``got`` keeps ``expected``'s relative order (a subset may skip elements)."""
    wanted = iter(render.key(e) for e in expected)
    return all(any(k == w for w in wanted) for k in (render.key(e) for e in got))
