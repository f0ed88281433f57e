"""Probes: the plain data each check needs, collected in the child next to the learner's code.

Everything a probe compares against (expected outputs, inputs, held-out rows) is built in
``Prepared`` *before* the learner's file is imported, so the submission cannot change it.
"""

from __future__ import annotations

import os
import traceback
from typing import Any


class SubmissionError(Exception):
    """The submission cannot be graded at all; becomes ``status: "error"``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def first_line(text: Any, limit: int = 300) -> str:
    """The first non-empty line of ``text`` (the last, for TensorFlow's "in user code:" traces),
    cut to ``limit`` characters."""
    lines = [part.strip() for part in str(text).splitlines() if part.strip()]
    line = (lines[-1] if lines[0].startswith("in user code") else lines[0]) if lines else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


def learner_trace(exc: BaseException, path: str) -> str:
    """The exception in one line, with only the learner's own frames before it."""
    name = os.path.basename(path)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    where = [f"{name}, line {f.lineno}, in {f.name}: {(f.line or '').strip()}" for f in frames[-3:]]
    text, name = first_line(exc), type(exc).__name__
    summary = (text if text.startswith(f"{name}:") else f"{name}: {text}") if text else name
    return "\n".join(where + [summary])


def evaluate(source: str, names: dict[str, Any]) -> Any:
    """Evaluate a spec expression with tf, np and the grader's input helpers in scope."""
    import numpy as np
    import tensorflow as tf

    from grader.tfdata import inputs

    scope = {"tf": tf, "np": np, **{name: getattr(inputs, name) for name in inputs.__all__}, **names}
    return eval(compile(source, "<exercise spec>", "eval"), scope)  # noqa: S307


def build_call(call: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """Fresh objects for one call: the first argument and the others by name."""
    first = evaluate(call["input"], {})
    args = {name: evaluate(value, {}) if isinstance(value, str) else value
            for name, value in call.get("args", {}).items()}
    return first, args


class Prepared:
    """One probe's inputs and expected data, built before the learner's code exists."""

    def __init__(self, probe: dict[str, Any], first: str, held_out: str | None = None,
                 known: Any = None) -> None:
        """``known``: what a reference run already found for this probe (its expected outputs, or the
        table of a property probe's expected outputs); None computes them here."""
        import tensorflow as tf

        from grader.tfdata.stages import stage_chain
        from grader.tfdata.values import materialize

        self.probe = probe
        self.known = known
        self.call = probe["call"]
        self.expected = None
        self.view = None
        self.held_out = None
        self.input_chain: list[dict[str, Any]] = []
        if probe["probe"] == "outputs":
            self.expected = known
            if known is None:
                ds, args = build_call(self.call)
                names = {"ds": ds, first: ds, **args}  # the first argument by its own name too (e.g. rows)
                self.expected = materialize(evaluate(probe["expected"], names), probe["max_elements"])
            self.view = evaluate(f"lambda out: {probe.get('view') or 'out'}", {})
        elif probe["probe"] == "stages":
            value = build_call(self.call)[0]
            self.input_chain = stage_chain(value) if isinstance(value, tf.data.Dataset) else []
        elif probe["probe"] == "training" and held_out:
            self.held_out = evaluate(held_out, {})
        elif probe["probe"] == "throughput":
            self._prepare_throughput(probe)
        self.inputs = build_call(self.call)

    def _prepare_throughput(self, probe: dict[str, Any]) -> None:
        """The slow source or load, with a recorder; the baseline; and the learner's inputs."""
        import tensorflow as tf

        from grader.tfdata.inputs import slow_load

        self.produced = []
        load = slow_load(probe["producer_ms"] / 1000, record=self.produced)
        count = probe["steps"] + 2
        _, args = build_call(self.call)
        self.baseline = lambda: tf.data.Dataset.range(count).map(load)  # sequential: load, then step
        if probe["load_param"]:
            self.throughput_inputs = lambda: (tf.data.Dataset.range(count), {**args, probe["load_param"]: load})
        else:  # the delay sits at the source; the learner's pipeline wraps it
            self.throughput_inputs = lambda: (tf.data.Dataset.range(count).map(load), args)


def _throughput(prepared: Prepared, learner: Any) -> dict[str, Any]:
    from grader.tfdata.stages import stage_chain
    from grader.tfdata.timing import compare

    probe = prepared.probe
    first = learner.call(prepared.call, prepared.throughput_inputs())
    measured = compare(prepared.baseline, lambda: learner.call(prepared.call, prepared.throughput_inputs()),
                       step_s=probe["consumer_ms"] / 1000, steps=probe["steps"], repeats=probe["repeats"],
                       produced=prepared.produced)
    return {**measured, "stages": stage_chain(first)}


def record_fit_datasets() -> list[Any]:
    """Wrap ``keras.Model.fit`` to remember each tf.data dataset it is given (for ``of: fit`` checks)."""
    import keras
    import tensorflow as tf

    seen: list[Any] = []
    original = keras.Model.fit

    def fit(self: Any, x: Any = None, *args: Any, **kwargs: Any) -> Any:
        if isinstance(x, tf.data.Dataset):
            seen.append(x)
        return original(self, x, *args, **kwargs)

    keras.Model.fit = fit
    return seen


def _accuracy(model: Any, rows: Any) -> float:
    import numpy as np

    features, labels = rows[:, :4], rows[:, 4].astype(np.int64)
    scores = np.asarray(model(features, training=False))
    if scores.ndim == 2 and scores.shape[1] > 1:
        predicted = scores.argmax(axis=1)
    else:
        predicted = np.rint(scores.reshape(len(rows))).astype(np.int64)
    return float((predicted == labels).mean())


def _training(history: Any, prepared: Prepared, fit_calls: list[Any]) -> dict[str, Any]:
    from grader.tfdata.stages import stage_chain

    result: dict[str, Any] = {
        "history": {str(k): [float(v) for v in values] for k, values in dict(history.history).items()},
        "stages": stage_chain(fit_calls[-1]) if fit_calls else [],
        "absent": None if fit_calls else "model.fit was never given a tf.data.Dataset (arrays go around the "
                                         "input pipeline): build one and pass it to fit",
        "input_stages": [], "held_out_rows": 0, "accuracy": None, "accuracy_error": None}
    if prepared.held_out is not None:
        result["held_out_rows"] = len(prepared.held_out)
        try:
            result["accuracy"] = _accuracy(history.model, prepared.held_out)
        except Exception as exc:  # noqa: BLE001 - a model that cannot take [N, 4] features
            result["accuracy_error"] = f"{type(exc).__name__}: {first_line(exc)}"
    return result


def _outputs(result: Any, prepared: Prepared, path: str) -> dict[str, Any]:
    from grader.tfdata.values import materialize, plain_spec

    limit = min(len(prepared.expected["elements"]), prepared.probe["max_elements"]) + 1
    try:
        viewed = prepared.view(result)
    except Exception as exc:  # noqa: BLE001 - the learner's elements do not fit the check's view
        return {"error": {"kind": "view", "spec": plain_spec(result.element_spec),
                          "message": f"{type(exc).__name__}: {first_line(exc)}"}}
    try:
        got = materialize(viewed, limit)
    except BaseException as exc:  # noqa: BLE001
        raise SubmissionError("crash", "reading the returned dataset failed:\n" + learner_trace(exc, path)) from None
    return {"expected": prepared.expected, "got": got}


def run_probe(prepared: Prepared, learner: Any, fit_calls: list[Any]) -> dict[str, Any]:
    """Call the entry point for this probe and collect what its checks need."""
    from grader.tfdata.stages import stage_chain

    try:
        result = learner.call(prepared.call, prepared.inputs)
        if prepared.probe["probe"] == "training":
            return _training(result, prepared, fit_calls)
        if prepared.probe["probe"] == "throughput":
            return _throughput(prepared, learner)
        if prepared.probe["probe"] == "property":
            from grader.sandbox.properties import run_property

            return run_property(prepared.probe, learner, prepared.known)
        if prepared.probe["probe"] == "outputs":
            return _outputs(result, prepared, learner.path)
        chain = stage_chain(result)
        prefix = len(prepared.input_chain)
        own = chain[prefix:] if chain[:prefix] == prepared.input_chain else chain
        return {"stages": own, "input_stages": prepared.input_chain}
    except SubmissionError as exc:
        return {"error": {"kind": exc.kind, "message": exc.message}}
