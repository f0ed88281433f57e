"""Probes: the plain data each check needs, computed in the evaluator from what the builder built.

Everything a probe compares against (expected outputs, inputs, held-out rows) is built here in
``Prepared``; the builder only ever receives a call's inputs. The learner's datasets are rebuilt
from their graphs, read, timed and inspected here, with the grader's own code and clocks.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable

from grader.builder.learner import first_line
from grader.evaluate.client import Built, SubmissionError, call_key, load_problem
from grader.evaluate.expressions import build_call, evaluate


THROUGHPUT_LOOKAHEAD = 1000


class Learner:
    """The learner's entry point as the evaluator sees it: a call that returns what the builder built.
    A training run happens once per distinct call."""

    def __init__(self, builder: Any, workdir: str) -> None:
        self.builder = builder
        self.workdir = workdir
        self._trained: dict[str, Built] = {}
        self.built: list[tuple[dict[str, Any], Any, Any]] = []  # (call, its first input, the graph returned)

    def trained(self, call: dict[str, Any]) -> Built | None:
        """The training run of ``call``, if it happened."""
        return self._trained.get(call_key(call))

    def call(self, call: dict[str, Any], inputs: tuple[Any, dict[str, Any], dict[str, str]]) -> Built:
        if self.builder.returns != "history":
            built = self.builder.build(*inputs)
            self.built.append((call, inputs[0], built.graph))
            return built
        key = call_key(call)
        if key not in self._trained:
            self._trained[key] = self.builder.build(*inputs)
            self.built.append((call, None, self._trained[key].fit_graph))  # fit's input is the learner's own
        return self._trained[key]


class Prepared:
    """One probe's inputs and expected data, built in the evaluator."""

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
        self.view: Callable[[Any], Any] | None = None
        self.held_out = None
        self.input_chain: list[dict[str, Any]] = []
        if probe["probe"] == "outputs":
            self.expected = known
            if known is None:
                ds, args, _ = build_call(self.call)
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

        self.produced: list[Any] = []
        delay = probe["producer_ms"] / 1000
        load = slow_load(delay, record=self.produced)
        # Far longer than what is consumed: a pipeline that loads everything while the first (untimed)
        # element is pulled (a huge shuffle buffer, batch-then-unbatch) cannot hide its loading there.
        count = probe["steps"] + 4 + THROUGHPUT_LOOKAHEAD
        _, args, sources = build_call(self.call)
        self.baseline = lambda: tf.data.Dataset.range(count).map(load)  # sequential: load, then step
        if probe["load_param"]:
            sources = {**sources, probe["load_param"]: f"slow_load({delay!r})"}
            self.throughput_inputs = (tf.data.Dataset.range(count), {**args, probe["load_param"]: load}, sources)
        else:  # the delay sits at the source; the learner's pipeline wraps it
            self.throughput_inputs = (tf.data.Dataset.range(count).map(load), args, sources)


def _input_count(first: Any) -> int | None:
    import tensorflow as tf

    count = int(first.cardinality()) if isinstance(first, tf.data.Dataset) else -1
    return count if count >= 0 else None


def _outputs(built: Built, prepared: Prepared) -> dict[str, Any]:
    from grader.evaluate.client import load_tokens
    from grader.tfdata.inputs import load_calls
    from grader.tfdata.values import materialize, plain_spec

    expected, view = prepared.expected, prepared.view
    if expected is None or view is None:  # Prepared sets both for every outputs probe
        raise RuntimeError("an outputs probe without its expected output")
    limit = min(len(expected["elements"]), prepared.probe["max_elements"]) + 1
    try:
        viewed = view(built.dataset)
    except Exception as exc:  # noqa: BLE001 - the learner's elements do not fit the check's view
        return {"error": {"kind": "view", "spec": plain_spec(built.dataset.element_spec),
                          "message": f"{type(exc).__name__}: {first_line(exc)}"}}
    tokens = load_tokens(*prepared.inputs[:2])
    before = sum(load_calls(token) for token in tokens)
    try:
        got = materialize(viewed, limit)
    except Exception as exc:  # noqa: BLE001 - an op of the learner's pipeline failed on these elements
        raise SubmissionError("crash", "reading the returned dataset failed: "
                                       f"{type(exc).__name__}: {first_line(exc)}") from None
    calls = sum(load_calls(token) for token in tokens) - before
    elements = _input_count(prepared.inputs[0])
    if tokens and not got["truncated"] and elements is not None and calls != elements:
        return load_problem(calls, elements)
    return {"expected": prepared.expected, "got": got}


def _accuracy(folder: str, rows: Any) -> float:
    """The learner's SavedModel, loaded here, on rows the builder never saw."""
    import numpy as np
    import tensorflow as tf

    from grader.evaluate.graphs import check_saved_model

    check_saved_model(folder)
    loaded = tf.saved_model.load(folder)
    serve = getattr(loaded, "serve", None) or loaded.signatures["serving_default"]
    features, labels = rows[:, :4], rows[:, 4].astype(np.int64)
    scores = serve(tf.constant(features, dtype=tf.float32))
    if isinstance(scores, dict):
        scores = next(iter(scores.values()))
    scores = np.asarray(scores)
    if scores.ndim == 2 and scores.shape[1] > 1:
        predicted = scores.argmax(axis=1)
    else:
        predicted = np.rint(scores.reshape(len(rows))).astype(np.int64)
    return float((predicted == labels).mean())


def _rows_read(ds: Any, limit: int, batched: bool) -> int:
    """How many distinct rows a dataset given to fit yields among its first ``limit`` rows: with a
    batch stage (read from its graph), each element holds as many rows as the leading dimension of
    its first tensor (labels first or features first alike); without one, each element is a row.
    Distinct, because a take() left from debugging and then repeat() yields the same rows again."""
    import numpy as np
    import tensorflow as tf

    seen: set[str] = set()
    rows = 0
    for element in ds.take(limit + 1):
        leading = tf.nest.flatten(element)[0]  # a ragged or sparse batch has a batch size too
        count = int(leading.shape[0] or 0) if batched and leading.shape.rank else 1
        tensors = [np.asarray(t) for t in tf.nest.flatten(element, expand_composites=True)]
        plain = len(tensors) == len(tf.nest.flatten(element))  # no ragged or sparse parts
        for index in range(count):
            # repr of the values (not their bytes: a string tensor holds objects); a row that cannot be
            # told apart this way (ragged, sparse) counts as a new one
            parts = [repr(np.asarray(t[index] if batched and t.ndim and t.shape[0] == count else t).tolist())
                     for t in tensors] if plain else [f"row {rows + index}"]
            seen.add("|".join(parts))
        rows += count
        if rows >= limit:
            break
    return len(seen)


def _fit_absent(built: Built, prepared: Prepared, stages: list[dict[str, Any]]) -> str | None:
    """Why the dataset the returned History was trained on cannot be credited, or None if it can: it
    must be a tf.data dataset, and yield at least half the rows handed over (a validation split keeps
    the rest, and a batch with drop_remainder=True a few more: two thirds failed a 70/30 split in
    batches of 64; an empty or cut-down decoy given to a second fit does not stand for a training on
    arrays)."""
    import numpy as np

    if built.fit_graph is None:
        return ("model.fit (the call whose History you return) was never given a tf.data.Dataset (arrays go "
                "around the input pipeline): build one and pass it to fit")
    given = prepared.inputs[0]
    total = len({repr(np.asarray(row).tolist()) for row in given}) if hasattr(given, "__len__") else None
    if total is None:
        return None
    try:
        read = _rows_read(built.fit_dataset, total, any(s["stage"] in ("batch", "padded_batch") for s in stages))
    except Exception as exc:  # noqa: BLE001 - the learner's pipeline failed while it was read
        return f"the dataset given to fit could not be read: {type(exc).__name__}: {first_line(exc)}"
    if 2 * read < total:  # a validation split keeps most rows for training
        return (f"the dataset given to model.fit (the call whose History you return) yields {read} of the "
                f"{total} rows (distinct): train on the rows you are given (no take() left in the pipeline fit reads)")
    return None


def _training(built: Built, prepared: Prepared, workdir: str) -> dict[str, Any]:
    paths = _paths(built.fit_graph, []) if built.fit_graph is not None else {"stages": [], "branches": []}
    result: dict[str, Any] = {
        # A History's numbers are credited only with the model they describe: no model, no history.
        "history": built.history if built.model is not None else {},
        **paths,
        "absent": _fit_absent(built, prepared, paths["stages"]) or paths.get("absent"),
        "input_stages": [], "held_out_rows": 0, "accuracy": None, "accuracy_before": None, "accuracy_error": None}
    if prepared.held_out is not None:
        result["held_out_rows"] = len(prepared.held_out)
        inside = os.path.realpath(workdir) + os.sep
        # untrained: the model as its first fit found it (None: not built before that fit)
        folders = [os.path.realpath(f) for f in (built.model, built.untrained) if f is not None]
        if built.model is None:
            result["accuracy_error"] = f"history.model cannot be graded: {built.model_error}"
        elif not all(folder.startswith(inside) for folder in folders):
            result["accuracy_error"] = "the model was not saved in the submission's work folder"
        else:
            try:
                result["accuracy"] = _accuracy(folders[0], prepared.held_out)
                if len(folders) > 1:  # the model as its first fit found it
                    result["accuracy_before"] = _accuracy(folders[1], prepared.held_out)
            except Exception as exc:  # noqa: BLE001 - a model that cannot take [N, 4] features, or is refused
                result["accuracy"] = None
                result["accuracy_error"] = f"{type(exc).__name__}: {first_line(exc)}"
    return result


def _paths(graph: Any, input_chain: list[dict[str, Any]]) -> dict[str, Any]:
    """The stages of every path through the learner's pipeline (see ``stage_paths``), each without
    the stages of the input it was handed: ``stages`` the path through first inputs, ``branches``
    the others."""
    from grader.tfdata.stages import read_paths

    paths, problem = read_paths(graph)
    prefix = len(input_chain)
    own = [path[prefix:] if path[:prefix] == input_chain else path for path in paths]
    found: dict[str, Any] = {"stages": own[0], "branches": own[1:]}
    if problem:
        found["absent"] = problem
    return found


def _stages(built: Built, prepared: Prepared, learner: Learner | None = None) -> dict[str, Any]:
    """The stages of the pipeline built for the check's call and, under ``other_calls``, those of
    every other pipeline the entry point returned in this grading whose stages differ: a rule about
    the pipeline holds whatever the input (a pipeline that prefetched only for the example's input
    once passed on that one)."""
    found = {**_paths(built.graph, prepared.input_chain), "input_stages": prepared.input_chain}
    if learner is None:
        return found
    return {**found, "other_calls": other_calls(learner, built.graph, found)}


def other_calls(learner: Learner, graph_seen: Any, found: dict[str, Any]) -> list[dict[str, Any]]:
    """The stages of every other pipeline the entry point returned (or gave ``fit``) in this grading,
    each shape once, past ``found`` (the check's own): see ``_stages``."""
    seen = {json.dumps([found["stages"], found["branches"]], sort_keys=True, default=str)}
    others = []
    for call, first, graph in learner.built:
        if graph is None or graph is graph_seen:
            continue
        paths = _paths(graph, _input_chain(first))
        shape = json.dumps([paths["stages"], paths["branches"]], sort_keys=True, default=str)
        if (shape not in seen or paths.get("absent")) and not _empty(first):  # an empty input: any pipeline
            seen.add(shape)
            others.append({**paths, "call": _call_text(call)})
    return others


def _empty(first: Any) -> bool:
    """Whether an input the grader handed over has no elements (then how it is piped matters to no
    one: a learner may return it as it is)."""
    import tensorflow as tf

    from grader.evaluate.client import Encoded
    from grader.tfdata import wire

    try:
        if isinstance(first, Encoded):
            first = wire.rebuild(wire.decode_graph(first.wire["graph"]), wire.decode_spec(first.wire["spec"]))
        return isinstance(first, tf.data.Dataset) and int(first.cardinality()) == 0
    except Exception:  # noqa: BLE001 - the grader's own input; unknown means not empty
        return False


def _input_chain(first: Any) -> list[dict[str, Any]]:
    """The stages of an input the grader handed over (built here, or in its wire form)."""
    import tensorflow as tf

    from grader.evaluate.client import Encoded
    from grader.tfdata import wire
    from grader.tfdata.stages import stage_chain

    if isinstance(first, Encoded):
        return stage_chain(wire.decode_graph(first.wire["graph"]))
    return stage_chain(first) if isinstance(first, tf.data.Dataset) else []


def _call_text(call: dict[str, Any]) -> str:
    """A call as a learner reads it: its input, then its arguments."""
    if "property" in call:
        rest = ", ".join(f"{k}={v}" for k, v in call.items() if k != "property")
        return call["property"] + (f", {rest}" if rest else "")
    args = call.get("args") or {}
    return ", ".join([str(call.get("input", "")), *(f"{k}={v}" for k, v in args.items())])


def _seeded(prepared: Prepared, learner: Learner) -> dict[str, Any]:
    """Three separate calls: the first seed twice, the second once, each read in order (as every
    value is, see ``client._rebuild``). The same seed must give the same elements in the same order;
    the other seed, another order."""
    from grader.checks.render import key
    from grader.tfdata.values import materialize

    probe = prepared.probe
    first, args, sources = prepared.inputs
    view = evaluate(f"lambda out: {probe.get('view') or 'out'}", {})
    outputs = []
    for seed in (probe["seeds"][0], probe["seeds"][0], probe["seeds"][1]):
        built = learner.call(prepared.call, (first, {**args, probe["param"]: seed}, sources))
        try:
            elements = materialize(view(built.dataset), probe["max_elements"])["elements"]
        except Exception as exc:  # noqa: BLE001 - the learner's pipeline failed on these elements
            raise SubmissionError("crash", "reading the returned dataset failed: "
                                           f"{type(exc).__name__}: {first_line(exc)}") from None
        outputs.append([key(element) for element in elements])
    return {"same": outputs[0] == outputs[1], "differ": outputs[0] != outputs[2]}


def build_throughput(prepared: Prepared, learner: Learner) -> Callable[[], dict[str, Any]]:
    """Have the learner's pipeline built now; return the timing to run once no learner process is left."""
    from grader.tfdata import wire
    from grader.tfdata.stages import stage_chain
    from grader.tfdata.timing import WARM_UP, compare

    probe = prepared.probe
    built = learner.call(prepared.call, prepared.throughput_inputs)
    spec = built.dataset.element_spec

    def timed() -> dict[str, Any]:
        measured = compare(prepared.baseline, lambda: wire.rebuild(built.graph, spec),
                           step_s=probe["consumer_ms"] / 1000, steps=probe["steps"], repeats=probe["repeats"],
                           produced=prepared.produced)
        pulled = measured["learner"]["elements"] + WARM_UP  # the untimed ones, then the timed ones
        if measured["learner"]["loads"] < pulled:  # e.g. elements loaded once, kept, and replayed
            return load_problem(measured["learner"]["loads"], pulled)
        return {**measured, "stages": stage_chain(built.graph)}

    return timed


def run_probe(prepared: Prepared, learner: Learner) -> dict[str, Any]:
    """Have the entry point built for this probe and collect what its checks need."""
    try:
        if prepared.probe["probe"] == "property":
            from grader.evaluate.properties import run_property

            return run_property(prepared.probe, learner, prepared.known)
        if prepared.probe["probe"] == "seeded":
            return _seeded(prepared, learner)
        built = learner.call(prepared.call, prepared.inputs)
        if prepared.probe["probe"] == "training":
            return _training(built, prepared, learner.workdir)
        if prepared.probe["probe"] == "outputs":
            return _outputs(built, prepared)
        return _stages(built, prepared, learner)
    except SubmissionError as exc:
        return {"error": {"kind": exc.kind, "message": exc.message}}
