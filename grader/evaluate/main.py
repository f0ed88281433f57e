"""The evaluator: the process that measures. It never runs learner Python.

Run as ``python -m grader.evaluate RESULT_FD`` with the plan on stdin (cold), or forked by a
zygote with the plan on a pipe (warm). Before it reads the plan it confines itself and forks the
builder (``grader.builder``), so the builder inherits neither the plan nor any TensorFlow thread.
Then it computes every expected output and input, has the builder build the learner's datasets
on those inputs, rebuilds them from their graphs and collects each probe's data; timing runs
only after the builder and everything it started are gone. The single result message goes to
RESULT_FD; what the processes print goes to stdout/stderr, which the runner captures.
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
import resource
import secrets
import sys
from typing import Any, Callable

from grader.builder.learner import first_line
from grader.evaluate import client
from grader.evaluate.client import SubmissionError, call_key
from grader.evaluate.probes import Learner, Prepared, build_throughput, other_calls, run_probe
from grader.sandbox import confinement, protocol

PR_SET_CHILD_SUBREAPER = 36
PR_SET_DUMPABLE = 4
BUILD_FOLDER = "build"


def _limit(kind: int, value: int) -> None:
    try:
        resource.setrlimit(kind, (value, value))
    except (ValueError, OSError):
        pass  # the runner's watchdog and deadline still hold


def _setup(plan: dict[str, Any]) -> str:
    """Limits, seeds and device; returns the device name used."""
    _limit(resource.RLIMIT_DATA, plan["memory_mb"] * 1024 * 1024)
    import tensorflow as tf

    from grader.tfdata.inputs import seed_everything

    seed_everything(plan["seed"])
    gpus = tf.config.list_physical_devices("GPU")
    if plan["device"] == "gpu" and not gpus:
        raise SubmissionError("no-device", "--device gpu was asked for, but TensorFlow sees no GPU here")
    if plan["device"] == "cpu" and gpus:
        tf.config.set_visible_devices([], "GPU")
        gpus = []
    return "GPU" if gpus else "CPU"


def _prepare(plan: dict[str, Any]) -> list[Prepared]:
    """The example's call first, then one per probe; an instructor's failing expression is a spec error."""
    first = plan["entry_point"]["params"][0]
    known = plan.get("reference") or {}
    prepared = []
    for index, probe in enumerate([{"probe": "call", "call": plan["example"]}] + plan["probes"]):
        try:
            prepared.append(Prepared(probe, first, plan.get("held_out"), known.get(call_key(probe))))
        except Exception as exc:  # noqa: BLE001 - the instructor's expressions, not the learner's code
            raise SubmissionError("spec", json.dumps({"index": index - 1,
                                                      "message": f"{type(exc).__name__}: {first_line(exc)}"}))
    return prepared


def _random_states() -> tuple[Any, ...]:
    """Where the seeded sources of randomness stand: Python's, NumPy's, TensorFlow's op seeds."""
    import random

    import numpy as np
    from tensorflow.python.eager import context

    numpy_state: Any = np.random.get_state(legacy=False)  # a dict: bit generator, its state, a gauss cache
    inner = numpy_state["state"]
    ops = getattr(context.context(), "_rng", None)
    return (random.getstate(), inner["key"].tobytes(), inner["pos"], numpy_state["has_gauss"],
            numpy_state["gauss"], ops.getstate() if ops else None)


def reference(prepared: list[Prepared], before: tuple[Any, ...]) -> dict[str, Any]:
    """What every learner's run would compute the same way: the expected outputs of each outputs
    probe, and of each property probe on every input it generates for a submission that passes.
    Sent back with ``plan["reference"]`` to later gradings of a batch.

    Empty when computing it drew random numbers (``before``: the states after seeding): a grading
    that skipped that work would leave other seeds."""
    from grader.evaluate.properties import run_property

    table: dict[str, Any] = {}
    for probe in prepared:
        if probe.probe["probe"] == "outputs":
            table[call_key(probe.probe)] = probe.expected
        elif probe.probe["probe"] == "property":
            table[call_key(probe.probe)] = {}
            run_property(probe.probe, None, table[call_key(probe.probe)])
    return table if _random_states() == before else {}


def _guarded(collect: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A probe's data; an unexpected failure reading a learner's pipeline fails that probe's checks
    (never the whole report, never a pass)."""
    try:
        return collect()
    except SubmissionError:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a graph crafted to upset the grader's readers
        return {"error": {"kind": "crash", "message": "the grader could not read the returned pipeline: "
                                                      f"{type(exc).__name__}: {first_line(exc)}"}}


def _probes(prepared: list[Prepared], learner: Learner, builder: client.Builder) -> list[dict[str, Any]]:
    """Each probe's data; identical probes (one training run, many checks) run once. Timing last,
    once the builder and all it started are gone."""
    done: dict[str, dict[str, Any]] = {}
    timings: dict[str, Callable[[], dict[str, Any]]] = {}
    # Stage probes go last: their checks hold on every pipeline this grading's calls returned.
    ordered = sorted(prepared, key=lambda p: p.probe["probe"] == "stages")
    for probe in ordered:
        key = call_key(probe.probe)
        if key in done or key in timings:
            continue
        if probe.probe["probe"] == "throughput":
            try:
                timings[key] = build_throughput(probe, learner)
            except SubmissionError as exc:
                done[key] = {"error": {"kind": exc.kind, "message": exc.message}}
        else:
            done[key] = _guarded(functools.partial(run_probe, probe, learner))
    for probe in prepared:  # a training's stage checks: every fit of the grading (see probes.other_calls)
        data = done.get(call_key(probe.probe), {})
        trained = learner.trained(probe.call) if probe.probe["probe"] == "training" else None
        if trained is not None and "stages" in data and "other_calls" not in data:
            try:
                data["other_calls"] = other_calls(learner, trained.fit_graph, data)
            except Exception as exc:  # noqa: BLE001 - a fit graph the stage reader cannot read: no pass
                data["absent"] = ("the datasets given to the other fits could not be read: "
                                  f"{type(exc).__name__}: {first_line(exc)}")
    builder.stop()
    for key, timed in timings.items():
        done[key] = _guarded(timed)
    return [done[call_key(p.probe)] for p in prepared]


_STRONG = {"network": "off", "filesystem": "work folder only", "user": "unprivileged"}


def _weakest(ours: dict[str, str], theirs: dict[str, str]) -> dict[str, str]:
    """What holds for both processes: a fact is as strong as its weaker side."""
    return {key: value if theirs.get(key) == value or value != _STRONG[key] else theirs.get(key, value)
            for key, value in ours.items()}


def grade(plan: dict[str, Any], builder: client.Builder, confined: dict[str, str]) -> dict[str, Any]:
    """Run the plan; the returned message is the only thing the runner reads."""
    device = "CPU"
    facts = {key: confined[key] for key in _STRONG if key in confined}
    try:
        device = _setup(plan)
        seeded = _random_states() if plan.get("reference_run") else ()
        workdir = os.path.join(os.getcwd(), BUILD_FOLDER)
        if not plan.get("reference_run"):  # the builder imports the learner's file meanwhile
            builder.begin({"submission": plan["submission"], "entry_point": plan["entry_point"],
                           "seed": plan["seed"], "device": plan["device"], "memory_mb": plan["memory_mb"],
                           "file_mb": plan.get("file_mb", 256), "workdir": workdir})
        try:
            example, *prepared = _prepare(plan)
        except SubmissionError as exc:
            return {"status": "spec-error", "device": device, "error": {"kind": "spec", **json.loads(exc.message)}}
        if plan.get("reference_run"):  # no learner code: what every grading of the batch would compute
            builder.stop()
            return {"status": "ok", "device": device, "reference": reference(prepared, seeded)}
        facts = _weakest(facts, builder.ready())
        learner = Learner(builder, workdir)
        learner.call(example.call, example.inputs)
        return {"status": "ok", "device": device, **facts, "probes": _probes(prepared, learner, builder)}
    except SubmissionError as exc:
        status = "no-device" if exc.kind == "no-device" else "error"
        return {"status": status, "device": device, **facts, "error": {"kind": exc.kind, "message": exc.message}}
    finally:
        builder.stop()


def confine() -> dict[str, str]:
    """Confine this process (call it while it has one thread: Landlock holds the calling thread and
    what it starts later); the builder's orphans are re-parented here."""
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    os.makedirs(BUILD_FOLDER, exist_ok=True)
    return confinement.confine_evaluator(os.getcwd())


def serve(read_plan: Callable[[], dict[str, Any]], result_fd: int, confined: dict[str, str] | None = None) -> None:
    """Confine this process (unless done), fork the builder, then read the plan, grade it, send the
    one result message, and leave at once."""
    confined = confine() if confined is None else confined
    builder = client.fork()
    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # the builder may not open our memory
    plan = read_plan()
    token = plan.pop("token", None)
    message = grade(plan, builder, confined)
    try:
        json.dumps(message, allow_nan=True)
    except (TypeError, ValueError) as exc:  # a value of a kind the grader cannot encode: the grader's gap
        message = {"status": "error", "device": message.get("device", "CPU"),
                   "error": {"kind": "bad-return", "message": "the grader could not record what the pipeline "
                                                              f"yielded ({first_line(exc)}); please report this"}}
    protocol.send(result_fd, {**message, "token": token})
    os.close(result_fd)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip interpreter teardown: TensorFlow's can hang or crash


def _hide(fd: int) -> int:
    """Move the result pipe to a random high descriptor and forget where it came from."""
    target = secrets.randbelow(700) + 300
    os.dup2(fd, target, inheritable=False)
    os.close(fd)
    del sys.argv[1:]
    return target


def read_all(fd: int) -> dict[str, Any]:
    """The plan, read to the end of ``fd`` (a pipe from the runner), then closed."""
    with os.fdopen(fd, "rb") as handle:
        return json.loads(handle.read())


def main() -> None:
    confined = confine()  # before TensorFlow and NumPy start their threads
    import tensorflow  # noqa: F401 - imported before the builder is forked, which then needs no import

    result_fd = _hide(int(sys.argv[1]))
    plan_fd = os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.set_inheritable(plan_fd, False)
    serve(lambda: read_all(plan_fd), result_fd, confined)
