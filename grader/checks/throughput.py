"""``throughput``: the learner's pipeline really overlaps loading with the training step.

The verdict is a ratio measured in one run (baseline median time / learner median time),
so a busy machine slows both sides alike. The ideal speedup is (P + C) / max(P, C).
"""

from __future__ import annotations

from typing import Any

from grader.checks import render
from grader.checks.registry import Verdict, judge
from grader.spec.checks import ThroughputCheck


def overlapping_stages(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stages that run in the background: prefetch(n != 0), and any parallel map, interleave or batch."""
    out = []
    for stage in stages:
        params = stage["params"]
        if stage["stage"] == "prefetch" and params.get("buffer_size") not in (0, None):
            out.append(stage)
        elif stage["stage"] in ("map", "interleave", "batch") and params.get("num_parallel_calls") not in (None, 1):
            out.append(stage)
    return out


@judge("throughput")
def throughput(check: ThroughputCheck, data: dict[str, Any], call: str) -> Verdict:
    """Pass when the measured speedup reaches ``min_speedup``; name what overlapped."""
    baseline, learner = data["baseline"], data["learner"]
    if learner["elements"] < check.steps:
        return Verdict(False, f"the pipeline yielded only {learner['elements']} of the {check.steps} elements the "
                              "measurement needs; keep every element.")
    speedup = baseline["seconds"] / learner["seconds"]
    ideal = (check.producer_ms + check.consumer_ms) / max(check.producer_ms, check.consumer_ms)
    stages = data["stages"]
    overlap = overlapping_stages(stages)
    # The slow stage is the load: the first map or interleave. Only a stage at or after it overlaps loading
    # with the training step; a prefetch before it buffers elements that are not loaded yet.
    slow = next((i for i, s in enumerate(stages) if s["stage"] in ("map", "interleave")), None)
    # by position, not by value: prefetch(AUTOTUNE) before the load and the same one after it are two stages
    before = [i for i, s in enumerate(stages) if slow is not None and i < slow and any(s is o for o in overlap)]
    overlap = [s for s in overlap if not any(s is stages[i] for i in before)]
    early = [stages[i] for i in before]
    if overlap:
        source = "overlap from " + ", ".join(render.stage(s) for s in overlap)
    elif early:
        source = (f"no overlap: {', '.join(render.stage(s) for s in early)} comes before the slow stage "
                  f"{render.stage(stages[slow])}, so nothing overlaps")
    else:
        source = "no overlap: no stage runs in the background"
    measured = (f"{speedup:.2f}x faster than the sequential baseline (ideal {ideal:.2f}x, efficiency "
                f"{speedup / ideal:.0%}; {check.steps} steps of {check.producer_ms:g} ms load + "
                f"{check.consumer_ms:g} ms training step, median of {check.repeats}); {source}")
    timeline = {name: {"seconds": round(run["timeline"]["seconds"], 4),
                       **{lane: [(round(a, 4), round(b, 4)) for a, b in run["timeline"][lane]]
                          for lane in ("producer", "consumer")}}
                for name, run in (("baseline", baseline), ("learner", learner))}
    if speedup >= check.min_speedup:
        return Verdict(True, f"{measured}.", timeline=timeline)
    if early and not overlap:
        advice = "move the prefetch after the slow stage: ds.map(load).prefetch(tf.data.AUTOTUNE)"
    elif not overlap:
        advice = "add .prefetch(tf.data.AUTOTUNE) after the slow map"
    else:
        advice = "prefetch with tf.data.AUTOTUNE (not a small fixed buffer) right after the slow map"
    return Verdict(False, f"{measured}; {check.min_speedup:g}x needed: {advice}.", timeline=timeline)
