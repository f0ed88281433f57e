"""The evaluator's side of the builder: fork it, start it, ask it to build, stop it.

Every reply is validated (``messages``) and every graph checked (``graphs``) before anything
runs it; a reply that is neither a valid artifact nor a valid error is that submission's error.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from grader.evaluate import messages
from grader.sandbox import protocol


class SubmissionError(Exception):
    """The submission cannot be graded (or one probe of it cannot); becomes an error report."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


_DIED = ("crash", "the submission's process ended before it answered (sys.exit or os._exit in the file? "
                  "a crash in native code? a recursion too deep?)")


@dataclass
class Built:
    """What one call of the entry point built, rebuilt here from its artifacts."""

    dataset: Any = None
    graph: Any = None
    history: dict[str, list[float | None]] = field(default_factory=dict)
    fit_graph: Any = None
    fit_dataset: Any = None
    model: str | None = None
    untrained: str | None = None
    model_error: str | None = None


def fork() -> "Builder":
    """Fork the builder now: call before reading the plan and before any TensorFlow op."""
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        ours.close()
        from grader.builder.serve import run

        run(theirs.fileno())
    theirs.close()
    return Builder(ours, pid)


@dataclass(frozen=True)
class Encoded:
    """A dataset already in its wire form (``wire.encode_dataset``): a generated input a reference
    run encoded once, sent as it is. It holds no grader load (generated inputs never do)."""

    wire: dict[str, str]


def _wire_argument(value: Any, source: str | None) -> dict[str, Any]:
    import numpy as np
    import tensorflow as tf

    from grader.tfdata import wire

    if isinstance(value, Encoded):
        return {"dataset": value.wire}
    if isinstance(value, tf.data.Dataset):
        return {"dataset": wire.encode_dataset(value)}
    if isinstance(value, np.ndarray):
        return {"array": wire.encode_array(value)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"value": value}
    if source is None:
        raise TypeError(f"cannot send a {type(value).__name__} to the builder without its expression")
    return {"expr": source}  # a function: the builder evaluates the same expression


def load_problem(calls: int, elements: int) -> dict[str, Any]:
    """The error of a probe whose pipeline did not call the grader's ``load`` once per element."""
    how = "was never called" if calls == 0 else f"ran {calls} time{'s' if calls != 1 else ''}"
    return {"error": {"kind": "load", "message": (
        f"load {how} for the {elements} input elements: call it once per element, as in ds.map(load) "
        "(not on batches, not on a copy of the data, not twice)")}}


def load_tokens(first: Any, args: dict[str, Any]) -> set[str]:
    """The grader's own py-function tokens this call hands over (its loads, in arguments or in the input)."""
    import tensorflow as tf

    from grader.evaluate import graphs
    from grader.tfdata import inputs, wire

    found = {value.token for value in args.values() if isinstance(value, inputs.Load)}
    if isinstance(first, tf.data.Dataset) and inputs.loads():  # no load made here: none can be in the input
        graph = tf.compat.v1.GraphDef()
        graph.ParseFromString(wire.graph_bytes(first))
        found |= graphs.tokens(graph) & inputs.loads()
    return found


def _rebuild(sent: Any, tokens: set[str]) -> tuple[Any, Any]:
    """The dataset to read values from, and the graph as the learner built it (stages and timing read
    that one). The dataset is rebuilt in order (``order.in_order``): a stage told deterministic=False
    trades order for speed, and which thread finishes first must not decide a grade."""
    from grader.evaluate import graphs
    from grader.tfdata import wire
    from grader.tfdata.order import in_order

    try:
        graph = wire.decode_graph(sent.graph)
        spec = wire.decode_spec(sent.spec)
        graphs.check(graph, tokens)
        return wire.rebuild(in_order(graph), spec), graph
    except graphs.GraphRefused as exc:
        raise SubmissionError("bad-return", str(exc)) from None
    except wire.WireError as exc:
        raise SubmissionError("bad-return", f"the returned dataset could not be read by the grader: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - TensorFlow refusing a graph (bad op, mismatched spec)
        from grader.builder.learner import first_line

        raise SubmissionError("bad-return", "the returned dataset could not be rebuilt from its graph: "
                                            f"{type(exc).__name__}: {first_line(exc)}") from None


class Builder:
    def __init__(self, sock: socket.socket, pid: int) -> None:
        self.sock, self.pid = sock, pid
        self.returns = "dataset"
        self.stopped = False

    def _ask(self, request: dict[str, Any], expected: type) -> Any:
        if self.stopped:
            raise SubmissionError(*_DIED)
        try:
            protocol.send(self.sock.fileno(), request)
        except OSError:
            raise SubmissionError(*_DIED) from None
        return self._receive(expected)

    def _receive(self, expected: type) -> Any:
        try:
            reply = protocol.receive(self.sock.fileno())
        except OSError:
            reply = None
        if reply is None:
            raise SubmissionError(*_DIED)
        try:
            parsed = messages.parse_reply(reply, expected)
        except ValidationError as exc:
            raise SubmissionError("bad-return", "the submission's process sent something that is not a build "
                                                f"result ({exc.error_count()} problem(s)); it was not graded") from None
        if isinstance(parsed, messages.BuiltError):
            raise SubmissionError(parsed.error.kind, parsed.error.message)
        return parsed

    def begin(self, start: dict[str, Any]) -> None:
        """Send the builder its submission and entry point; it confines itself, imports the file and
        answers (see ``ready``) while the evaluator prepares inputs and expected outputs."""
        self.returns = start["entry_point"].get("returns", "dataset")
        try:
            protocol.send(self.sock.fileno(), start)
        except OSError:
            self.stopped = True

    def ready(self) -> dict[str, str]:
        """How the builder is confined (said before any learner code ran there), once it has imported
        the learner's file."""
        if self.stopped:
            raise SubmissionError(*_DIED)
        held = self._receive(messages.Confined).confined.model_dump()
        self._receive(messages.Ready)
        return held

    def build(self, first: Any, args: dict[str, Any], sources: dict[str, str]) -> Built:
        """Call the entry point in the builder on these inputs; its artifacts, validated and rebuilt."""
        request = {"first": _wire_argument(first, None),
                   "args": {name: _wire_argument(value, sources.get(name)) for name, value in args.items()}}
        tokens = load_tokens(first, args)
        if self.returns == "history":
            reply = self._ask(request, messages.BuiltHistory)
            built = Built(history=dict(reply.history), model=reply.model, untrained=reply.untrained,
                          model_error=reply.model_error)
            if reply.fit:
                built.fit_dataset, built.fit_graph = _rebuild(reply.fit[0], tokens)
            return built
        reply = self._ask(request, messages.BuiltDataset)
        dataset, graph = _rebuild(reply.dataset, tokens)
        return Built(dataset=dataset, graph=graph)

    def stop(self) -> None:
        """End the builder and everything it started (the evaluator is their subreaper)."""
        if self.stopped:
            return
        self.stopped = True
        self.sock.close()
        kill_descendants()


def _children() -> dict[int, int]:
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    stat = handle.read()
                table[int(entry)] = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    return table


def _reap_all(deadline: float) -> None:
    """After ``kill(-1)``: reap children until none is left (a killed process's own children are
    re-parented here before it can be reaped), or until ``deadline`` (one stuck in the kernel: the
    scan below and the runner's own kill take over)."""
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(0.001)
        except ChildProcessError:
            return


def kill_descendants() -> None:
    """SIGKILL every process below this one until none is left, and reap them. Where ``kill(-1)``
    reaches only this run (our own PID namespace, or Landlock-scoped signals), it goes first and is
    exact: it also catches a chain that hops faster than a scan of /proc, and one scan then checks.
    Elsewhere only scans find them, and three in a row must find none."""
    from grader.sandbox.confinement import may_kill_everything_visible

    exact = may_kill_everything_visible()
    if exact:
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        _reap_all(deadline=time.monotonic() + 2.0)
    me, quiet = os.getpid(), 0
    for _ in range(100):
        table = _children()
        found, grown = {me}, True
        while grown:
            more = {pid for pid, parent in table.items() if parent in found} - found
            found |= more
            grown = bool(more)
        found.discard(me)
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        quiet = 0 if found else quiet + 1
        if quiet >= (1 if exact else 3):  # a scan can miss a process that forks and exits in between
            return
        time.sleep(0.01)


def call_key(call: dict[str, Any]) -> str:
    return json.dumps(call, sort_keys=True)
