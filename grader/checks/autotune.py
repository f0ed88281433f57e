"""``autotune``: the named stages let TensorFlow tune them (``tf.data.AUTOTUNE``, i.e. -1)."""

from __future__ import annotations

from typing import Any

from grader.checks import render
from grader.checks.registry import Verdict, judge
from grader.checks.stage_order import counted, on_every_path
from grader.spec.models import AutotuneCheck

_PARAM = {"prefetch": "buffer_size", "map": "num_parallel_calls", "interleave": "num_parallel_calls",
          "batch": "num_parallel_calls"}
_HOW = {"prefetch": ".prefetch(tf.data.AUTOTUNE)", "map": ".map(f, num_parallel_calls=tf.data.AUTOTUNE)",
        "interleave": ".interleave(f, num_parallel_calls=tf.data.AUTOTUNE)",
        "batch": ".batch(n, num_parallel_calls=tf.data.AUTOTUNE)"}


def _problem(name: str, stages: list[dict[str, Any]]) -> str | None:
    found = [s for s in stages if s["stage"] == name]
    if not found:
        return f"no {name} stage found; add {_HOW[name]}"
    value = found[-1]["params"].get(_PARAM[name])
    if value == render.AUTOTUNE:
        return None
    if value is None:
        return f"{name} runs sequentially; use {_HOW[name]}"
    return f"{name} uses a fixed {_PARAM[name]} of {value}; use {_HOW[name]} so TensorFlow tunes it at run time"


def autotune_switched_off(stages: list[dict[str, Any]]) -> bool:
    """Whether the pipeline's effective options (read from its graph) switch autotuning off."""
    return any(s.get("options", {}).get("autotune") is False for s in stages)


@judge("autotune")
def autotune(check: AutotuneCheck, data: dict[str, Any], call: str) -> Verdict:
    """Each named stage's (last) occurrence must use AUTOTUNE, on every path."""
    return on_every_path(_one_path, check, data, call)


def _one_path(check: AutotuneCheck, data: dict[str, Any], call: str) -> Verdict:
    if data.get("absent"):
        return Verdict(False, data["absent"] + ".")
    stages = counted(data)
    problems = [p for p in (_problem(name, stages) for name in check.stages) if p]
    if not problems and autotune_switched_off(data["stages"]):
        return Verdict(False, "AUTOTUNE is written, but autotuning is switched off by with_options "
                              "(options.autotune.enabled = False), so nothing is tuned: remove that option. "
                              f"Your pipeline: {render.chain(data['stages'])}.")
    if problems:
        return Verdict(False, "; ".join(problems) + f". Your pipeline: {render.chain(data['stages'])}.")
    verb = "uses" if len(check.stages) == 1 else "use"
    return Verdict(True, f"{' and '.join(check.stages)} {verb} tf.data.AUTOTUNE: {render.chain(data['stages'])}.")
