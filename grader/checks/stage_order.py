"""``stage-order``: the stages read from the dataset's graph meet the exercise's constraints.

Constraints are a DAG, as in PrairieLearn's ordering questions: every stage in
``stages`` must appear; for each pair ``[a, b]`` in ``before`` every ``a`` comes before
every ``b``; ``last`` must be the final stage. Any order that meets them passes. A stage listed
in ``optional`` may be missing; where it is there, it must come before the last of the stage it is
paired with (``[cache, shuffle]``: no cache after the last shuffle).
``prefetch(0)`` is a pass-through: it counts as no prefetch at all; ``shuffle(1)`` as no shuffle.
A pipeline that joins datasets must meet the constraints on every path (``on_every_path``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from grader.checks import render
from grader.checks.registry import Verdict, judge
from grader.spec.models import StageOrderCheck

# The lesson's common mistakes, named, with their fix: (first, second) means "first came before second".
MISTAKES = {
    ("prefetch", "batch"): "prefetch before batch prefetches single elements, not batches: "
                           "call .batch(...) first, then .prefetch(tf.data.AUTOTUNE)",
    ("batch", "shuffle"): "shuffle after batch only reorders whole batches: shuffle the elements first",
    ("prefetch", "shuffle"): "prefetch must come after shuffle: it should prepare finished batches",
    ("prefetch", "map"): "map after prefetch runs the preprocessing outside the prefetched pipeline: "
                         "map first, prefetch last",
    ("map", "batch"): "map before batch calls preprocess once per element: batch first, then map the "
                      "whole batch (vectorized)",
    ("shuffle", "cache"): "a cache after shuffle replays the first epoch's order in every epoch: cache "
                          "before shuffle",
}


def _idle(stage: dict[str, Any]) -> bool:
    """``prefetch(0)`` buffers nothing and ``shuffle(1)`` (or 0) has nothing to pick from."""
    size = stage["params"].get("buffer_size")
    return (stage["stage"] == "prefetch" and size == 0) or \
        (stage["stage"] == "shuffle" and isinstance(size, int) and 0 <= size <= 1)


def effective(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stages that do something: ``prefetch(0)`` and ``shuffle(1)`` are dropped."""
    return [s for s in stages if not _idle(s)]


def counted(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The stages a rule reads: the effective ones, or, for another call's pipeline (``lenient``),
    all of them: its arguments differ from the check's (a generated shuffle_buffer of 1 makes the
    learner's own shuffle idle), so only which stages come in which order is compared there."""
    return data["stages"] if data.get("lenient") else effective(data["stages"])


# Stages another call's pipeline may leave out: a learner may skip a shuffle its arguments make idle
# (shuffle_buffer=1); the check's own call judges the shuffle.
_OPTIONAL_ELSEWHERE = {"shuffle"}


def on_every_path(rule: Any, check: Any, data: dict[str, Any], call: str) -> Verdict:
    """``rule``'s verdict on the path through first inputs, unless another path (a branch joined by
    concatenate, zip or sample_from_datasets) fails it, or the pipeline returned for another of the
    grading's calls (``other_calls``) does: a rule about the pipeline holds on every path its
    elements take, whatever the input."""
    verdict = _every_branch(rule, check, data, call)
    if not verdict.passed:
        return verdict
    for other in data.get("other_calls") or []:
        found = _every_branch(rule, check, {**other, "other_calls": [], "lenient": True}, "that pipeline")
        if not found.passed:
            return Verdict(False, f"On another input ({other['call']}) your function returns another pipeline, "
                                  f"and it fails: {found.message}")
    return verdict


def _every_branch(rule: Any, check: Any, data: dict[str, Any], call: str) -> Verdict:
    branches = data.get("branches") or []
    for number, branch in enumerate(branches, start=2):
        verdict = rule(check, {**data, "stages": branch}, call)
        if not verdict.passed:
            return Verdict(False, f"Your pipeline joins {len(branches) + 1} datasets, and path {number} of them "
                                  f"fails: {verdict.message}")
    return rule(check, data, call)


def expected_order(check: StageOrderCheck) -> list[str]:
    """A topological order of the required stages (ties in listed order), ``last`` at the end."""
    remaining = list(dict.fromkeys(check.stages))
    order: list[str] = []
    while remaining:
        ready = [s for s in remaining if not any(b == s and a in remaining and a != s for a, b in check.before)
                 and (s != check.last or len(remaining) == 1)]
        pick = ready[0] if ready else remaining[0]
        order.append(pick)
        remaining.remove(pick)
    return order


def _closure(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Every "a before b" the pairs imply (shuffle<batch and batch<map give shuffle<map)."""
    implied = {(a, b) for a, b in pairs}
    while True:
        more = {(a, d) for a, b in implied for c, d in implied if b == c} - implied
        if not more:
            return implied
        implied |= more


def _fix(first: str, second: str) -> str:
    return MISTAKES.get((first, second), f"move {second} before {first}")


@judge("stage-order")
def stage_order(check: StageOrderCheck, data: dict[str, Any], call: str) -> Verdict:
    """Find the first stage out of place, on every path (see ``on_every_path``); show both chains."""
    return on_every_path(_one_path, check, data, call)


def _one_path(check: StageOrderCheck, data: dict[str, Any], call: str) -> Verdict:
    if data.get("absent"):
        return Verdict(False, data["absent"] + ".")
    stages = counted(data)
    names = [check.counted_as.get(s["stage"], s["stage"]) for s in stages]
    chains = f"Your pipeline: {render.chain(data['stages'])}; expected: ... -> {' -> '.join(expected_order(check))}."
    for required in dict.fromkeys(check.stages):
        if required not in names and not (data.get("lenient") and required in _OPTIONAL_ELSEWHERE):
            idle = any(s["stage"] == required and _idle(s) for s in data["stages"])
            why = {"prefetch": " (prefetch(0) does nothing: use prefetch(tf.data.AUTOTUNE))",
                   "shuffle": " (a shuffle buffer of 1 picks the only element it holds: nothing moves; use a "
                              "buffer as large as the data)"}.get(required, "") if idle else ""
            return Verdict(False, f"{call} has no {required} stage{why}. {chains}")
    violations = []
    optional = set(check.optional)
    for first, second in _closure([pair for pair in check.before if not optional & set(pair)]):
        if first not in names or second not in names:  # an optional stage another call left out
            continue
        last_first = max(i for i, n in enumerate(names) if n == first)
        first_second = min(i for i, n in enumerate(names) if n == second)
        if first_second < last_first:
            violations.append((first_second, names.index(first), second, first))
    for first, second in [pair for pair in check.before if optional & set(pair)]:
        # with an optional stage: every `first` before the last `second` (a cache between a split's
        # shuffle and the epoch's shuffle is fine; one after the last shuffle freezes the order)
        if first in names and second in names:
            last_second = max(i for i, n in enumerate(names) if n == second)
            if any(n == first and i > last_second for i, n in enumerate(names)):
                violations.append((last_second, names.index(first), second, first))
    if violations:  # the earliest stage out of place, against the nearest stage it should follow
        position, _, early, late = min(violations)
        return Verdict(False, f"{early} (stage {position + 1}) comes before {late}: {_fix(early, late)}. {chains}")
    if check.last and names[-1] != check.last:
        return Verdict(False, f"{names[-1]} comes after {check.last}, but {check.last} must be the last stage: "
                              f"{_fix(check.last, names[-1])}. {chains}")
    problems = [] if data.get("lenient") else _wrong_params(check, stages, names)  # params: the check's call
    if problems:
        return Verdict(False, f"{call}: " + "; ".join(problems) + f". Your pipeline: {render.chain(data['stages'])}.")
    return Verdict(True, f"Stages in a right order: {render.chain(data['stages'])}.")


def _wrong_params(check: StageOrderCheck, stages: list[dict[str, Any]], names: list[str]) -> list[str]:
    """Each required parameter the last stage of its name does not have, said with the argument it
    should come from (a hard-coded default shows up here)."""
    problems = []
    for name, wanted in check.required_params.items():
        stage = stages[max(i for i, n in enumerate(names) if n == name)]
        for param, value in wanted.items():
            got = stage["params"].get(param)
            if got == value:
                continue
            source = check.params[name][param]
            shown = "a value the graph does not show" if got is None else render.param(got)
            if isinstance(source, str):
                problems.append(f"{render.stage(stage)} has {param} {shown}; expected the {source} argument "
                                f"({value}): use the argument you are given, not a fixed number")
            else:
                problems.append(f"{render.stage(stage)} has {param} {shown}; expected {render.param(value)}")
    return problems
