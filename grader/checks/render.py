"""Plain values (see grader.tfdata.values) rendered the way a learner reads them."""

from __future__ import annotations

import json
from typing import Any

AUTOTUNE = -1


def value(plain: Any, limit: int = 120) -> str:
    """``0``, ``[0, 1]``, ``(1, 'a')``, ``{'x': 1.5}``: the element as Python would print it."""
    if "tuple" in plain:
        inner = ", ".join(value(v, limit) for v in plain["tuple"])
        text = f"({inner},)" if len(plain["tuple"]) == 1 else f"({inner})"
    elif "dict" in plain:
        text = "{" + ", ".join(f"{k!r}: {value(v, limit)}" for k, v in plain["dict"].items()) + "}"
    else:
        text = repr(plain["v"])
    return text if len(text) <= limit else text[: limit - 3] + "..."


def spec(plain: Any) -> str:
    """``int64`` scalars, ``int64[?]`` batches, ``(int32, string)`` tuples."""
    if plain is None:
        return "?"
    if "tuple" in plain:
        return "(" + ", ".join(spec(v) for v in plain["tuple"]) + ")"
    if "dict" in plain:
        return "{" + ", ".join(f"{k!r}: {spec(v)}" for k, v in plain["dict"].items()) + "}"
    shape = plain.get("s")
    dims = "" if not shape else "[" + ", ".join("?" if d is None else str(d) for d in shape) + "]"
    return f"{plain['t']}{dims}"


def structure(plain: Any) -> Any:
    """The element spec without static shapes: what must match exactly."""
    if "tuple" in plain:
        return ["tuple", [structure(v) for v in plain["tuple"]]]
    if "dict" in plain:
        return ["dict", {k: structure(v) for k, v in plain["dict"].items()}]
    return plain["t"]


def _rounded(item: Any) -> Any:
    if isinstance(item, float):
        return float(f"{item:.6g}")
    if isinstance(item, list):
        return [_rounded(i) for i in item]
    if isinstance(item, dict):
        return {k: _rounded(v) for k, v in item.items()}
    return item


def key(plain: Any) -> str:
    """A canonical text of an element, floats to six significant digits, for comparison."""
    return json.dumps(_rounded(plain), sort_keys=True)


def param(number: Any) -> str:
    return "AUTOTUNE" if number == AUTOTUNE else str(number)


def stage(item: dict[str, Any]) -> str:
    """``batch(2)``, ``prefetch(AUTOTUNE)``, ``map(parallel=AUTOTUNE)``, ``range``."""
    params = item.get("params", {})
    name = item["stage"]
    if name == "source":
        return item["op"].removesuffix("Dataset").replace("TensorSlice", "from_tensor_slices").lower()
    if name == "other":
        return item["op"]
    if name == "map" and "num_parallel_calls" in params:
        return f"map(parallel={param(params['num_parallel_calls'])})"
    shown = {"prefetch": "buffer_size", "batch": "batch_size", "shuffle": "buffer_size",
             "take": "count", "skip": "count", "repeat": "count"}.get(name)
    if shown not in params:
        return name
    if name == "repeat" and params[shown] == -1:  # count -1 is "forever", written repeat()
        return "repeat()"
    # -1 means AUTOTUNE only for a prefetch buffer (and a parallelism, above); take(-1) takes everything
    return f"{name}({param(params[shown]) if name == 'prefetch' else params[shown]})"


def chain(stages: list[dict[str, Any]]) -> str:
    """Stages joined by arrows, as in the lesson: ``shuffle(1000) -> batch(32) -> ...``."""
    if not stages:
        return "(no stages added)"
    off = any(s.get("options", {}).get("autotune") is False for s in stages)
    return " -> ".join(stage(s) for s in stages) + (" (with_options: autotune off)" if off else "")
