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
    overlap = overlapping_stages(data["stages"])
    source = ", ".join(render.stage(s) for s in overlap) or "no stage"
    measured = (f"{speedup:.2f}x faster than the sequential baseline (ideal {ideal:.2f}x, efficiency "
                f"{speedup / ideal:.0%}; {check.steps} steps of {check.producer_ms:g} ms load + "
                f"{check.consumer_ms:g} ms training step, median of {check.repeats}); overlap from {source}")
    timeline = {name: {"seconds": round(run["timeline"]["seconds"], 4),
                       **{lane: [(round(a, 4), round(b, 4)) for a, b in run["timeline"][lane]]
                          for lane in ("producer", "consumer")}}
                for name, run in (("baseline", baseline), ("learner", learner))}
    if speedup >= check.min_speedup:
        return Verdict(True, f"{measured}.", timeline=timeline)
    advice = ("nothing in your pipeline runs in the background: add .prefetch(tf.data.AUTOTUNE) after the "
              "slow map" if not overlap else "the overlapping stage comes before the slow one, so loading "
              "still waits for each step: prefetch after map(load)")
    return Verdict(False, f"{measured}; {check.min_speedup:g}x needed: {advice}.", timeline=timeline)
