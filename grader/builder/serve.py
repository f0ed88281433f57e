"""The builder: the only process that runs learner Python.

The evaluator forks it right after importing TensorFlow, before reading the grading plan and
before any TensorFlow op, so it inherits no expected value, no check and no held-out data, and
no thread pool. It keeps only its socket to the evaluator (every other descriptor, the result
pipe included, is closed), confines itself, imports the learner's file and then answers
requests: call the entry point on these inputs, send back what it built, as artifacts (a
dataset's graph and element spec; a History's numbers, the graphs ``fit`` received and the
model as a SavedModel). It never measures anything: whatever it sends is data the evaluator
validates and runs itself.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
from dataclasses import dataclass
from typing import Any

from grader.builder.learner import BuildError, call, entry_point, first_line, import_submission
from grader.sandbox import protocol

PR_SET_PDEATHSIG = 1
MAX_HISTORY_VALUES = 100_000


def _keep_only(fd: int) -> None:
    """Close every descriptor but stdout, stderr and ``fd``; stdin reads nothing."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.closerange(3, fd)
    os.closerange(fd + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def _limit(kind: int, value: int) -> None:
    try:
        resource.setrlimit(kind, (value, value))
    except (ValueError, OSError):
        pass  # the runner's watchdog and deadline still hold


def _setup(start: dict[str, Any]) -> dict[str, Any]:
    """Limits, confinement, seeds and devices, before the learner's file exists in this process.
    Confinement first, while this fresh fork has one thread (Landlock holds the calling thread)."""
    from grader.sandbox import confinement

    _limit(resource.RLIMIT_DATA, start["memory_mb"] * 1024 * 1024)
    _limit(resource.RLIMIT_FSIZE, start["file_mb"] * 1024 * 1024)
    os.makedirs(start["workdir"], exist_ok=True)
    os.chdir(start["workdir"])
    os.environ.update(HOME=start["workdir"], TMPDIR=start["workdir"])
    held = confinement.confine_builder(os.path.dirname(start["workdir"]), start["workdir"])
    import tensorflow as tf

    from grader.tfdata.inputs import seed_everything

    # Before the import: an unseeded shuffle then serializes the same op seeds on every run.
    seed_everything(start["seed"])
    if start["device"] == "cpu":
        tf.config.set_visible_devices([], "GPU")
    return held


def _argument(wire: dict[str, Any]) -> Any:
    from grader.tfdata import wire as codec

    if "dataset" in wire:
        return codec.rebuild(codec.decode_graph(wire["dataset"]["graph"]), codec.decode_spec(wire["dataset"]["spec"]))
    if "array" in wire:
        return codec.decode_array(wire["array"])
    if "expr" in wire:
        from grader.evaluate.expressions import evaluate

        return evaluate(wire["expr"], {})
    return wire["value"]


@dataclass
class _Fit:
    """One ``model.fit`` call: what it returned, what it was given, and what it left."""

    history: Any
    model: Any
    dataset: Any  # the tf.data dataset fit read, or None (arrays, a generator)
    numbers: dict[str, list[float]]
    weights: list[Any] | None  # the model's weights as this fit left them
    untrained: list[Any] | None  # the model's weights when its first fit began ([]: not built yet)
    changed: bool  # the model's weights changed between two of its fits, up to this one


def _fit_recorder() -> list[_Fit]:
    """Wrap ``keras.Model.fit`` to remember each call (``_Fit``). Only the call whose History the
    learner returns is graded (``of: fit`` checks read its dataset), with the numbers fit recorded, not
    what the History says by the time it is returned, and with the model that fit trained, as that fit
    left it: not ``history.model`` (``history.set_model`` swaps it), and not weights set afterwards.
    It also notes whether the model's weights changed between two of its fits (``set_weights``,
    ``train_on_batch``: learning outside ``fit``). The learner could undo the wrapper; then no fit
    was seen, and those checks fail."""
    import keras
    import numpy as np
    import tensorflow as tf

    seen: list[_Fit] = []
    original = keras.Model.fit
    first: dict[int, tuple[Any, list[Any] | None]] = {}  # id(model) -> (model, weights before its first fit)
    ended: dict[int, list[Any] | None] = {}  # id(model) -> its weights when its last fit returned
    changed: set[int] = set()

    def weights_of(model: Any) -> list[Any] | None:
        try:
            return [np.array(w, copy=True) for w in model.get_weights()]
        except Exception:  # noqa: BLE001 - the learner's model decides what this does
            return None

    def same(one: list[Any] | None, other: list[Any] | None) -> bool:
        return one is not None and other is not None and len(one) == len(other) and \
            all(a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind in 'fc') for a, b in zip(one, other))

    def fit(self: Any, x: Any = None, *args: Any, **kwargs: Any) -> Any:
        start = weights_of(self)
        first.setdefault(id(self), (self, start))
        if id(self) in ended and not same(start, ended[id(self)]):
            changed.add(id(self))
        history = original(self, x, *args, **kwargs)
        try:
            numbers = {str(k): [float(v) for v in values] for k, values in dict(history.history).items()}
        except Exception:  # noqa: BLE001 - not a History: nothing to credit
            numbers = {}
        ended[id(self)] = weights_of(self)
        seen.append(_Fit(history, self, x if isinstance(x, tf.data.Dataset) else None, numbers, ended[id(self)],
                         first[id(self)][1], id(self) in changed))
        return history

    keras.Model.fit = fit
    return seen


def _dataset(result: Any) -> dict[str, str]:
    from grader.tfdata import wire

    try:
        return wire.encode_dataset(result)
    except Exception as exc:  # noqa: BLE001 - the learner's object decides what this does
        raise BuildError("bad-return", f"the returned dataset cannot be saved as a graph for grading: "
                                       f"{type(exc).__name__}: {first_line(exc)}") from None


def _model(made: _Fit | None, fits: list[_Fit], folder: str) -> dict[str, str | None]:
    """The trained model saved in ``folder`` (or why not): the model of the fit that returned the
    History, with the weights that fit left; and the same model with the weights it had when its
    first fit began, in ``folder-untrained`` (the evaluator measures both: a model that was already
    good then learned around the pipeline, from weights copied in or layers trained elsewhere).
    When the returned fit read a dataset but another fit trained the same model on arrays, the
    model is not graded either. (When the returned fit itself read arrays, the ``of: fit`` checks
    fail, and the model is graded.)"""
    none: dict[str, str | None] = {"model": None, "untrained": None}
    if made is None:
        return {**none, "model_error": "no model.fit call here returned the History the function returned"}
    around = [fit for fit in fits if fit.model is made.model and fit.dataset is None and made.dataset is not None]
    if around:
        return {**none, "model_error": "the model was also trained by a model.fit on arrays, around the input "
                                       "pipeline: train it only with model.fit(dataset)"}
    if made.changed:
        return {**none, "model_error": "the model's weights changed between two of its model.fit calls "
                                       "(set_weights, train_on_batch): train it only with model.fit(dataset)"}
    if made.weights is None or made.untrained is None:
        return {**none, "model_error": "its weights could not be read when fit began or returned"}
    # Only a model whose every weight existed before its first fit is measured as that fit found it:
    # one built by the fit (no Input), or only partly (an adapted Normalization), knew nothing yet.
    whole = [w.shape for w in made.untrained] == [w.shape for w in made.weights]
    untrained = folder + "-untrained" if made.untrained and whole else None
    try:
        if untrained:
            try:
                made.model.set_weights(made.untrained)
                made.model.export(untrained, verbose=False)
            finally:
                made.model.set_weights(made.weights)
        made.model.export(folder, verbose=False)
    except Exception as exc:  # noqa: BLE001 - not a Keras model, or one that cannot be exported
        return {**none, "model_error": f"{type(exc).__name__}: {first_line(exc)}"}
    return {"model": folder, "untrained": untrained, "model_error": None}


def _history(result: Any, fits: list[_Fit], folder: str) -> dict[str, Any]:
    import math

    made = next((fit for fit in reversed(fits) if fit.history is result), None)
    numbers = made.numbers if made else {}  # a History no fit returned here describes no training seen
    if sum(len(v) for v in numbers.values()) > MAX_HISTORY_VALUES:
        raise BuildError("bad-return", "history.history holds too many numbers")
    finite = {k: [v if math.isfinite(v) else None for v in values] for k, values in numbers.items()}
    fed = [made.dataset] if made and made.dataset is not None else []
    return {"history": finite, "fit": [_dataset(ds) for ds in fed], **_model(made, fits, folder)}


class _Builder:
    def __init__(self, start: dict[str, Any]) -> None:
        self.path = start["submission"]
        self.entry = start["entry_point"]
        self.fits = _fit_recorder() if self.entry.get("returns") == "history" else []
        self.function = entry_point(import_submission(self.path), self.entry, self.path)
        self.models = 0

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        first = _argument(request["first"])
        args = {name: _argument(value) for name, value in request["args"].items()}
        self.fits.clear()
        result = call(self.function, self.entry["params"], self.entry.get("returns", "dataset"), self.path, first,
                      args)
        if self.entry.get("returns") == "history":
            self.models += 1
            return _history(result, self.fits, os.path.join(os.getcwd(), f"model-{self.models}"))
        return {"dataset": _dataset(result)}


def run(fd: int) -> None:
    """Serve the evaluator on socket ``fd`` until it closes it; never returns."""
    from grader.tfdata import wire  # noqa: F401 - its serializer is taken before the learner's import

    _keep_only(fd)
    os.setsid()  # its own process group: the evaluator stops all of it at once
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    try:
        start = protocol.receive(fd)
        if start is None:
            os._exit(0)
        # Said before the learner's file exists here, so the learner cannot say it instead.
        protocol.send(fd, {"confined": _setup(start)})
        try:
            builder = _Builder(start)
            protocol.send(fd, {"ready": True})
        except BuildError as exc:
            protocol.send(fd, {"error": {"kind": exc.kind, "message": exc.message}})
            os._exit(0)
        while True:
            request = protocol.receive(fd)
            if request is None:
                break
            try:
                protocol.send(fd, builder.answer(request))
            except BuildError as exc:
                protocol.send(fd, {"error": {"kind": exc.kind, "message": exc.message}})
    finally:
        os._exit(0)  # TensorFlow's teardown can hang or crash
