"""The child side: build inputs and expected values, import the learner's file, run probes.

Run as ``python -m grader.sandbox.child RESULT_FD`` with the plan as JSON on stdin.
Everything the grader needs from TensorFlow (expected outputs, input datasets) is
computed *before* the learner's file is imported, so the submission cannot change it.
The single result message goes to RESULT_FD; the learner's prints go to stdout/stderr,
which the parent captures and never forwards.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import resource
import sys
import traceback
from typing import Any, Callable

from grader.sandbox import protocol


class SubmissionError(Exception):
    """The submission cannot be graded at all; becomes ``status: "error"``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _first_line(text: str, limit: int = 300) -> str:
    line = next((part.strip() for part in str(text).splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 3] + "..."


def learner_trace(exc: BaseException, path: str) -> str:
    """The exception in one line, with only the learner's own frames before it."""
    name = os.path.basename(path)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    where = [f"{name}, line {f.lineno}, in {f.name}: {(f.line or '').strip()}" for f in frames[-3:]]
    summary = f"{type(exc).__name__}: {_first_line(exc)}" if str(exc) else type(exc).__name__
    return "\n".join(where + [summary])


def _evaluate(source: str, names: dict[str, Any]) -> Any:
    import numpy as np
    import tensorflow as tf

    from grader.tfdata import inputs

    scope = {"tf": tf, "np": np, **{name: getattr(inputs, name) for name in inputs.__all__}, **names}
    return eval(compile(source, "<exercise spec>", "eval"), scope)  # noqa: S307


def _build_call(call: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    ds = _evaluate(call["input"], {})
    args = {name: _evaluate(value, {}) if isinstance(value, str) else value
            for name, value in call.get("args", {}).items()}
    return ds, args


def _arguments(params: list[str], ds: Any, args: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Positional arguments in the entry point's order while none is skipped; keywords after.

    Positional, so a learner who renames a parameter is still called right."""
    positional = [ds]
    for name in params[1:]:
        if name not in args:
            break
        positional.append(args[name])
    keywords = {name: args[name] for name in params[len(positional):] if name in args}
    return positional, keywords


class Prepared:
    """One probe's inputs and expected data, built before the learner's code exists."""

    def __init__(self, probe: dict[str, Any], first: str) -> None:
        import tensorflow as tf

        from grader.tfdata.stages import stage_chain
        from grader.tfdata.values import materialize

        self.probe = probe
        self.call = probe["call"]
        self.expected = None
        self.view = None
        self.input_chain: list[dict[str, Any]] = []
        if probe["probe"] == "outputs":
            ds, args = _build_call(self.call)
            names = {"ds": ds, first: ds, **args}  # the first argument by its own name too (e.g. rows)
            self.expected = materialize(_evaluate(probe["expected"], names), probe["max_elements"])
            self.view = _evaluate(f"lambda out: {probe.get('view') or 'out'}", {})
        elif probe["probe"] == "stages":
            first = _build_call(self.call)[0]
            self.input_chain = stage_chain(first) if isinstance(first, tf.data.Dataset) else []
        self.inputs = _build_call(self.call)


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


def _call(function: Callable[..., Any], params: list[str], inputs: tuple[Any, dict[str, Any]],
          path: str) -> Any:
    """Call the entry point; returns the dataset or raises SubmissionError describing why not."""
    import tensorflow as tf

    positional, keywords = _arguments(params, *inputs)
    try:
        result = function(*positional, **keywords)
    except MemoryError:
        raise SubmissionError("memory", "ran out of memory in the entry point") from None
    except BaseException as exc:  # noqa: BLE001
        raise SubmissionError("crash", f"{function.__name__} raised an exception:\n"
                              + learner_trace(exc, path)) from None
    if not isinstance(result, tf.data.Dataset):
        got = "None (did you forget `return`?)" if result is None else f"a {type(result).__name__}"
        raise SubmissionError("bad-return", f"{function.__name__} returned {got}; expected a tf.data.Dataset")
    return result


def _run_probe(prepared: Prepared, function: Callable[..., Any], params: list[str], path: str) -> dict[str, Any]:
    from grader.tfdata.stages import stage_chain
    from grader.tfdata.values import materialize, plain_spec

    try:
        ds = _call(function, params, prepared.inputs, path)
        if prepared.probe["probe"] == "outputs":
            limit = min(len(prepared.expected["elements"]), prepared.probe["max_elements"]) + 1
            try:
                viewed = prepared.view(ds)
            except Exception as exc:  # noqa: BLE001 - the learner's elements do not fit the check's view
                return {"error": {"kind": "view", "spec": plain_spec(ds.element_spec),
                                  "message": f"{type(exc).__name__}: {_first_line(exc)}"}}
            try:
                got = materialize(viewed, limit)
            except BaseException as exc:  # noqa: BLE001
                raise SubmissionError("crash", "reading the returned dataset failed:\n"
                                      + learner_trace(exc, path)) from None
            return {"expected": prepared.expected, "got": got}
        chain = stage_chain(ds)
        prefix = len(prepared.input_chain)
        own = chain[prefix:] if chain[:prefix] == prepared.input_chain else chain
        return {"stages": own, "input_stages": prepared.input_chain}
    except SubmissionError as exc:
        return {"error": {"kind": exc.kind, "message": exc.message}}


def _setup(plan: dict[str, Any]) -> str:
    """Limits, seeds and device; returns the device name used."""
    limit = plan["memory_mb"] * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ValueError, OSError):
        pass  # the parent records what isolation it could apply
    import tensorflow as tf

    tf.keras.utils.set_random_seed(plan["seed"])
    gpus = tf.config.list_physical_devices("GPU")
    if plan["device"] == "gpu" and not gpus:
        raise SubmissionError("no-device", "--device gpu was asked for, but TensorFlow sees no GPU here")
    if plan["device"] == "cpu" and gpus:
        tf.config.set_visible_devices([], "GPU")
        gpus = []
    return "GPU" if gpus else "CPU"


def grade(plan: dict[str, Any]) -> dict[str, Any]:
    """Run the plan; the returned message is the only thing the parent reads."""
    device = "CPU"
    path = plan["submission"]
    try:
        device = _setup(plan)
        first = plan["entry_point"]["params"][0]
        prepared = []
        for index, probe in enumerate([{"probe": "call", "call": plan["example"]}] + plan["probes"]):
            try:
                prepared.append(Prepared(probe, first))
            except Exception as exc:  # noqa: BLE001 - the instructor's expressions, not the learner's code
                return {"status": "spec-error", "device": device, "error": {
                    "kind": "spec", "index": index - 1, "message": f"{type(exc).__name__}: {_first_line(exc)}"}}
        example, prepared = prepared[0], prepared[1:]
        module = _import_submission(path)
        function = _entry_point(module, plan["entry_point"], path)
        _call(function, plan["entry_point"]["params"], example.inputs, path)
        results = [_run_probe(p, function, plan["entry_point"]["params"], path) for p in prepared]
        return {"status": "ok", "device": device, "probes": results}
    except SubmissionError as exc:
        status = "no-device" if exc.kind == "no-device" else "error"
        return {"status": status, "device": device, "error": {"kind": exc.kind, "message": exc.message}}


def main() -> None:
    result_fd = int(sys.argv[1])
    plan = json.loads(sys.stdin.read())
    sys.stdin = open(os.devnull)  # noqa: SIM115
    message = grade(plan)
    protocol.send(result_fd, message)
    os.close(result_fd)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip interpreter teardown: TensorFlow's can hang or crash


if __name__ == "__main__":
    main()
