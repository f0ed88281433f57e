"""The child side: prepare every probe, import the learner's file, call it, run the probes.

Run as ``python -m grader.sandbox.child RESULT_FD`` with the plan as JSON on stdin.
Everything the grader needs from TensorFlow (expected outputs, input datasets) is
computed *before* the learner's file is imported (see ``probes.Prepared``). The single
result message goes to RESULT_FD; the learner's prints go to stdout/stderr, which the
parent captures and never forwards.
"""

from __future__ import annotations

import ctypes
import importlib.util
import inspect
import json
import os
import resource
import secrets
import sys
from typing import Any, Callable

from grader.sandbox import guard, nosockets, protocol
from grader.sandbox.probes import Prepared, SubmissionError, first_line, learner_trace, record_fit_datasets, run_probe


def _arguments(params: list[str], first: Any, args: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Positional arguments in the entry point's order while none is skipped; keywords after.

    Positional, so a learner who renames a parameter is still called right."""
    positional = [first]
    for name in params[1:]:
        if name not in args:
            break
        positional.append(args[name])
    keywords = {name: args[name] for name in params[len(positional):] if name in args}
    return positional, keywords


def _import_submission(path: str) -> Any:
    spec = importlib.util.spec_from_file_location("submission", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["submission"] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        text = (exc.text or "").strip()
        raise SubmissionError("syntax", f"{os.path.basename(path)}, line {exc.lineno}: {exc.msg}"
                              + (f": {text}" if text else "")) from None
    except MemoryError:
        raise SubmissionError("memory", "ran out of memory while the file was imported") from None
    except BaseException as exc:  # noqa: BLE001 - anything the learner's import raises is graded
        raise SubmissionError("import", "importing the file failed:\n" + learner_trace(exc, path)) from None
    return module


def _entry_point(module: Any, entry: dict[str, Any], path: str) -> Callable[..., Any]:
    name, params = entry["name"], entry["params"]
    function = getattr(module, name, None)
    if not callable(function):
        raise SubmissionError("missing-entry-point", f"{os.path.basename(path)} defines no function {name}; "
                              f"define {entry['signature']}")
    try:
        inspect.signature(function).bind(*params)
    except TypeError as exc:
        raise SubmissionError("missing-entry-point", f"{name} cannot be called as {name}({', '.join(params)}): "
                              f"{exc}; define {entry['signature']}") from None
    except ValueError:
        pass  # builtins without a signature: let the call decide
    return function


class Learner:
    """The learner's entry point, called the way the exercise says, with failures made plain."""

    def __init__(self, function: Callable[..., Any], entry: dict[str, Any], path: str) -> None:
        self.function, self.params, self.path = function, entry["params"], path
        self.returns = entry.get("returns", "dataset")
        self._trained: dict[str, Any] = {}

    def call(self, call: dict[str, Any], inputs: tuple[Any, dict[str, Any]]) -> Any:
        """The entry point's result for ``call``; a training run happens once per distinct call."""
        if self.returns != "history":
            return self._call(inputs)
        key = json.dumps(call, sort_keys=True)
        if key not in self._trained:
            self._trained[key] = self._call(inputs)
        return self._trained[key]

    def _call(self, inputs: tuple[Any, dict[str, Any]]) -> Any:
        import tensorflow as tf

        name = self.function.__name__
        positional, keywords = _arguments(self.params, *inputs)
        try:
            result = self.function(*positional, **keywords)
        except MemoryError:
            raise SubmissionError("memory", "ran out of memory in the entry point") from None
        except BaseException as exc:  # noqa: BLE001
            raise SubmissionError("crash", f"{name} raised an exception:\n" + learner_trace(exc, self.path)) from None
        got = "None (did you forget `return`?)" if result is None else f"a {type(result).__name__}"
        if self.returns == "dataset" and not isinstance(result, tf.data.Dataset):
            raise SubmissionError("bad-return", f"{name} returned {got}; expected a tf.data.Dataset")
        if self.returns == "history" and not (hasattr(result, "history") and hasattr(result, "model")):
            raise SubmissionError("bad-return", f"{name} returned {got}; expected the History model.fit returns")
        return result


def _limit(kind: int, value: int) -> None:
    try:
        resource.setrlimit(kind, (value, value))
    except (ValueError, OSError):
        pass  # the parent's watchdog and deadline still hold


def _private_shm(size_mb: int) -> None:
    """In our own mount namespace (the namespace tier), /dev/shm becomes a small private tmpfs."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount(b"tmpfs", b"/dev/shm", b"tmpfs", 0, f"size={size_mb}m".encode())


def _drop_privileges(uid: int) -> None:
    """Run the learner's code as an unprivileged user (when the grader runs as root)."""
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def _setup(plan: dict[str, Any]) -> str:
    """Limits, seeds and device; returns the device name used."""
    _limit(resource.RLIMIT_DATA, plan["memory_mb"] * 1024 * 1024)
    _limit(resource.RLIMIT_FSIZE, plan.get("file_mb", 256) * 1024 * 1024)
    if plan.get("tier") == "namespaces" and os.getpid() == 1:
        _private_shm(64)
    import tensorflow as tf

    tf.keras.utils.set_random_seed(plan["seed"])
    gpus = tf.config.list_physical_devices("GPU")
    if plan["device"] == "gpu" and not gpus:
        raise SubmissionError("no-device", "--device gpu was asked for, but TensorFlow sees no GPU here")
    if plan["device"] == "cpu" and gpus:
        tf.config.set_visible_devices([], "GPU")
        gpus = []
    return "GPU" if gpus else "CPU"


def _key(probe: dict[str, Any]) -> str:
    return json.dumps(probe, sort_keys=True)


def _prepare(plan: dict[str, Any]) -> list[Prepared]:
    """The example's call first, then one per probe; an instructor's failing expression is a spec error."""
    first = plan["entry_point"]["params"][0]
    known = plan.get("reference") or {}
    prepared = []
    for index, probe in enumerate([{"probe": "call", "call": plan["example"]}] + plan["probes"]):
        try:
            prepared.append(Prepared(probe, first, plan.get("held_out"), known.get(_key(probe))))
        except Exception as exc:  # noqa: BLE001 - the instructor's expressions, not the learner's code
            raise SubmissionError("spec", json.dumps({"index": index - 1,
                                                      "message": f"{type(exc).__name__}: {first_line(exc)}"}))
    return prepared


def _random_states() -> tuple[Any, ...]:
    """Where the seeded sources of randomness stand: Python's, NumPy's, TensorFlow's op seeds."""
    import random

    import numpy as np
    from tensorflow.python.eager import context

    numpy_state = np.random.get_state()
    ops = getattr(context.context(), "_rng", None)
    return random.getstate(), numpy_state[1].tobytes(), numpy_state[2], ops.getstate() if ops else None


def reference(prepared: list[Prepared], before: tuple[Any, ...]) -> dict[str, Any]:
    """What every learner's run would compute the same way, before any learner code: the expected
    outputs of each outputs probe, and of each property probe on every input it generates for a
    submission that passes. Sent back with ``plan["reference"]`` to later children of a batch.

    Empty when computing it drew random numbers (``before``: the states after seeding): a child
    that skipped that work would leave the learner's unseeded shuffle, say, other seeds."""
    from grader.sandbox.properties import run_property

    table: dict[str, Any] = {}
    for probe in prepared:
        if probe.probe["probe"] == "outputs":
            table[_key(probe.probe)] = probe.expected
        elif probe.probe["probe"] == "property":
            table[_key(probe.probe)] = {}
            run_property(probe.probe, None, table[_key(probe.probe)])
    return table if _random_states() == before else {}


def grade(plan: dict[str, Any]) -> dict[str, Any]:
    """Run the plan; the returned message is the only thing the parent reads."""
    device = "CPU"
    path = plan["submission"]
    network = "off" if plan.get("tier") == "namespaces" else "not isolated"
    try:
        device = _setup(plan)
        seeded = _random_states() if plan.get("reference_run") else ()
        try:
            example, *prepared = _prepare(plan)
        except SubmissionError as exc:
            return {"status": "spec-error", "device": device, "error": {"kind": "spec", **json.loads(exc.message)}}
        if plan.get("reference_run"):  # no learner code: what every child of the batch would compute
            return {"status": "ok", "device": device, "reference": reference(prepared, seeded)}
        trains = plan["entry_point"].get("returns") == "history"
        fit_calls = record_fit_datasets() if trains else []
        guarded = guard.snapshot()
        if nosockets.install():  # from here on, the learner's code runs
            network = "off"
        if plan.get("drop_to") is not None:
            _drop_privileges(plan["drop_to"])
        module = _import_submission(path)
        learner = Learner(_entry_point(module, plan["entry_point"], path), plan["entry_point"], path)
        learner.call(example.call, example.inputs)
        done: dict[str, dict[str, Any]] = {}  # identical probes (one training run, many checks) run once
        for probe in prepared:
            key = _key(probe.probe)
            if key not in done:
                done[key] = run_probe(probe, learner, fit_calls)
        changed = guard.replaced(guarded)
        if changed:
            raise SubmissionError("tampering", f"the submission replaced {', '.join(changed)}, which the grader "
                                               "relies on; such a submission is not graded")
        return {"status": "ok", "device": device, "network": network,
                "probes": [done[_key(p.probe)] for p in prepared]}
    except SubmissionError as exc:
        status = "no-device" if exc.kind == "no-device" else "error"
        return {"status": status, "device": device, "network": network,
                "error": {"kind": exc.kind, "message": exc.message}}


def _hide(fd: int) -> int:
    """Move the result pipe to a random high descriptor and forget where it came from."""
    target = secrets.randbelow(700) + 300
    os.dup2(fd, target, inheritable=False)
    os.close(fd)
    del sys.argv[1:]
    return target


def serve(plan: dict[str, Any], result_fd: int) -> None:
    """Grade ``plan``, send the one result message, and leave at once."""
    token = plan.pop("token", None)
    message = grade(plan)
    protocol.send(result_fd, {**message, "token": token})
    os.close(result_fd)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip interpreter teardown: TensorFlow's can hang or crash


def main() -> None:
    result_fd = _hide(int(sys.argv[1]))
    plan = json.loads(sys.stdin.read())
    sys.stdin = open(os.devnull)  # noqa: SIM115
    serve(plan, result_fd)


if __name__ == "__main__":
    main()
